package io.warren.amqp.field;

/**
 * A field-table {@code B} value (unsigned 8-bit). Kept apart from {@link Short} so that a table
 * re-encodes with the type its sender chose.
 */
public record UnsignedByte(int value) {
    public UnsignedByte {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException("unsigned byte out of range: " + value);
        }
    }
}
