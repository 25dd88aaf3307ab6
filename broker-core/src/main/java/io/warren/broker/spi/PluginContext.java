package io.warren.broker.spi;

import io.warren.broker.BrokerServices;
import io.warren.broker.config.BrokerConfig;
import io.warren.broker.transport.NettyTransport;
import java.net.InetSocketAddress;
import java.util.Map;

/** What the broker offers a plugin while it starts. */
public interface PluginContext {
    BrokerConfig config();

    /** The broker's event loops, for plugins that serve a protocol of their own (e.g. HTTP). */
    NettyTransport transport();

    /** Users, virtual hosts, connections and the alarms: the broker's live state. */
    BrokerServices services();

    /** The broker's version, e.g. {@code 0.1.0}. */
    String version();

    /**
     * Announces a listener the plugin has bound, so it appears in the ready line and in status
     * reports under {@code name} (e.g. {@code "management"}).
     */
    void registerListener(String name, InetSocketAddress boundAddress);

    /** The listeners bound so far, by name ("amqp", "management", ...), as of this call. */
    default Map<String, InetSocketAddress> listeners() {
        return Map.of();
    }
}
