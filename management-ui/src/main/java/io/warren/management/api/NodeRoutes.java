package io.warren.management.api;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.warren.amqp.content.BasicProperties;
import io.warren.broker.AmqpException;
import io.warren.broker.channel.DirectPublisher;
import io.warren.broker.connection.ConnectionView;
import io.warren.broker.flow.ResourceAlarms;
import io.warren.broker.queue.MessageQueue;
import io.warren.broker.vhost.VirtualHost;
import io.warren.management.Access;
import io.warren.management.ApiException;
import io.warren.management.ApiRequest;
import io.warren.management.JsonResponse;
import io.warren.management.ListQuery;
import io.warren.management.Router;
import io.warren.routing.ExchangeType;
import io.warren.broker.stats.HistoryRange;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The node as a whole: {@code /api/overview}, {@code /api/nodes}, {@code /api/extensions},
 * {@code /api/health/checks/alarms} and {@code /api/aliveness-test/{vhost}}.
 *
 * <p>Versions: RabbitMQ's {@code rabbitmq_version}, {@code management_version} and
 * {@code product_version} all carry Warren's version, with {@code product_name} "Warren", so
 * scripts reading those fields find the broker that answers. Memory: {@code mem_used} and
 * {@code mem_limit} are what Warren's memory alarm compares (bytes held by queued messages
 * against the high watermark), so {@code mem_alarm} follows from them.
 */
final class NodeRoutes {
    static final String PRODUCT_NAME = "Warren";
    static final String ALIVENESS_QUEUE = "aliveness-test";
    static final String ALIVENESS_MESSAGE = "test_message";

    private final ApiContext api;
    private final Rows rows;
    private final DirectPublisher publisher;

    NodeRoutes(ApiContext api, Rows rows) {
        this.api = api;
        this.rows = rows;
        this.publisher = new DirectPublisher(api.services());
    }

    void register(Router router) {
        router.addAsync(HttpMethod.GET, "/api/overview", Access.MANAGEMENT, this::overview);
        router.get("/api/nodes", Access.MONITORING, r -> JsonResponse.ok(ListQuery.of(r).apply(List.of(node()))));
        router.get("/api/nodes/{node}", Access.MONITORING, r -> {
            if (!r.param("node").equals(api.node())) {
                throw ApiException.notFound();
            }
            return JsonResponse.ok(ListQuery.of(r).applyOne(node()));
        });
        router.get("/api/extensions", Access.MANAGEMENT, r -> JsonResponse.ok(List.of()));
        router.get("/api/health/checks/alarms", Access.MANAGEMENT, r -> alarms());
        router.addAsync(HttpMethod.GET, "/api/aliveness-test/{vhost}", Access.MANAGEMENT, this::aliveness);
    }

