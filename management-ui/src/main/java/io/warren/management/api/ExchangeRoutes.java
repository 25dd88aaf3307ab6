package io.warren.management.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpMethod;
import io.warren.amqp.content.BasicProperties;
import io.warren.broker.AmqpException;
import io.warren.broker.channel.DirectPublisher;
import io.warren.broker.vhost.Destination;
import io.warren.broker.vhost.Exchange;
import io.warren.broker.vhost.VirtualHost;
import io.warren.management.Access;
import io.warren.management.ApiException;
import io.warren.management.ApiRequest;
import io.warren.management.JsonResponse;
import io.warren.management.ListQuery;
import io.warren.management.Router;
import io.warren.routing.Binding;
import io.warren.broker.stats.HistoryRange;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code /api/exchanges}: lists, one exchange (GET, PUT to declare, DELETE with {@code if-unused}),
 * its bindings as source and as destination, and {@code .../publish}. Declaring and deleting go
 * through broker-core's {@code ResourceOperations} with the user's permissions, as AMQP does.
 */
final class ExchangeRoutes {
    private final ApiContext api;
    private final Rows rows;
    private final DirectPublisher publisher;

    ExchangeRoutes(ApiContext api, Rows rows) {
        this.api = api;
        this.rows = rows;
        this.publisher = new DirectPublisher(api.services());
    }

    void register(Router router) {
        router.get("/api/exchanges", Access.MANAGEMENT, this::listAll);
        router.get("/api/exchanges/{vhost}", Access.MANAGEMENT, this::listVhost);
        router.get("/api/exchanges/{vhost}/{name}", Access.MANAGEMENT, this::get);
        router.addAsync(HttpMethod.PUT, "/api/exchanges/{vhost}/{name}", Access.MANAGEMENT, this::put);
        router.addAsync(HttpMethod.DELETE, "/api/exchanges/{vhost}/{name}", Access.MANAGEMENT, this::delete);
        router.get("/api/exchanges/{vhost}/{name}/bindings/source", Access.MANAGEMENT, r -> bindings(r, true));
        router.get("/api/exchanges/{vhost}/{name}/bindings/destination", Access.MANAGEMENT, r -> bindings(r, false));
        router.addAsync(HttpMethod.POST, "/api/exchanges/{vhost}/{name}/publish", Access.MANAGEMENT, this::publish);
    }

    private JsonResponse listAll(ApiRequest r) {
        ListQuery query = ListQuery.of(r);
        List<Map<String, Object>> all = new ArrayList<>();
        for (VirtualHost vhost : api.visibleVhosts(r.user())) {
            all.addAll(exchangesOf(vhost));
        }
        return JsonResponse.ok(query.apply(all));
    }

    private JsonResponse listVhost(ApiRequest r) {
        ListQuery query = ListQuery.of(r);
        api.requireVhostAccess(r.user(), r.param("vhost"));
        return JsonResponse.ok(query.apply(exchangesOf(api.vhost(r.param("vhost")))));
    }

    private List<Map<String, Object>> exchangesOf(VirtualHost vhost) {
        List<Exchange> exchanges = new ArrayList<>(vhost.exchanges());
        exchanges.sort(Comparator.comparing(Exchange::name));
        List<Map<String, Object>> out = new ArrayList<>(exchanges.size());
        for (Exchange e : exchanges) {
            out.add(rows.exchange(e));
        }
        return out;
    }

    private Exchange requireExchange(ApiRequest r) {
        api.requireVhostAccess(r.user(), r.param("vhost"));
        Exchange exchange = api.vhost(r.param("vhost")).exchange(Bodies.exchangeName(r.param("name")));
        if (exchange == null) {
            throw ApiException.notFound();
        }
        return exchange;
    }

    private JsonResponse get(ApiRequest r) {
        Exchange exchange = requireExchange(r);
        Map<String, Object> row = rows.exchange(exchange);
        HistoryRange rates = HistoryRanges.rates(r);
        if (rates != null) {
            Map<String, Object> stats = api.stats().exchange(exchange, rates);
            if (stats != null) {
                row.put("message_stats", stats);
            }
        }
        row.put("incoming", List.of());
        row.put("outgoing", List.of());
        return JsonResponse.ok(ListQuery.of(r).applyOne(row));
    }

