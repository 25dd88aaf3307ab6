package io.warren.routing;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Field values written as RabbitMQ writes them in error messages: the AMQP type names of
 * {@code rabbit_binary_parser} ({@code longstr}, {@code signedint}, {@code bool}, ...) and values as
 * Erlang's {@code ~tp} prints them ({@code <<"any">>}, {@code 42}, {@code true}), so that Warren's
 * messages read like RabbitMQ's.
 */
final class ErlangTerms {
    private ErlangTerms() {
    }

    /** RabbitMQ's name for the field type of {@code value}. */
    static String typeName(Object value) {
        if (value == null) {
            return "void";
        }
        if (value instanceof String) {
            return "longstr";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof Integer) {
            return "signedint";
        }
        if (value instanceof BigDecimal) {
            return "decimal";
        }
        if (value instanceof Instant) {
            return "timestamp";
        }
        if (value instanceof List) {
            return "array";
        }
        if (value instanceof Map) {
            return "table";
        }
        // Byte, Short, Long, Float, Double, and the codec's UnsignedByte, UnsignedShort, UnsignedInt, Binary.
        return value.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    /** {@code value} as Erlang's {@code ~tp} would print RabbitMQ's form of it. */
    static String format(Object value) {
        StringBuilder out = new StringBuilder();
        append(out, value);
        return out.toString();
    }

    private static void append(StringBuilder out, Object value) {
        if (value == null) {
            out.append("undefined");
        } else if (value instanceof String text) {
            appendBinary(out, text.getBytes(StandardCharsets.UTF_8));
        } else if (value instanceof Double || value instanceof Float) {
            out.append(Double.toString(((Number) value).doubleValue()).replace('E', 'e'));
        } else if (value instanceof BigDecimal decimal) {
            out.append('{').append(decimal.scale()).append(',').append(decimal.unscaledValue()).append('}');
        } else if (value instanceof Instant instant) {
            out.append(instant.getEpochSecond());
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                Object element = list.get(i);
                out.append(i == 0 ? "{" : ",{").append(typeName(element)).append(',');
                append(out, element);
                out.append('}');
            }
            out.append(']');
        } else if (value instanceof Map<?, ?> table) {
            out.append('[');
            boolean first = true;
            for (Map.Entry<?, ?> entry : table.entrySet()) {
                out.append(first ? "{" : ",{");
                first = false;
                append(out, String.valueOf(entry.getKey()));
                out.append(',').append(typeName(entry.getValue())).append(',');
                append(out, entry.getValue());
                out.append('}');
            }
            out.append(']');
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else {
            FieldValues.Foreign foreign = FieldValues.Foreign.of(value);
            if (foreign.integer != null) {
                out.append(foreign.integerValue(value));
            } else if (foreign.bytes != null) {
                appendBinary(out, foreign.bytesValue(value));
            } else {
                out.append(value);
            }
        }
    }

    /** {@code <<"text">>} for printable ASCII, {@code <<"text"/utf8>>} for other UTF-8, else bytes. */
    private static void appendBinary(StringBuilder out, byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        boolean utf8 = java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), bytes);
        boolean ascii = true;
        boolean printable = utf8;
        for (int i = 0; i < text.length() && printable; i++) {
            char c = text.charAt(i);
            ascii &= c < 0x7F;
            printable = c >= 0x20 && c != 0x7F;
        }
        if (printable) {
            out.append("<<\"");
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"' || c == '\\') {
                    out.append('\\');
                }
                out.append(c);
            }
            out.append(ascii ? "\">>" : "\"/utf8>>");
            return;
        }
        out.append("<<");
        for (int i = 0; i < bytes.length; i++) {
            out.append(i == 0 ? "" : ",").append(bytes[i] & 0xFF);
        }
        out.append(">>");
    }
}
