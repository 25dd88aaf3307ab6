package io.warren.management;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.warren.broker.BrokerServices;
import io.warren.broker.config.BrokerConfig;
import io.warren.broker.config.ConfigKey;
import io.warren.broker.config.CoreSettings;
import io.warren.broker.spi.BrokerPlugin;
import io.warren.broker.spi.PluginContext;
import io.warren.management.api.ApiContext;
import io.warren.management.api.ManagementApi;
import io.warren.management.definitions.DefinitionsRoutes;
import io.warren.management.policies.PolicyRoutes;
import io.warren.management.metrics.PrometheusMetrics;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management plugin: the HTTP API on {@code management.tcp.port} (15672 by default), found by
 * the broker through {@link java.util.ServiceLoader}, as RabbitMQ's management is a plugin too.
 * Requests are logged in with HTTP basic auth against the broker's users; what each may do follows
 * RabbitMQ's user tags ({@link Access}).
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
        BrokerServices services = context.services();
        Router router = routes(context);
        BasicAuth auth = new BasicAuth(services.authenticator(), config.get(CoreSettings.LOOPBACK_USERS));
        server = HttpServer.bind(context.transport(), config.get(ManagementSettings.IP),
                config.get(ManagementSettings.PORT), router, auth, new ObjectMapper());
        context.registerListener(LISTENER_NAME, server.boundAddress());
        log.info("Management listener on {}", server.boundAddress());
    }

    /** Every route the plugin serves; other parts of the API register theirs here. */
    private Router routes(PluginContext context) {
        Router router = new Router();
        ApiContext api = apiContext(context, new BrokerMessageStats(context.services().statistics()));
        ManagementApi.register(router, api);
        DefinitionsRoutes.register(router, api);
        PolicyRoutes.register(router, api);
        // No login, as RabbitMQ's Prometheus plugin: scrapers are configured with a URL, not a user.
        PrometheusMetrics metrics = new PrometheusMetrics(context.services(), context.version());
        router.get(PrometheusMetrics.PATH, Access.PUBLIC,
                request -> JsonResponse.raw(HttpResponseStatus.OK, PrometheusMetrics.CONTENT_TYPE, metrics.render()));
        return router;
    }

    private static ApiContext apiContext(PluginContext context, MessageStats stats) {
        return new ApiContext(context.services(), context.version(), stats, context::listeners,
                System.currentTimeMillis());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
