package io.warren.broker;

import io.warren.amqp.field.UnsignedByte;
import io.warren.amqp.field.UnsignedInt;
import io.warren.amqp.field.UnsignedShort;

/**
 * Field-table integers of any width, as RabbitMQ treats them: one kind of value. Clients choose
 * the width themselves ({@code b s I l}, or the unsigned {@code B u i}), so an argument such as
 * {@code x-priority} must accept them all.
 */
public final class IntegerFields {
    private IntegerFields() {
    }

    public static boolean isInteger(Object value) {
        return value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long
                || value instanceof UnsignedByte || value instanceof UnsignedShort || value instanceof UnsignedInt;
    }

    /** The value of an integer field of any width; {@link #isInteger} must hold. */
    public static long longValue(Object value) {
        if (value instanceof UnsignedByte u) {
            return u.value();
        } else if (value instanceof UnsignedShort u) {
            return u.value();
        } else if (value instanceof UnsignedInt u) {
            return u.value();
        }
        return ((Number) value).longValue();
    }
}
