package io.warren.amqp.content;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warren.amqp.AmqpConstants;
import io.warren.amqp.AmqpDecodingException;
import io.warren.amqp.ReplyCode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A content header: the class, the body size, and the properties both decoded and exactly as the
 * publisher encoded them.
 *
 * <p>Keeping the original bytes means a delivery re-sends the publisher's header without encoding it
 * again, byte for byte. They are copied out of the read buffer (they are small) rather than sliced,
 * so a message held in a queue does not pin the whole network buffer it arrived in.
 */
public final class ContentHeader {
    /** Class id, weight and body size: what precedes the property flags. */
    public static final int FIXED_SIZE = 12;

    private final int classId;
    private final long bodySize;
    private final BasicProperties properties;
    private final byte[] encodedProperties;

    private ContentHeader(int classId, long bodySize, BasicProperties properties, byte[] encodedProperties) {
        this.classId = classId;
        this.bodySize = bodySize;
        this.properties = properties;
        this.encodedProperties = encodedProperties;
    }

    /** A header for content the broker itself creates. */
    public static ContentHeader of(BasicProperties properties, long bodySize) {
        ByteBuf scratch = Unpooled.buffer(64);
        BasicPropertiesCodec.encode(properties, scratch);
        byte[] encoded = new byte[scratch.readableBytes()];
        scratch.readBytes(encoded);
        return new ContentHeader(AmqpConstants.CLASS_BASIC, bodySize, properties, encoded);
    }

    /** Reads a content header frame's payload (everything between the frame header and frame end). */
    public static ContentHeader decode(ByteBuf payload) {
        int classId = payload.readUnsignedShort();
        int weight = payload.readUnsignedShort();
        long bodySize = payload.readLong();
        if (classId != AmqpConstants.CLASS_BASIC) {
            throw new AmqpDecodingException(ReplyCode.UNEXPECTED_FRAME,
                    "content header for class " + classId + ", but only class basic (60) carries content");
        }
        if (weight != 0) {
            throw new AmqpDecodingException(ReplyCode.SYNTAX_ERROR, "content header weight must be 0, got " + weight);
        }
        if (bodySize < 0) {
            throw new AmqpDecodingException(ReplyCode.SYNTAX_ERROR, "content body size out of range: " + bodySize);
        }
        int start = payload.readerIndex();
        BasicProperties properties = BasicPropertiesCodec.decode(payload);
        if (payload.isReadable()) {
            throw new AmqpDecodingException(ReplyCode.SYNTAX_ERROR,
                    "content header has " + payload.readableBytes() + " bytes after its properties");
        }
        byte[] encoded = new byte[payload.readerIndex() - start];
        payload.getBytes(start, encoded);
        return new ContentHeader(classId, bodySize, properties, encoded);
    }

    /** Writes the frame payload: class, weight, body size and the original property bytes. */
    public void writePayload(ByteBuf out) {
        out.writeShort(classId).writeShort(0).writeLong(bodySize).writeBytes(encodedProperties);
    }

    public int payloadSize() {
        return FIXED_SIZE + encodedProperties.length;
    }

    public int classId() {
        return classId;
    }

    public long bodySize() {
        return bodySize;
    }

    public BasicProperties properties() {
        return properties;
    }

    /** The property flags and values as they travel on the wire (a copy). */
    public byte[] encodedProperties() {
        return encodedProperties.clone();
    }

    /**
     * The same header without the message header {@code name} (RabbitMQ strips {@code BCC} before
     * delivery). Every other property byte is kept exactly as the publisher sent it.
     */
    public ContentHeader withoutHeader(String name) {
        Map<String, Object> headers = properties.headers();
        if (headers == null || !headers.containsKey(name)) {
            return this;
        }
        Map<String, Object> remaining = new LinkedHashMap<>(headers);
        remaining.remove(name);
        BasicProperties stripped = properties.toBuilder().headers(Collections.unmodifiableMap(remaining)).build();
        return new ContentHeader(classId, bodySize, stripped, BasicPropertiesCodec.removeHeader(encodedProperties, name));
    }

    /** The same header with {@code reply-to} set to {@code replyTo}; every other byte kept as sent. */
    public ContentHeader withReplyTo(String replyTo) {
        BasicProperties changed = properties.toBuilder().replyTo(replyTo).build();
        return new ContentHeader(classId, bodySize, changed,
                BasicPropertiesCodec.replaceReplyTo(encodedProperties, replyTo));
    }

    /** Same properties for a body of another size (e.g. after a broker rewrote the body). */
    public ContentHeader withBodySize(long newBodySize) {
        return new ContentHeader(classId, newBodySize, properties, encodedProperties);
    }

    @Override
    public String toString() {
        return "ContentHeader[bodySize=" + bodySize + ", " + properties + "]";
    }
}
