package io.warren.broker.security;

import java.nio.charset.StandardCharsets;

/** SASL PLAIN (RFC 4616): {@code [authzid] NUL authcid NUL password}. The Java client's and pika's default. */
public final class PlainMechanism implements SaslMechanism {
    @Override
    public String name() {
        return "PLAIN";
    }

    @Override
    public Credentials parse(byte[] response) {
        int first = indexOf(response, 0);
        int second = first < 0 ? -1 : indexOf(response, first + 1);
        if (second < 0) {
            throw new IllegalArgumentException("PLAIN response must be [authzid] NUL user NUL password");
        }
        String user = new String(response, first + 1, second - first - 1, StandardCharsets.UTF_8);
        String password = new String(response, second + 1, response.length - second - 1, StandardCharsets.UTF_8);
        return new Credentials(user, password);
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
