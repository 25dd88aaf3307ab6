package io.warren.routing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Stand-ins shaped like the codec's field-value wrappers ({@code io.warren.amqp.field}), which the
 * routing module may not depend on: a record of one integral component for the unsigned integer
 * types, and a byte string with {@code toByteArray()} for {@code x} values.
 */
final class CodecLookalikes {
    private CodecLookalikes() {
    }

    public record UnsignedByte(int value) {
    }

    public record UnsignedInt(long value) {
    }

    public static final class Binary {
        private final byte[] bytes;

        private Binary(byte[] bytes) {
            this.bytes = bytes;
        }

        public static Binary utf8(String text) {
            return new Binary(text.getBytes(StandardCharsets.UTF_8));
        }

        public static Binary of(int... values) {
            byte[] bytes = new byte[values.length];
            for (int i = 0; i < values.length; i++) {
                bytes[i] = (byte) values[i];
            }
            return new Binary(bytes);
        }

        public byte[] toByteArray() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Binary other && Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }
}
