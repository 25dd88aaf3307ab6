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

    public static void writeHeartbeat(ByteBuf out) {
        out.writeByte(AmqpConstants.FRAME_HEARTBEAT).writeShort(0).writeInt(0).writeByte(AmqpConstants.FRAME_END);
    }

    /** The largest body payload a frame may carry under {@code frameMax} (0 = unlimited). */
    public static int maxBodyPayload(int frameMax) {
        return frameMax == 0 ? Integer.MAX_VALUE - AmqpConstants.FRAME_OVERHEAD
                : frameMax - AmqpConstants.FRAME_OVERHEAD;
    }
}
