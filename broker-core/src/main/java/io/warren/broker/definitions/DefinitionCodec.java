package io.warren.broker.definitions;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warren.amqp.field.AmqpTypes;
import io.warren.store.MetadataStore.Key;
import java.util.Base64;
import java.util.Map;

/**
 * How definitions look in the metadata store: each one an AMQP field table, so arguments keep their
 * exact field types (a {@code long} stays a {@code long}, a byte array stays one) across restarts and
 * equivalence checks after a restart behave as before it. Keys are built from length-prefixed parts,
 * so no name, whatever characters it holds, can collide with another.
 */
final class DefinitionCodec {
    static final String VHOST = "vhost";
    static final String USER = "user";
    static final String PERMISSION = "permission";
    static final String EXCHANGE = "exchange";
    static final String QUEUE = "queue";
    static final String BINDING = "binding";
    static final String POLICY = "policy";

    private DefinitionCodec() {
    }

    static Key key(String kind, String... parts) {
        StringBuilder name = new StringBuilder();
        for (String part : parts) {
            name.append(part.length()).append(':').append(part);
        }
        return new Key(kind, name.toString());
    }

    /** A binding's key: its ends, routing key and arguments, since all of them tell bindings apart. */
    static Key bindingKey(String vhost, String source, String destinationType, String destination,
                          String routingKey, Map<String, Object> arguments) {
        return key(BINDING, vhost, source, destinationType, destination, routingKey,
                Base64.getEncoder().encodeToString(encode(arguments)));
    }

    static byte[] encode(Map<String, ?> table) {
        ByteBuf buffer = Unpooled.buffer(128);
        try {
            AmqpTypes.writeTable(buffer, table);
            byte[] bytes = new byte[buffer.readableBytes()];
            buffer.readBytes(bytes);
            return bytes;
        } finally {
            buffer.release();
        }
    }

    static Map<String, Object> decode(byte[] bytes) {
        return AmqpTypes.readTable(Unpooled.wrappedBuffer(bytes));
    }
}
