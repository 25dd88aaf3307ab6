package io.warren.broker.security;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warren.amqp.field.AmqpTypes;
import io.warren.amqp.field.Binary;
import java.util.Map;

/**
 * AMQPLAIN, RabbitMQ's own mechanism and py-amqp's (so Celery's) default: a field table with
 * {@code LOGIN} and {@code PASSWORD} entries, sent without the table's length prefix.
 */
public final class AmqPlainMechanism implements SaslMechanism {
    @Override
    public String name() {
        return "AMQPLAIN";
    }

    @Override
    public Credentials parse(byte[] response) {
        ByteBuf table = Unpooled.buffer(response.length + 4).writeInt(response.length).writeBytes(response);
        Map<String, Object> fields;
        try {
            fields = AmqpTypes.readTable(table);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("AMQPLAIN response is not a field table");
        }
        return new Credentials(text(fields, "LOGIN"), text(fields, "PASSWORD"));
    }

    private static String text(Map<String, Object> fields, String key) {
        Object value = fields.get(key);
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Binary b) {
            return b.toUtf8String();
        }
        throw new IllegalArgumentException("AMQPLAIN response has no " + key + " string");
    }
}
