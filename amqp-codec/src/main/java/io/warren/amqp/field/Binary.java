package io.warren.amqp.field;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An immutable byte string: the value of a field-table {@code x} (byte array) entry, and of long
 * strings that carry opaque bytes such as a SASL response.
 *
 * <p>Unlike {@code byte[]} it has value equality, so tables and method records holding it compare
 * by content. {@link #toString()} shows only the length, because SASL responses carry passwords.
 */
public final class Binary {
    public static final Binary EMPTY = new Binary(new byte[0]);

    private final byte[] bytes;

    /** Wraps an array the caller hands over and will not touch again. */
    Binary(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Binary copyOf(byte[] bytes) {
        return new Binary(bytes.clone());
    }

    public static Binary utf8(String text) {
        return new Binary(text.getBytes(StandardCharsets.UTF_8));
    }

    public int length() {
        return bytes.length;
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

    public String toUtf8String() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public void writeTo(ByteBuf out) {
        out.writeBytes(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Binary other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Binary[" + bytes.length + " bytes]";
    }
}
