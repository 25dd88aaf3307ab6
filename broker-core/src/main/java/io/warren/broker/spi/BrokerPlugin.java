package io.warren.broker.spi;

import io.warren.broker.config.ConfigKey;
import java.util.List;

/**
 * An extension of the broker, found with {@link java.util.ServiceLoader}: the management API, the
 * cluster and third-party plugins all come in through this door, as RabbitMQ's management is itself
 * a plugin.
 *
 * <p>Lifecycle: {@link #configKeys()} is asked before the configuration is read, so the strict
 * parser accepts the plugin's keys; {@link #start} runs once the AMQP listener is bound;
 * {@link #stop} runs before the broker closes client connections.
 */
public interface BrokerPlugin {
    /** A short, unique name for logs, e.g. {@code "management"}. */
    String name();

    /** The configuration keys this plugin reads; they become legal in the configuration file. */
    default List<ConfigKey<?>> configKeys() {
        return List.of();
    }

    void start(PluginContext context) throws Exception;

    default void stop() {
    }
}