    private CompletionStage<JsonResponse> put(ApiRequest r) {
        String vhostName = r.param("vhost");
        api.requireVhostAccess(r.user(), vhostName);
        ObjectNode body = r.jsonObject();
        VirtualHost vhost = api.vhostToDeclareIn(vhostName);
        String name = Bodies.exchangeName(r.param("name"));
        String type = Bodies.text(body, "type", "direct");
        if (api.services().vhosts().exchangeTypes().find(type).isEmpty()) {
            throw ApiException.badRequest("invalid exchange type '" + type + "'");
        }
        boolean existed = vhost.exchange(name) != null;
        try {
            api.services().resourceOperations().declareExchange(r.user().name(), vhost, name, type, false,
                    Bodies.bool(body, "durable", false), Bodies.bool(body, "auto_delete", false),
                    Bodies.bool(body, "internal", false), Fields.tableFromJson(body.get("arguments"), "arguments"));
        } catch (AmqpException e) {
            throw ApiException.from(e);
        }
        return api.whenDurable(JsonResponse.createdOrUpdated(!existed));
    }

    private CompletionStage<JsonResponse> delete(ApiRequest r) {
        Exchange exchange = requireExchange(r);
        VirtualHost vhost = api.vhost(r.param("vhost"));
        try {
            api.services().resourceOperations().deleteExchange(r.user().name(), vhost, exchange.name(),
                    r.queryFlag("if-unused"));
        } catch (AmqpException e) {
            throw ApiException.from(e);
        }
        return api.whenDurable(JsonResponse.noContent());
    }

    private JsonResponse bindings(ApiRequest r, boolean asSource) {
        Exchange exchange = requireExchange(r);
        VirtualHost vhost = api.vhost(r.param("vhost"));
        List<Map<String, Object>> out = new ArrayList<>();
        if (asSource) {
            for (Binding<Destination> b : exchange.bindings().bindings()) {
                out.add(rows.binding(vhost.name(), exchange.name(), b));
            }
        } else {
            for (VirtualHost.SourcedBinding sb : vhost.bindings()) {
                if (sb.binding().destination() instanceof Destination.ToExchange x && x.exchange() == exchange) {
                    out.add(rows.binding(vhost.name(), sb.source().name(), sb.binding()));
                }
            }
        }
        BindingRoutes.sortBindings(out);
        return JsonResponse.ok(ListQuery.of(r).apply(out, false));
    }

    /**
     * RabbitMQ's publish: {@code routing_key}, {@code properties}, {@code payload} and
     * {@code payload_encoding} ({@code string} or {@code base64}) are required. A refusal from the
     * publish itself is 400 with the AMQP code and text, e.g. {@code "404 NOT_FOUND - no exchange
     * 'x' in vhost '/'"}, as RabbitMQ answers.
     */
    private CompletionStage<JsonResponse> publish(ApiRequest r) {
        String vhostName = r.param("vhost");
        api.requireVhostAccess(r.user(), vhostName);
        VirtualHost vhost = api.vhost(vhostName);
        ObjectNode body = r.jsonObject();
        Bodies.requireKeys(body, "routing_key", "properties", "payload", "payload_encoding");
        String payloadText = Bodies.text(body, "payload", "");
        String encoding = Bodies.text(body, "payload_encoding", "string");
        byte[] payload;
        if (encoding.equals("base64")) {
            try {
                payload = Base64.getDecoder().decode(payloadText);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(List.of("not_base64", payloadText));
            }
        } else if (encoding.equals("string")) {
            payload = payloadText.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } else {
            throw ApiException.badRequest("unsupported payload_encoding '" + encoding + "'");
        }
        BasicProperties properties = MessageProperties.fromJson(body.get("properties"));
        CompletableFuture<Boolean> routed;
        try {
            routed = publisher.publish(r.user().name(), vhost, Bodies.exchangeName(r.param("name")),
                    Bodies.text(body, "routing_key", ""), properties, payload);
        } catch (AmqpException e) {
            throw ApiException.badRequest(e.replyCode().code() + " " + e.replyText());
        }
        return routed.thenApply(ok -> JsonResponse.ok(Map.of("routed", ok)));
    }
}
