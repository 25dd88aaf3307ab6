package io.warren.amqp.content;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warren.amqp.AmqpDecodingException;
import io.warren.amqp.ReplyCode;
import io.warren.amqp.field.AmqpTypes;
import java.time.Instant;
import java.util.Map;

/**
 * The wire form of {@link BasicProperties}: a 16-bit flag word saying which properties are present
 * (bit 15 = content-type down to bit 2 = cluster-id; bit 0 = another flag word follows), then the
 * present properties in order.
 */
public final class BasicPropertiesCodec {
    private static final int CONTENT_TYPE = 1 << 15;
    private static final int CONTENT_ENCODING = 1 << 14;
    private static final int HEADERS = 1 << 13;
    private static final int DELIVERY_MODE = 1 << 12;
    private static final int PRIORITY = 1 << 11;
    private static final int CORRELATION_ID = 1 << 10;
    private static final int REPLY_TO = 1 << 9;
    private static final int EXPIRATION = 1 << 8;
    private static final int MESSAGE_ID = 1 << 7;
    private static final int TIMESTAMP = 1 << 6;
    private static final int TYPE = 1 << 5;
    private static final int USER_ID = 1 << 4;
    private static final int APP_ID = 1 << 3;
    private static final int CLUSTER_ID = 1 << 2;
    private static final int CONTINUATION = 1;

    private BasicPropertiesCodec() {
    }

    public static BasicProperties decode(ByteBuf in) {
        int flags = in.readUnsignedShort();
        if ((flags & CONTINUATION) != 0) {
            skipContinuationFlags(in);
        }
        if ((flags & ~CONTINUATION) == 0) {
            return BasicProperties.EMPTY;
        }
        String contentType = (flags & CONTENT_TYPE) != 0 ? AmqpTypes.readShortString(in) : null;
        String contentEncoding = (flags & CONTENT_ENCODING) != 0 ? AmqpTypes.readShortString(in) : null;
        Map<String, Object> headers = (flags & HEADERS) != 0 ? AmqpTypes.readTable(in) : null;
        Integer deliveryMode = (flags & DELIVERY_MODE) != 0 ? (int) in.readUnsignedByte() : null;
        Integer priority = (flags & PRIORITY) != 0 ? (int) in.readUnsignedByte() : null;
        String correlationId = (flags & CORRELATION_ID) != 0 ? AmqpTypes.readShortString(in) : null;
        String replyTo = (flags & REPLY_TO) != 0 ? AmqpTypes.readShortString(in) : null;
        String expiration = (flags & EXPIRATION) != 0 ? AmqpTypes.readShortString(in) : null;
        String messageId = (flags & MESSAGE_ID) != 0 ? AmqpTypes.readShortString(in) : null;
        Instant timestamp = (flags & TIMESTAMP) != 0 ? AmqpTypes.readTimestamp(in) : null;
        String type = (flags & TYPE) != 0 ? AmqpTypes.readShortString(in) : null;
        String userId = (flags & USER_ID) != 0 ? AmqpTypes.readShortString(in) : null;
        String appId = (flags & APP_ID) != 0 ? AmqpTypes.readShortString(in) : null;
        String clusterId = (flags & CLUSTER_ID) != 0 ? AmqpTypes.readShortString(in) : null;
        return new BasicProperties(contentType, contentEncoding, headers, deliveryMode, priority, correlationId,
                replyTo, expiration, messageId, timestamp, type, userId, appId, clusterId);
    }

    /** Class basic has 14 properties, so any further flag word may only say "nothing here". */
    private static void skipContinuationFlags(ByteBuf in) {
        int flags;
        do {
            flags = in.readUnsignedShort();
            if ((flags & ~CONTINUATION) != 0) {
                throw new AmqpDecodingException(ReplyCode.SYNTAX_ERROR,
                        "content header flags name properties that class basic does not have");
            }
        } while ((flags & CONTINUATION) != 0);
    }