    private CompletionStage<JsonResponse> overview(ApiRequest r) {
        ListQuery query = ListQuery.of(r);
        HistoryRange rates = HistoryRanges.rates(r);
        HistoryRange lengths = HistoryRanges.lengths(r);
        return api.connectionViews().thenApply(all -> {
            List<VirtualHost> vhosts = api.visibleVhosts(r.user());
            long exchanges = 0;
            long queues = 0;
            long ready = 0;
            long unacked = 0;
            for (VirtualHost v : vhosts) {
                exchanges += v.exchanges().size();
                for (MessageQueue q : v.queues()) {
                    if (!q.isDeleted()) {
                        queues++;
                        ready += q.messageCount();
                        unacked += q.unacknowledgedCount();
                    }
                }
            }
            long connections = 0;
            long channels = 0;
            long consumers = 0;
            for (ConnectionView c : all) {
                if (api.seesConnection(r.user(), c)) {
                    connections++;
                    channels += c.channels().size();
                    consumers += c.channels().stream().mapToLong(ch -> ch.consumers().size()).sum();
                }
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("management_version", api.version());
            row.put("rates_mode", "basic");
            row.put("exchange_types", exchangeTypes());
            row.put("product_version", api.version());
            row.put("product_name", PRODUCT_NAME);
            row.put("rabbitmq_version", api.version());
            row.put("cluster_name", api.node());
            row.put("erlang_version", "Java " + Runtime.version());
            row.put("erlang_full_version", System.getProperty("java.vm.name") + " " + Runtime.version());
            row.put("disable_stats", false);
            Map<String, Object> stats = api.stats().overall(rates);
            if (stats != null) {
                row.put("message_stats", stats);
            }
            // The counts are live and cover the vhosts this user sees; rates and samples come from the sampler.
            Map<String, Object> queueTotals = Rows.ordered("messages", ready + unacked, "messages_ready", ready,
                    "messages_unacknowledged", unacked);
            Map<String, Object> details = api.stats().queueTotalDetails(lengths);
            if (details != null) {
                queueTotals.putAll(details);
            }
            row.put("queue_totals", queueTotals);
            Map<String, Object> totals = new LinkedHashMap<>();
            totals.put("channels", channels);
            totals.put("connections", connections);
            totals.put("consumers", consumers);
            totals.put("exchanges", exchanges);
            totals.put("queues", queues);
            row.put("object_totals", totals);
            row.put("statistics_db_event_queue", 0);
            row.put("node", api.node());
            row.put("listeners", listeners());
            row.put("contexts", contexts());
            return JsonResponse.ok(query.applyOne(row));
        });
    }

    private List<Map<String, Object>> exchangeTypes() {
        List<ExchangeType> types = new ArrayList<>(api.services().vhosts().exchangeTypes().types());
        types.sort(Comparator.comparing(ExchangeType::name));
        List<Map<String, Object>> out = new ArrayList<>();
        for (ExchangeType type : types) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", type.name());
            row.put("description", type.description());
            row.put("enabled", true);
            out.add(row);
        }
        return out;
    }

