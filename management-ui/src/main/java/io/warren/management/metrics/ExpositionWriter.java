package io.warren.management.metrics;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * Writes Prometheus' text exposition format, version 0.0.4, straight into one buffer: a family's
 * {@code # HELP} and {@code # TYPE} lines, then its samples, {@code name{label="value",...} number}.
 * Label values are escaped as the format asks (backslash, double quote, line feed).
 */
final class ExpositionWriter {
    private final ByteBuf out;

    ExpositionWriter(ByteBuf out) {
        this.out = out;
    }

    /** Starts a family; {@code type} is {@code counter} or {@code gauge}. */
    ExpositionWriter family(String name, String type, String help) {
        ByteBufUtil.writeAscii(out, "# HELP ");
        ByteBufUtil.writeAscii(out, name);
        out.writeByte(' ');
        writeHelpText(help);
        out.writeByte('\n');
        ByteBufUtil.writeAscii(out, "# TYPE ");
        ByteBufUtil.writeAscii(out, name);
        out.writeByte(' ');
        ByteBufUtil.writeAscii(out, type);
        out.writeByte('\n');
        return this;
    }

    /** A sample without labels. */
    ExpositionWriter sample(String name, long value) {
        ByteBufUtil.writeAscii(out, name);
        out.writeByte(' ');
        ByteBufUtil.writeAscii(out, Long.toString(value));
        out.writeByte('\n');
        return this;
    }

    /** A sample whose labels were rendered once by {@link #labels}. */
    ExpositionWriter sample(String name, String renderedLabels, long value) {
        ByteBufUtil.writeAscii(out, name);
        ByteBufUtil.writeUtf8(out, renderedLabels);
        out.writeByte(' ');
        ByteBufUtil.writeAscii(out, Long.toString(value));
        out.writeByte('\n');
        return this;
    }

    /** Renders {@code {name1="value1",name2="value2"}} from alternating names and values. */
    static String labels(String... namesAndValues) {
        StringBuilder text = new StringBuilder(32).append('{');
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (i > 0) {
                text.append(',');
            }
            text.append(namesAndValues[i]).append("=\"");
            escapeLabelValue(text, namesAndValues[i + 1]);
            text.append('"');
        }
        return text.append('}').toString();
    }

    private static void escapeLabelValue(StringBuilder text, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '"' -> text.append("\\\"");
                case '\n' -> text.append("\\n");
                default -> text.append(c);
            }
        }
    }

    /** HELP text escapes backslash and line feed only. */
    private void writeHelpText(String help) {
        StringBuilder text = new StringBuilder(help.length());
        for (int i = 0; i < help.length(); i++) {
            char c = help.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                default -> text.append(c);
            }
        }
        ByteBufUtil.writeUtf8(out, text);
    }
}
