package io.warren.amqp.frame;

import io.netty.buffer.ByteBuf;
import io.warren.amqp.AmqpConstants;
import io.warren.amqp.content.ContentHeader;
import io.warren.amqp.method.Method;

/**
 * Writes whole frames into a buffer. {@link FrameEncoder} is built on it, and so can be a writer
 * that packs many frames into one buffer before a flush.
 */
public final class FrameWriter {
    private FrameWriter() {
    }

    public static void writeMethodFrame(ByteBuf out, int channel, Method method) {
        int start = out.writerIndex();
        out.writeByte(AmqpConstants.FRAME_METHOD).writeShort(channel).writeInt(0);
        out.writeShort(method.classId()).writeShort(method.methodId());
        method.writeArguments(out);
        out.setInt(start + 3, out.writerIndex() - start - AmqpConstants.FRAME_HEADER_SIZE);
        out.writeByte(AmqpConstants.FRAME_END);
    }

    public static void writeContentHeaderFrame(ByteBuf out, int channel, ContentHeader header) {
        out.writeByte(AmqpConstants.FRAME_HEADER).writeShort(channel).writeInt(header.payloadSize());
        header.writePayload(out);
        out.writeByte(AmqpConstants.FRAME_END);
    }

    /** Writes the 7-byte header of a body frame; the payload and {@link #writeFrameEnd} follow. */
    public static void writeBodyFrameHeader(ByteBuf out, int channel, int payloadSize) {
        out.writeByte(AmqpConstants.FRAME_BODY).writeShort(channel).writeInt(payloadSize);
    }

    public static void writeFrameEnd(ByteBuf out) {
        out.writeByte(AmqpConstants.FRAME_END);
    }

    /**
     * Writes a {@code basic.deliver} method frame from parts encoded beforehand: the consumer tag,
     * and the exchange with the routing key, as short strings in wire form. Byte for byte what
     * {@link #writeMethodFrame} writes for the equivalent {@link io.warren.amqp.method.BasicDeliver},
     * without encoding a string per delivery.
     */
    public static void writeDeliverFrame(ByteBuf out, int channel, byte[] encodedConsumerTag, long deliveryTag,
                                         boolean redelivered, byte[] encodedExchangeAndRoutingKey) {
        int size = 4 + encodedConsumerTag.length + 9 + encodedExchangeAndRoutingKey.length;
        out.writeByte(AmqpConstants.FRAME_METHOD).writeShort(channel).writeInt(size)
                .writeShort(io.warren.amqp.method.BasicDeliver.CLASS_ID)
                .writeShort(io.warren.amqp.method.BasicDeliver.METHOD_ID)
                .writeBytes(encodedConsumerTag).writeLong(deliveryTag).writeByte(redelivered ? 1 : 0)
                .writeBytes(encodedExchangeAndRoutingKey)
                .writeByte(AmqpConstants.FRAME_END);
    }

    /** The bytes {@link #writeDeliverFrame} writes for these parts. */
    public static int deliverFrameSize(byte[] encodedConsumerTag, byte[] encodedExchangeAndRoutingKey) {
        return AmqpConstants.FRAME_OVERHEAD + 4 + encodedConsumerTag.length + 9 + encodedExchangeAndRoutingKey.length;
    }

    public static void writeHeartbeat(ByteBuf out) {
        out.writeByte(AmqpConstants.FRAME_HEARTBEAT).writeShort(0).writeInt(0).writeByte(AmqpConstants.FRAME_END);
    }

    /** The largest body payload a frame may carry under {@code frameMax} (0 = unlimited). */
    public static int maxBodyPayload(int frameMax) {
        return frameMax == 0 ? Integer.MAX_VALUE - AmqpConstants.FRAME_OVERHEAD
                : frameMax - AmqpConstants.FRAME_OVERHEAD;
    }
}