    /** The node's listeners by RabbitMQ's protocol names: {@code amqp}, {@code http} for the API. */
    private List<Map<String, Object>> listeners() {
        List<Map<String, Object>> out = new ArrayList<>();
        new java.util.TreeMap<>(api.listeners().get()).forEach((name, address) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("node", api.node());
            row.put("protocol", name.equals("management") ? "http" : name);
            row.put("ip_address", ip(address));
            row.put("port", address.getPort());
            row.put("socket_opts", Map.of());
            out.add(row);
        });
        return out;
    }

    private List<Map<String, Object>> contexts() {
        InetSocketAddress http = api.listeners().get().get("management");
        if (http == null) {
            return List.of();
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("node", api.node());
        row.put("description", "Warren Management");
        row.put("path", "/");
        row.put("ip", ip(http));
        row.put("port", String.valueOf(http.getPort()));
        return List.of(row);
    }

    /** As RabbitMQ shows a listener bound to every interface: {@code ::}, not {@code 0:0:0:0:0:0:0:0}. */
    static String ip(InetSocketAddress address) {
        if (address.getAddress() == null) {
            return address.getHostString();
        }
        return address.getAddress().isAnyLocalAddress() ? "::" : address.getAddress().getHostAddress();
    }

    private Map<String, Object> node() {
        ResourceAlarms alarms = api.services().alarms();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", api.node());
        row.put("type", "disc");
        row.put("running", true);
        row.put("os_pid", String.valueOf(ProcessHandle.current().pid()));
        row.put("mem_used", alarms.memory().usedBytes());
        row.put("mem_limit", alarms.memory().limitBytes());
        row.put("mem_alarm", alarms.memory().isAlarmed());
        row.put("mem_calculation_strategy", "queued_messages");
        row.put("disk_free", alarms.disk().freeBytes());
        row.put("disk_free_limit", alarms.disk().limitBytes());
        row.put("disk_free_alarm", alarms.disk().isAlarmed());
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            row.put("fd_used", unix.getOpenFileDescriptorCount());
            row.put("fd_total", unix.getMaxFileDescriptorCount());
            // Warren has no socket quota of its own: the descriptor limit is what bounds connections.
            row.put("sockets_total", unix.getMaxFileDescriptorCount());
        }
        row.put("sockets_used", api.services().connections().size());
        row.put("processors", Runtime.getRuntime().availableProcessors());
        row.put("uptime", ManagementFactory.getRuntimeMXBean().getUptime());
        row.put("rates_mode", "basic");
        row.put("exchange_types", exchangeTypes());
        row.put("auth_mechanisms", authMechanisms());
        row.put("partitions", List.of());
        row.put("cluster_links", List.of());
        row.put("being_drained", false);
        return row;
    }

    private List<Map<String, Object>> authMechanisms() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String name : api.services().authenticator().mechanismNames().split(" ")) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", name);
            row.put("description", "SASL " + name + " authentication mechanism");
            row.put("enabled", true);
            out.add(row);
        }
        return out;
    }

    /**
     * {@code {"status":"ok"}}, or, while a resource alarm is up, 503 with the alarms in effect, each
     * as {@code {"node":..., "resource":"memory"|"disk"}}.
     */
    private JsonResponse alarms() {
        ResourceAlarms alarms = api.services().alarms();
        if (!alarms.isAlarmed()) {
            return JsonResponse.ok(Map.of("status", "ok"));
        }
        List<Map<String, Object>> up = new ArrayList<>();
        if (alarms.memory().isAlarmed()) {
            up.add(alarm("memory"));
        }
        if (alarms.disk().isAlarmed()) {
            up.add(alarm("disk"));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "failed");
        body.put("reason", "resource alarm(s) in effect in the cluster");
        body.put("alarms", up);
        return new JsonResponse(HttpResponseStatus.SERVICE_UNAVAILABLE, body);
    }

    private Map<String, Object> alarm(String resource) {
        Map<String, Object> alarm = new LinkedHashMap<>();
        alarm.put("node", api.node());
        alarm.put("resource", resource);
        return alarm;
    }

    /**
     * RabbitMQ's aliveness test, as the user: declare the {@code aliveness-test} queue, publish a
     * message to it through the default exchange, and get it back. A refusal on the way is 401 with
     * the AMQP text (e.g. "ACCESS_REFUSED - access to queue 'aliveness-test' ..."), as RabbitMQ answers.
     */
    private CompletionStage<JsonResponse> aliveness(ApiRequest r) {
        String vhostName = r.param("vhost");
        api.requireVhostAccess(r.user(), vhostName);
        VirtualHost vhost = api.vhost(vhostName);
        String user = r.user().name();
        MessageQueue queue;
        CompletableFuture<Boolean> published;
        try {
            queue = api.services().resourceOperations().declareQueue(user, vhost, ALIVENESS_QUEUE, false, false,
                    false, false, false, Map.of(), ApiContext.NO_CONNECTION).queue();
            api.services().resourceOperations().queueToRead(user, vhost, ALIVENESS_QUEUE, ApiContext.NO_CONNECTION);
            published = publisher.publish(user, vhost, "", ALIVENESS_QUEUE, BasicProperties.EMPTY,
                    ALIVENESS_MESSAGE.getBytes(StandardCharsets.UTF_8));
        } catch (AmqpException e) {
            throw ApiException.notAuthorised(e.replyText());
        }
        CompletableFuture<JsonResponse> answer = new CompletableFuture<>();
        published.whenComplete((routed, error) -> queue.get(true, (entry, remaining) -> {
            boolean ok = entry != null;
            if (entry != null) {
                entry.message().release();
            }
            answer.complete(ok ? JsonResponse.ok(Map.of("status", "ok"))
                    : new JsonResponse(HttpResponseStatus.SERVICE_UNAVAILABLE,
                            Rows.ordered("status", "failed", "reason", "the test message did not come back")));
        }));
        return answer;
    }
}
