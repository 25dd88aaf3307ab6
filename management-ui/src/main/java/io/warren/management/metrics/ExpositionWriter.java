package io.warren.management.metrics;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes Prometheus' text exposition format, version 0.0.4, into one growing byte array: a family's
 * {@code # HELP} and {@code # TYPE} lines, then its samples, {@code name{label="value",...} number}.
 * Label values are escaped as the format asks (backslash, double quote, line feed).
 *
 * <p>A plain array rather than a Netty buffer: a scrape of 10 000 queues is over 100 000 lines, and
 * per-call buffer bookkeeping (bounds, reference and leak checks) would cost more than the writing.
 */
final class ExpositionWriter {
    private byte[] bytes = new byte[64 * 1024];
    private int length;

    /** Starts a family; {@code type} is {@code counter} or {@code gauge}. */
    ExpositionWriter family(String name, String type, String help) {
        ascii("# HELP ").ascii(name).write((byte) ' ');
        utf8(escapeHelp(help));
        write((byte) '\n');
        ascii("# TYPE ").ascii(name).write((byte) ' ').ascii(type).write((byte) '\n');
        return this;
    }

    /** A sample without labels. */
    ExpositionWriter sample(String name, long value) {
        return ascii(name).write((byte) ' ').number(value).write((byte) '\n');
    }

    /** A sample whose labels were rendered once by {@link #labels}. */
    ExpositionWriter sample(String name, byte[] renderedLabels, long value) {
        ascii(name);
        ensure(renderedLabels.length);
        System.arraycopy(renderedLabels, 0, bytes, length, renderedLabels.length);
        length += renderedLabels.length;
        return write((byte) ' ').number(value).write((byte) '\n');
    }

    byte[] array() {
        return bytes;
    }

    int length() {
        return length;
    }

    /** Renders {@code {name1="value1",name2="value2"}} in UTF-8 from alternating names and values. */
    static byte[] labels(String... namesAndValues) {
        StringBuilder text = new StringBuilder(32).append('{');
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (i > 0) {
                text.append(',');
            }
            text.append(namesAndValues[i]).append("=\"");
            String value = namesAndValues[i + 1];
            for (int c = 0; c < value.length(); c++) {
                char ch = value.charAt(c);
                switch (ch) {
                    case '\\' -> text.append("\\\\");
                    case '"' -> text.append("\\\"");
                    case '\n' -> text.append("\\n");
                    default -> text.append(ch);
                }
            }
            text.append('"');
        }
        return text.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** HELP text escapes backslash and line feed only. */
    private static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private ExpositionWriter ascii(String text) {
        int n = text.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[length++] = (byte) text.charAt(i);
        }
        return this;
    }

    private void utf8(String text) {
        byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
        ensure(encoded.length);
        System.arraycopy(encoded, 0, bytes, length, encoded.length);
        length += encoded.length;
    }

    private ExpositionWriter number(long value) {
        return ascii(Long.toString(value));
    }

    private ExpositionWriter write(byte b) {
        ensure(1);
        bytes[length++] = b;
        return this;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
