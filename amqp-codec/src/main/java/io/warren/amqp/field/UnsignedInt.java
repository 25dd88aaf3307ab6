package io.warren.amqp.field;

/** A field-table {@code i} value (unsigned 32-bit), kept apart from {@link Long} for exact re-encoding. */
public record UnsignedInt(long value) {
    public UnsignedInt {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("unsigned int out of range: " + value);
        }
    }
}
