package io.warren.broker.config;

/**
 * Where a listener binds: {@code listeners.tcp.default = 5672} binds all interfaces,
 * {@code = 127.0.0.1:5672} one address. Port 0 asks the system for a free port.
 *
 * @param host the address to bind, or {@code null} for all interfaces
 */
public record Listener(String host, int port) {
    public Listener {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        }
    }

    public static Listener parse(String text) {
        String t = text.strip();
        int colon = t.lastIndexOf(':');
        String host = null;
        String port = t;
        if (colon >= 0) {
            host = t.substring(0, colon);
            port = t.substring(colon + 1);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.isEmpty()) {
                throw new IllegalArgumentException("'" + text + "' has an empty host before the port");
            }
        }
        try {
            return new Listener(host, Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a port or host:port");
        }
    }

    public Listener withPort(int newPort) {
        return new Listener(host, newPort);
    }

    @Override
    public String toString() {
        return host == null ? String.valueOf(port) : host + ":" + port;
    }
}
