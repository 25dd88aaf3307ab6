package io.warren.routing;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Whether a message header's value equals a headers-exchange binding argument's value, decided the
 * way RabbitMQ decides it.
 *
 * <p>RabbitMQ 3.x, the version Warren matches, drops the AMQP field types of top-level values and
 * compares the bare Erlang terms with {@code ==}, so:
 * <ul>
 *   <li>numbers compare by numeric value whatever their type: {@code Byte}, {@code Short},
 *       {@code Integer}, {@code Long}, the codec's unsigned types, {@code Float} and {@code Double}
 *       ({@code Integer 1} matches {@code Long 1} and {@code 1.0}; clients pick the width
 *       themselves). RabbitMQ 4 compares with {@code =:=}, where {@code 1} no longer matches
 *       {@code 1.0};</li>
 *   <li>a string ({@code S}) and a byte array ({@code x}, the codec's {@code Binary}) are both
 *       Erlang binaries: equal when the string's UTF-8 bytes are the array's bytes;</li>
 *   <li>booleans, decimals (scale and unscaled value, as {@link java.math.BigDecimal#equals}),
 *       arrays and tables compare with {@code equals}; inside arrays and tables RabbitMQ keeps the
 *       field types, so there {@code Integer 1} and {@code Long 1} differ, as they do in Java.</li>
 * </ul>
 * Two deliberate differences: timestamps count as integers of seconds, as in RabbitMQ 3 (RabbitMQ 4
 * turns timestamp headers into milliseconds but leaves timestamp arguments in seconds, so a timestamp
 * argument there never matches a timestamp header); and tables inside values compare regardless of
 * entry order (RabbitMQ compares their entry lists in order).
 *
 * <p>Routing must not depend on the codec, so the codec's wrapper types are recognised by shape:
 * a record with one {@code int} or {@code long} component is an integer ({@code UnsignedByte},
 * {@code UnsignedShort}, {@code UnsignedInt}), and a class with a public {@code byte[]
 * toByteArray()} is a byte array ({@code Binary}). Each class is inspected once.
 */
final class FieldValues {
    /*
     * Design: a binding argument is classified once, at bind time, into a Pattern that knows which
     * header values can equal it; a publish then costs a few instanceof checks per argument and no
     * allocation (only a string compared against a byte array, which clients rarely mix, copies
     * the array).
     */
    private FieldValues() {
    }

    /** A binding argument's value, ready to be compared with header values. */
    abstract static class Pattern {
        abstract boolean matches(Object header);
    }

    /** Classifies a binding argument's (non-void) value. */
    static Pattern pattern(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return new IntegerPattern(((Number) value).longValue());
        }
        if (value instanceof Instant instant && instant.getNano() == 0) {
            return new IntegerPattern(instant.getEpochSecond());
        }
        if (value instanceof Double || value instanceof Float) {
            return new FloatPattern(((Number) value).doubleValue());
        }
        if (value instanceof String text) {
            return new TextPattern(text);
        }
        if (value instanceof byte[] bytes) {
            return new BytesPattern(bytes.clone());
        }
        Foreign foreign = Foreign.of(value);
        if (foreign.integer != null) {
            return new IntegerPattern(foreign.integerValue(value));
        }
        if (foreign.bytes != null) {
            return new BytesPattern(foreign.bytesValue(value));
        }
        return new EqualsPattern(value);
    }

    private static final class IntegerPattern extends Pattern {
        private final long value;

        IntegerPattern(long value) {
            this.value = value;
        }

        @Override
        boolean matches(Object header) {
            if (header instanceof Integer i) {
                return i == value;
            }
            if (header instanceof Long l) {
                return l == value;
            }
            if (header instanceof Short s) {
                return s == value;
            }
            if (header instanceof Byte b) {
                return b == value;
            }
            if (header instanceof Instant t) {
                return t.getNano() == 0 && t.getEpochSecond() == value;
            }
            if (header instanceof Double || header instanceof Float) {
                return ((Number) header).doubleValue() == value;
            }
            if (header instanceof String || header instanceof Boolean) {
                return false;
            }
            Foreign foreign = Foreign.of(header);
            return foreign.integer != null && foreign.integerValue(header) == value;
        }
    }

    private static final class FloatPattern extends Pattern {
        private final double value;

        FloatPattern(double value) {
            this.value = value;
        }

        @Override
        boolean matches(Object header) {
            if (header instanceof Double d) {
                return d == value;
            }
            if (header instanceof Float f) {
                return f.doubleValue() == value;
            }
            if (header instanceof Integer || header instanceof Long || header instanceof Short
                    || header instanceof Byte) {
                return ((Number) header).longValue() == value;
            }
            if (header instanceof String || header instanceof Boolean) {
                return false;
            }
            Foreign foreign = Foreign.of(header);
            return foreign.integer != null && foreign.integerValue(header) == value;
        }
    }

    private static final class TextPattern extends Pattern {
        private final String text;
        private final byte[] utf8;

        TextPattern(String text) {
            this.text = text;
            this.utf8 = text.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        boolean matches(Object header) {
            if (header instanceof String s) {
                return text.equals(s);
            }
            byte[] bytes = bytesOf(header);
            return bytes != null && Arrays.equals(utf8, bytes);
        }
    }

    private static final class BytesPattern extends Pattern {
        private final byte[] bytes;
        /** The bytes as text when they are well-formed UTF-8, else null (then no string equals them). */
        private final String text;

        BytesPattern(byte[] bytes) {
            this.bytes = bytes;
            this.text = strictUtf8(bytes);
        }

        @Override
        boolean matches(Object header) {
            if (header instanceof String s) {
                return s.equals(text);
            }
            byte[] other = bytesOf(header);
            return other != null && Arrays.equals(bytes, other);
        }

        private static String strictUtf8(byte[] bytes) {
            try {
                return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                return null;
            }
        }
    }

    private static final class EqualsPattern extends Pattern {
        private final Object value;

        EqualsPattern(Object value) {
            this.value = value;
        }

        @Override
        boolean matches(Object header) {
            return value.equals(header);
        }
    }

    /** The bytes of a byte-array value, or null if {@code value} is not one. */
    private static byte[] bytesOf(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return null;
        }
        Foreign foreign = Foreign.of(value);
        return foreign.bytes == null ? null : foreign.bytesValue(value);
    }

    /** How to read a value type that routing does not know by name: the codec's wrappers. */
    static final class Foreign {
        private static final Foreign NEITHER = new Foreign(null, null);
        private static final ClassValue<Foreign> BY_CLASS = new ClassValue<>() {
            @Override
            protected Foreign computeValue(Class<?> type) {
                return inspect(type);
            }
        };

        /** {@code (Object) -> long}, for integers; or null. */
        final MethodHandle integer;
        /** {@code (Object) -> byte[]}, for byte arrays; or null. */
        final MethodHandle bytes;

        private Foreign(MethodHandle integer, MethodHandle bytes) {
            this.integer = integer;
            this.bytes = bytes;
        }

        static Foreign of(Object value) {
            return BY_CLASS.get(value.getClass());
        }

        long integerValue(Object value) {
            try {
                return (long) integer.invokeExact(value);
            } catch (Throwable e) {
                throw new IllegalStateException("cannot read " + value.getClass().getName() + " as an integer", e);
            }
        }

        byte[] bytesValue(Object value) {
            try {
                return (byte[]) bytes.invokeExact(value);
            } catch (Throwable e) {
                throw new IllegalStateException("cannot read " + value.getClass().getName() + " as bytes", e);
            }
        }

        private static Foreign inspect(Class<?> type) {
            if (!Modifier.isPublic(type.getModifiers()) || Number.class.isAssignableFrom(type)) {
                return NEITHER; // BigInteger has a toByteArray() too, but it is no byte string
            }
            try {
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                if (type.isRecord()) {
                    RecordComponent[] components = type.getRecordComponents();
                    if (components.length == 1
                            && (components[0].getType() == int.class || components[0].getType() == long.class)) {
                        MethodHandle accessor = lookup.unreflect(components[0].getAccessor());
                        return new Foreign(accessor.asType(MethodType.methodType(long.class, Object.class)), null);
                    }
                }
                Method toByteArray = type.getMethod("toByteArray");
                if (toByteArray.getReturnType() == byte[].class && !Modifier.isStatic(toByteArray.getModifiers())) {
                    MethodHandle handle = lookup.unreflect(toByteArray);
                    return new Foreign(null, handle.asType(MethodType.methodType(byte[].class, Object.class)));
                }
            } catch (NoSuchMethodException | IllegalAccessException | SecurityException e) {
                // Not a wrapper we can read: compared with equals.
            }
            return NEITHER;
        }
    }
}
