package io.warren.amqp.field;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.warren.amqp.AmqpDecodingException;
import io.warren.amqp.ReplyCode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the protocol's data types: short and long strings, timestamps, and field tables
 * and arrays with every value type RabbitMQ's clients send.
 *
 * <p>Field values map to Java types as follows (RabbitMQ's errata table, not the original 0-9-1 one):
 * <pre>
 *  t Boolean      b Byte           B UnsignedByte   s Short      u UnsignedShort
 *  I Integer      i UnsignedInt    l Long (L too)   f Float      d Double
 *  D BigDecimal   S String (UTF-8) A List           T Instant    F Map
 *  V null         x Binary
 * </pre>
 * Decoded tables and arrays are unmodifiable and keep their entries' order. Writing accepts the
 * same types plus {@code byte[]}, {@link Date}, {@code Object[]} and any {@link CharSequence}.
 *
 * <p>Malformed input raises {@link AmqpDecodingException} with {@link ReplyCode#SYNTAX_ERROR} (or a
 * plain {@link IndexOutOfBoundsException} when the input simply ends, which the frame decoder maps
 * to the same code).
 */
public final class AmqpTypes {
    /** Deep enough for any real message; shallow enough that a hostile one cannot blow the stack. */
    public static final int MAX_NESTING_DEPTH = 64;

    private AmqpTypes() {
    }

    // ---- short strings -------------------------------------------------------------------------

    public static String readShortString(ByteBuf in) {
        int length = in.readUnsignedByte();
        if (length == 0) {
            return "";
        }
        if (length > in.readableBytes()) {
            throw new IndexOutOfBoundsException("short string runs past the end of the frame");
        }
        String value = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return value;
    }

    public static void skipShortString(ByteBuf in) {
        in.skipBytes(in.readUnsignedByte());
    }

    /** Writes a short string; its UTF-8 form must fit in 255 bytes. */
    public static void writeShortString(ByteBuf out, String value) {
        int length = ByteBufUtil.utf8Bytes(value);
        if (length > 255) {
            throw new IllegalArgumentException("short string longer than 255 bytes: " + length);
        }
        out.writeByte(length);
        ByteBufUtil.reserveAndWriteUtf8(out, value, length);
    }

    /** Short strings in wire form (length octet and UTF-8 bytes, one after the other), to copy later. */
    public static byte[] encodeShortStrings(String... values) {
        byte[][] utf8 = new byte[values.length][];
        int total = 0;
        for (int i = 0; i < values.length; i++) {
            utf8[i] = values[i].getBytes(StandardCharsets.UTF_8);
            if (utf8[i].length > 255) {
                throw new IllegalArgumentException("short string longer than 255 bytes: " + utf8[i].length);
            }
            total += 1 + utf8[i].length;
        }
        byte[] encoded = new byte[total];
        int at = 0;
        for (byte[] bytes : utf8) {
            encoded[at++] = (byte) bytes.length;
            System.arraycopy(bytes, 0, encoded, at, bytes.length);
            at += bytes.length;
        }
        return encoded;
    }

    // ---- long strings --------------------------------------------------------------------------

    public static String readLongStringUtf8(ByteBuf in) {
        int length = readLongStringLength(in);
        String value = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        return value;
    }

    public static Binary readLongStringBytes(ByteBuf in) {
        int length = readLongStringLength(in);
        if (length == 0) {
            return Binary.EMPTY;
        }
        byte[] bytes = new byte[length];
        in.readBytes(bytes);
        return new Binary(bytes);
    }

    public static void skipLongString(ByteBuf in) {
        in.skipBytes(readLongStringLength(in));
    }

    public static void writeLongString(ByteBuf out, CharSequence value) {
        int lengthIndex = out.writerIndex();
        out.writeInt(0);
        int length = ByteBufUtil.writeUtf8(out, value);
        out.setInt(lengthIndex, length);
    }

    public static void writeLongString(ByteBuf out, Binary value) {
        out.writeInt(value.length());
        value.writeTo(out);
    }

    /** A 32-bit length, checked against what is left so a lying length cannot make us allocate. */
    private static int readLongStringLength(ByteBuf in) {
        long length = in.readUnsignedInt();
        if (length > in.readableBytes()) {
            throw new AmqpDecodingException(ReplyCode.SYNTAX_ERROR,
                    "long string of " + length + " bytes runs past the end of the frame");
        }
        return (int) length;
    }

    // ---- timestamps ----------------------------------------------------------------------------

    public static Instant readTimestamp(ByteBuf in) {
        long seconds = in.readLong();
        try {
            return Instant.ofEpochSecond(seconds);
        } catch (DateTimeException e) {
            throw new AmqpDecodingException(ReplyCode.SYNTAX_ERROR, "timestamp out of range: " + seconds);
        }
    }

    public static void writeTimestamp(ByteBuf out, Instant value) {
        out.writeLong(value.getEpochSecond());
    }

    // ---- field tables and arrays ---------------------------------------------------------------

    public static Map<String, Object> readTable(ByteBuf in) {
        return readTable(in, 0);
    }

    public static void writeTable(ByteBuf out, Map<String, ?> table) {
        writeTable(out, table, 0);
    }

    public static List<Object> readArray(ByteBuf in) {
        return readArray(in, 0);
    }

    public static void writeArray(ByteBuf out, Iterable<?> values) {
        writeArray(out, values, 0);
    }

    private static Map<String, Object> readTable(ByteBuf in, int depth) {
        int length = readLongStringLength(in);
        if (length == 0) {
            return Map.of();
        }
        int end = in.readerIndex() + length;
        Map<String, Object> table = new LinkedHashMap<>();
        while (in.readerIndex() < end) {
            String key = readShortString(in);
            table.put(key, readValue(in, depth));
        }
        checkEnd(in, end, "field table");
        return Collections.unmodifiableMap(table);
    }

    private static List<Object> readArray(ByteBuf in, int depth) {
        int length = readLongStringLength(in);
        if (length == 0) {
            return List.of();
        }
        int end = in.readerIndex() + length;
        List<Object> values = new ArrayList<>();
        while (in.readerIndex() < end) {
            values.add(readValue(in, depth));
        }
        checkEnd(in, end, "field array");
        return Collections.unmodifiableList(values);
    }

    private static void checkEnd(ByteBuf in, int end, String what) {
        if (in.readerIndex() != end) {
            throw new AmqpDecodingException(ReplyCode.SYNTAX_ERROR, what + " entries overrun its declared length");
        }
    }

    /** Skips one field value (type octet and value) without decoding it. */
    public static void skipValue(ByteBuf in) {
        byte type = in.readByte();
        switch (type) {
            case 't', 'b', 'B' -> in.skipBytes(1);
            case 's', 'u' -> in.skipBytes(2);
            case 'I', 'i', 'f' -> in.skipBytes(4);
            case 'l', 'L', 'd', 'T' -> in.skipBytes(8);
            case 'D' -> in.skipBytes(5);
            case 'S', 'x', 'A', 'F' -> in.skipBytes(readLongStringLength(in));
            case 'V' -> {
            }
            default -> throw new AmqpDecodingException(ReplyCode.SYNTAX_ERROR, "unknown field value type '"
                    + printable(type) + "' in field table");
        }
    }

    private static Object readValue(ByteBuf in, int depth) {
        byte type = in.readByte();
        switch (type) {
            case 'S':
                return readLongStringUtf8(in);
            case 'I':
                return in.readInt();
            case 't':
                return in.readByte() != 0;
            case 'l':
            case 'L':
                return in.readLong();
            case 'F':
                return readTable(in, nested(depth));
            case 'A':
                return readArray(in, nested(depth));
            case 'T':
                return readTimestamp(in);
            case 'b':
                return in.readByte();
            case 'B':
                return new UnsignedByte(in.readUnsignedByte());
            case 's':
                return in.readShort();
            case 'u':
                return new UnsignedShort(in.readUnsignedShort());
            case 'i':
                return new UnsignedInt(in.readUnsignedInt());
            case 'f':
                return in.readFloat();
            case 'd':
                return in.readDouble();
            case 'D':
                int scale = in.readUnsignedByte();
                return new BigDecimal(BigInteger.valueOf(in.readInt()), scale);
            case 'x':
                return readLongStringBytes(in);
            case 'V':
                return null;
            default:
                throw new AmqpDecodingException(ReplyCode.SYNTAX_ERROR, "unknown field value type '"
                        + printable(type) + "' in field table");
        }
    }

    private static int nested(int depth) {
        if (depth + 1 > MAX_NESTING_DEPTH) {
            throw new AmqpDecodingException(ReplyCode.SYNTAX_ERROR,
                    "field tables nested deeper than " + MAX_NESTING_DEPTH + " levels");
        }
        return depth + 1;
    }

    private static String printable(byte type) {
        return type >= 0x20 && type < 0x7F ? String.valueOf((char) type) : String.format("\\x%02x", type & 0xFF);
    }

    private static void writeTable(ByteBuf out, Map<String, ?> table, int depth) {
        int lengthIndex = out.writerIndex();
        out.writeInt(0);
        for (Map.Entry<String, ?> entry : table.entrySet()) {
            writeShortString(out, entry.getKey());
            writeValue(out, entry.getValue(), depth);
        }
        out.setInt(lengthIndex, out.writerIndex() - lengthIndex - 4);
    }

    private static void writeArray(ByteBuf out, Iterable<?> values, int depth) {
        int lengthIndex = out.writerIndex();
        out.writeInt(0);
        for (Object value : values) {
            writeValue(out, value, depth);
        }
        out.setInt(lengthIndex, out.writerIndex() - lengthIndex - 4);
    }

    @SuppressWarnings("unchecked")
    private static void writeValue(ByteBuf out, Object value, int depth) {
        if (value == null) {
            out.writeByte('V');
        } else if (value instanceof String || value instanceof CharSequence) {
            out.writeByte('S');
            writeLongString(out, (CharSequence) value);
        } else if (value instanceof Integer v) {
            out.writeByte('I').writeInt(v);
        } else if (value instanceof Boolean v) {
            out.writeByte('t').writeByte(v ? 1 : 0);
        } else if (value instanceof Long v) {
            out.writeByte('l').writeLong(v);
        } else if (value instanceof Map<?, ?> v) {
            out.writeByte('F');
            writeTable(out, (Map<String, ?>) v, nested(depth));
        } else if (value instanceof Iterable<?> v) {
            out.writeByte('A');
            writeArray(out, v, nested(depth));
        } else if (value instanceof Object[] v) {
            out.writeByte('A');
            writeArray(out, Arrays.asList(v), nested(depth));
        } else if (value instanceof Instant v) {
            out.writeByte('T');
            writeTimestamp(out, v);
        } else if (value instanceof Date v) {
            out.writeByte('T').writeLong(v.getTime() / 1000);
        } else if (value instanceof Byte v) {
            out.writeByte('b').writeByte(v);
        } else if (value instanceof UnsignedByte v) {
            out.writeByte('B').writeByte(v.value());
        } else if (value instanceof Short v) {
            out.writeByte('s').writeShort(v);
        } else if (value instanceof UnsignedShort v) {
            out.writeByte('u').writeShort(v.value());
        } else if (value instanceof UnsignedInt v) {
            out.writeByte('i').writeInt((int) v.value());
        } else if (value instanceof Float v) {
            out.writeByte('f').writeFloat(v);
        } else if (value instanceof Double v) {
            out.writeByte('d').writeDouble(v);
        } else if (value instanceof BigDecimal v) {
            writeDecimal(out, v);
        } else if (value instanceof Binary v) {
            out.writeByte('x');
            writeLongString(out, v);
        } else if (value instanceof byte[] v) {
            out.writeByte('x').writeInt(v.length).writeBytes(v);
        } else {
            throw new IllegalArgumentException("no AMQP field type for " + value.getClass().getName());
        }
    }

    private static void writeDecimal(ByteBuf out, BigDecimal value) {
        if (value.scale() < 0 || value.scale() > 255) {
            throw new IllegalArgumentException("decimal scale must be 0..255: " + value);
        }
        BigInteger unscaled = value.unscaledValue();
        if (unscaled.bitLength() > 31) {
            throw new IllegalArgumentException("decimal unscaled value must fit 32 bits: " + value);
        }
        out.writeByte('D').writeByte(value.scale()).writeInt(unscaled.intValue());
    }
}
