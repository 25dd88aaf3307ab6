package io.warren.amqp.field;

/** A field-table {@code u} value (unsigned 16-bit), kept apart from {@link Integer} for exact re-encoding. */
public record UnsignedShort(int value) {
    public UnsignedShort {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException("unsigned short out of range: " + value);
        }
    }
}
