package io.warren.broker.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warren.amqp.content.ContentHeader;
import io.warren.amqp.field.AmqpTypes;
import java.nio.ByteBuffer;

/**
 * A message as the message store keeps it: exchange and routing key (two short strings, as they
 * travel in {@code basic.deliver}), the content header payload exactly as published, then the body.
 *
 * <pre>
 * exchange:shortstr routing-key:shortstr header-size:int header-payload body
 * </pre>
 */
public final class StoredMessages {
    private StoredMessages() {
    }

    /** The parts to append: views of the message's bytes, nothing copied but the small header. */
    public static ByteBuffer[] encode(Message message) {
        byte[] address = message.encodedAddress();
        ContentHeader header = message.header();
        ByteBuf head = Unpooled.buffer(address.length + 4 + header.payloadSize());
        head.writeBytes(address).writeInt(header.payloadSize());
        header.writePayload(head);
        ByteBuf body = message.body();
        ByteBuffer[] bodyParts = body.nioBuffers(body.readerIndex(), body.readableBytes());
        ByteBuffer[] parts = new ByteBuffer[bodyParts.length + 1];
        parts[0] = head.nioBuffer();
        System.arraycopy(bodyParts, 0, parts, 1, bodyParts.length);
        return parts;
    }

    /**
     * A message read back from the store, its body a view of {@code stored} (which the caller hands
     * over).
     *
     * @throws IllegalArgumentException when the bytes are not a stored message
     */
    public static Message decode(ByteBuffer stored) {
        ByteBuf in = Unpooled.wrappedBuffer(stored);
        try {
            String exchange = AmqpTypes.readShortString(in);
            String routingKey = AmqpTypes.readShortString(in);
            int headerSize = in.readInt();
            ContentHeader header = ContentHeader.decode(in.readSlice(headerSize));
            ByteBuf body = in.readRetainedSlice(in.readableBytes());
            if (body.readableBytes() != header.bodySize()) {
                body.release();
                throw new IllegalArgumentException("stored body has " + body.readableBytes()
                        + " bytes, its header says " + header.bodySize());
            }
            return new Message(exchange, routingKey, header, body);
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new IllegalArgumentException("not a stored message: " + e.getMessage(), e);
        } finally {
            in.release();
        }
    }
}
