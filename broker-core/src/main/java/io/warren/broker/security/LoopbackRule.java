package io.warren.broker.security;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Set;

/**
 * RabbitMQ's {@code loopback_users}: the listed users may log in only from a loopback address.
 * Shared by the AMQP handshake and the management API, which RabbitMQ applies the rule to alike.
 */
public final class LoopbackRule {
    private LoopbackRule() {
    }

    /** Whether {@code user} may log in from {@code remote}, given the users restricted to loopback. */
    public static boolean allows(Set<String> loopbackUsers, String user, SocketAddress remote) {
        return !loopbackUsers.contains(user) || isLoopback(remote);
    }

    /** True for 127.0.0.0/8 and ::1, and for non-IP transports (which are local by nature). */
    public static boolean isLoopback(SocketAddress remote) {
        if (remote instanceof InetSocketAddress inet) {
            InetAddress address = inet.getAddress();
            return address != null && address.isLoopbackAddress();
        }
        return true;
    }
}
