package io.warren.broker.connection;

import java.nio.charset.StandardCharsets;

/** Reply texts travel as short strings: RabbitMQ cuts longer ones to 252 bytes and appends "...". */
public final class ReplyTexts {
    private static final int MAX_BYTES = 255;

    private ReplyTexts() {
    }

    /**
     * A frame payload as RabbitMQ's reader quotes it in frame errors: {@code "all octets = <<0,20,0,10,0>>"}
     * for up to 16 bytes, else {@code "first 16 octets = <<...>>"} (an Erlang binary).
     */
    public static String octets(byte[] payload) {
        int shown = Math.min(payload.length, 16);
        StringBuilder text = new StringBuilder(payload.length <= 16 ? "all" : "first 16").append(" octets = <<");
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(payload[i] & 0xff);
        }
        return text.append(">>").toString();
    }

    public static String fit(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= MAX_BYTES) {
            return text;
        }
        int end = MAX_BYTES - 3;
        while (end > 0 && (utf8[end] & 0xC0) == 0x80) {
            end--; // do not cut a multi-byte character in half
        }
        return new String(utf8, 0, end, StandardCharsets.UTF_8) + "...";
    }
}
