package io.warren.management;

import io.warren.broker.config.BrokerConfig;
import io.warren.broker.config.ConfigKey;
import io.warren.broker.spi.BrokerPlugin;
import io.warren.broker.spi.PluginContext;
import io.warren.management.metrics.MetricsHandler;
import io.warren.management.metrics.PrometheusMetrics;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management plugin: the HTTP listener on {@code management.tcp.port} (15672 by default), found
 * by the broker through {@link java.util.ServiceLoader}, as RabbitMQ's management is a plugin too.
 * It serves no API routes yet, so every request gets RabbitMQ's 404 answer.
 */
public final class ManagementPlugin implements BrokerPlugin {
    /** The name the listener is registered under, as the ready line and status reports show it. */
    public static final String LISTENER_NAME = "management";

    private static final Logger log = LoggerFactory.getLogger(ManagementPlugin.class);

    private HttpServer server;

    @Override
    public String name() {
        return "management";
    }

    @Override
    public List<ConfigKey<?>> configKeys() {
        return ManagementSettings.all();
    }

    @Override
    public void start(PluginContext context) throws Exception {
        BrokerConfig config = context.config();
        server = HttpServer.bind(context.transport(), config.get(ManagementSettings.IP),
                config.get(ManagementSettings.PORT), new Router(),
                new MetricsHandler(new PrometheusMetrics(context.services(), context.version())));
        context.registerListener(LISTENER_NAME, server.boundAddress());
        log.info("Management listener on {}", server.boundAddress());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
