package io.warren.management;

import io.warren.broker.config.ConfigKey;
import io.warren.broker.config.ValueParsers;
import java.util.List;

/**
 * The management plugin's configuration keys, named as in RabbitMQ's {@code rabbitmq.conf}.
 * Constants, so that every plugin instance hands the broker the same key objects.
 */
public final class ManagementSettings {
    private ManagementSettings() {
    }

    public static final ConfigKey<Integer> PORT = ConfigKey.of("management.tcp.port",
            ValueParsers.intRange(0, 65535), 15672, "a port 0-65535 (0 picks a free port)",
            "where the management HTTP API listens");

    /** Null, the default, binds every interface. */
    public static final ConfigKey<String> IP = ConfigKey.of("management.tcp.ip", ValueParsers::nonEmpty, null,
            "an IP address or host name of this machine, e.g. 127.0.0.1 (default: all interfaces)",
            "the address the management HTTP API binds");

    public static List<ConfigKey<?>> all() {
        return List.of(PORT, IP);
    }
}