    /**
     * The encoded properties {@code encoded} without the header {@code name}: the entry is cut out of
     * the headers table and every other byte is kept as it was, so values Warren would re-encode
     * differently (or could not decode faithfully) reach consumers untouched. Returns
     * {@code encoded} itself when there is no such header.
     */
    public static byte[] removeHeader(byte[] encoded, String name) {
        ByteBuf in = Unpooled.wrappedBuffer(encoded);
        int flags = in.readUnsignedShort();
        if ((flags & CONTINUATION) != 0) {
            skipContinuationFlags(in);
        }
        if ((flags & HEADERS) == 0) {
            return encoded;
        }
        if ((flags & CONTENT_TYPE) != 0) {
            AmqpTypes.skipShortString(in);
        }
        if ((flags & CONTENT_ENCODING) != 0) {
            AmqpTypes.skipShortString(in);
        }
        int tableStart = in.readerIndex();
        int tableEnd = tableStart + 4 + (int) in.readUnsignedInt();
        ByteBuf out = Unpooled.buffer(encoded.length);
        out.writeBytes(encoded, 0, tableStart);
        out.writeInt(0);
        boolean removed = false;
        while (in.readerIndex() < tableEnd) {
            int entryStart = in.readerIndex();
            String key = AmqpTypes.readShortString(in);
            AmqpTypes.skipValue(in);
            if (key.equals(name)) {
                removed = true;
            } else {
                out.writeBytes(encoded, entryStart, in.readerIndex() - entryStart);
            }
        }
        if (!removed) {
            return encoded;
        }
        out.setInt(tableStart, out.writerIndex() - tableStart - 4);
        out.writeBytes(encoded, tableEnd, encoded.length - tableEnd);
        byte[] result = new byte[out.readableBytes()];
        out.readBytes(result);
        return result;
    }

    /**
     * The encoded properties {@code encoded} with {@code reply-to} set to {@code replyTo}, every other
     * byte kept (RabbitMQ rewrites reply-to for direct reply-to). The property is added if absent.
     */
    public static byte[] replaceReplyTo(byte[] encoded, String replyTo) {
        ByteBuf in = Unpooled.wrappedBuffer(encoded);
        int flags = in.readUnsignedShort();
        if ((flags & CONTINUATION) != 0) {
            skipContinuationFlags(in);
        }
        int[] order = {CONTENT_TYPE, CONTENT_ENCODING, HEADERS, DELIVERY_MODE, PRIORITY, CORRELATION_ID};
        for (int property : order) {
            if ((flags & property) != 0) {
                skipProperty(in, property);
            }
        }
        int at = in.readerIndex();
        int after = at;
        if ((flags & REPLY_TO) != 0) {
            AmqpTypes.skipShortString(in);
            after = in.readerIndex();
        }
        ByteBuf out = Unpooled.buffer(encoded.length + 256);
        out.writeBytes(encoded, 0, at);
        AmqpTypes.writeShortString(out, replyTo);
        out.writeBytes(encoded, after, encoded.length - after);
        out.setShort(0, flags | REPLY_TO);
        byte[] result = new byte[out.readableBytes()];
        out.readBytes(result);
        return result;
    }

    private static void skipProperty(ByteBuf in, int property) {
        switch (property) {
            case HEADERS -> in.skipBytes((int) in.readUnsignedInt());
            case DELIVERY_MODE, PRIORITY -> in.skipBytes(1);
            case TIMESTAMP -> in.skipBytes(8);
            default -> AmqpTypes.skipShortString(in);
        }
    }

    public static void encode(BasicProperties p, ByteBuf out) {
        int flagsIndex = out.writerIndex();
        out.writeShort(0);
        int flags = 0;
        if (p.contentType() != null) {
            flags |= CONTENT_TYPE;
            AmqpTypes.writeShortString(out, p.contentType());
        }
        if (p.contentEncoding() != null) {
            flags |= CONTENT_ENCODING;
            AmqpTypes.writeShortString(out, p.contentEncoding());
        }
        if (p.headers() != null) {
            flags |= HEADERS;
            AmqpTypes.writeTable(out, p.headers());
        }
        if (p.deliveryMode() != null) {
            flags |= DELIVERY_MODE;
            out.writeByte(p.deliveryMode());
        }
        if (p.priority() != null) {
            flags |= PRIORITY;
            out.writeByte(p.priority());
        }
        if (p.correlationId() != null) {
            flags |= CORRELATION_ID;
            AmqpTypes.writeShortString(out, p.correlationId());
        }
        if (p.replyTo() != null) {
            flags |= REPLY_TO;
            AmqpTypes.writeShortString(out, p.replyTo());
        }
        if (p.expiration() != null) {
            flags |= EXPIRATION;
            AmqpTypes.writeShortString(out, p.expiration());
        }
        if (p.messageId() != null) {
            flags |= MESSAGE_ID;
            AmqpTypes.writeShortString(out, p.messageId());
        }
        if (p.timestamp() != null) {
            flags |= TIMESTAMP;
            AmqpTypes.writeTimestamp(out, p.timestamp());
        }
        if (p.type() != null) {
            flags |= TYPE;
            AmqpTypes.writeShortString(out, p.type());
        }
        if (p.userId() != null) {
            flags |= USER_ID;
            AmqpTypes.writeShortString(out, p.userId());
        }
        if (p.appId() != null) {
            flags |= APP_ID;
            AmqpTypes.writeShortString(out, p.appId());
        }
        if (p.clusterId() != null) {
            flags |= CLUSTER_ID;
            AmqpTypes.writeShortString(out, p.clusterId());
        }
        out.setShort(flagsIndex, flags);
    }
}
