package io.warren.management.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpMethod;
import io.warren.broker.AmqpException;
import io.warren.broker.queue.MessageQueue;
import io.warren.broker.vhost.Destination;
import io.warren.broker.vhost.Exchange;
import io.warren.broker.vhost.ResourceOperations;
import io.warren.broker.vhost.VirtualHost;
import io.warren.management.Access;
import io.warren.management.ApiException;
import io.warren.management.ApiRequest;
import io.warren.management.JsonResponse;
import io.warren.management.ListQuery;
import io.warren.management.Router;
import io.warren.routing.Binding;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * {@code /api/bindings}: every binding (those from the default exchange included, as RabbitMQ
 * lists them), per vhost, between two ends ({@code /e/{source}/q/{queue}} and
 * {@code /e/{source}/e/{exchange}}: GET lists, POST binds and answers 201 with a {@code Location}
 * naming the new binding's properties key), and one binding by its properties key (GET, DELETE).
 */
final class BindingRoutes {
    private final ApiContext api;
    private final Rows rows;

    BindingRoutes(ApiContext api, Rows rows) {
        this.api = api;
        this.rows = rows;
    }

    void register(Router router) {
        router.get("/api/bindings", Access.MANAGEMENT, this::listAll);
        router.get("/api/bindings/{vhost}", Access.MANAGEMENT, this::listVhost);
        for (String kind : List.of("q", "e")) {
            boolean toQueue = kind.equals("q");
            String ends = "/api/bindings/{vhost}/e/{source}/" + kind + "/{destination}";
            router.get(ends, Access.MANAGEMENT, r -> between(r, toQueue));
            router.addAsync(HttpMethod.POST, ends, Access.MANAGEMENT, r -> bind(r, toQueue));
            router.get(ends + "/{props}", Access.MANAGEMENT, r -> one(r, toQueue));
            router.addAsync(HttpMethod.DELETE, ends + "/{props}", Access.MANAGEMENT, r -> unbind(r, toQueue));
        }
    }

    /** RabbitMQ's order: by source, destination type and name, routing key, then properties key. */
    static void sortBindings(List<Map<String, Object>> bindings) {
        bindings.sort(Comparator.<Map<String, Object>, String>comparing(b -> (String) b.get("vhost"))
                .thenComparing(b -> (String) b.get("source"))
                .thenComparing(b -> (String) b.get("destination_type"))
                .thenComparing(b -> (String) b.get("destination"))
                .thenComparing(b -> (String) b.get("routing_key"))
                .thenComparing(b -> (String) b.get("properties_key")));
    }

    private List<Map<String, Object>> bindingsOf(VirtualHost vhost) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (MessageQueue q : vhost.queues()) {
            if (!q.isDeleted()) {
                out.add(rows.defaultBinding(q));
            }
        }
        for (VirtualHost.SourcedBinding sb : vhost.bindings()) {
            out.add(rows.binding(vhost.name(), sb.source().name(), sb.binding()));
        }
        sortBindings(out);
        return out;
    }

    private JsonResponse listAll(ApiRequest r) {
        ListQuery query = ListQuery.of(r);
        List<Map<String, Object>> all = new ArrayList<>();
        for (VirtualHost vhost : api.visibleVhosts(r.user())) {
            all.addAll(bindingsOf(vhost));
        }
        return JsonResponse.ok(query.apply(all, false));
    }

    private JsonResponse listVhost(ApiRequest r) {
        ListQuery query = ListQuery.of(r);
        api.requireVhostAccess(r.user(), r.param("vhost"));
        return JsonResponse.ok(query.apply(bindingsOf(api.vhost(r.param("vhost"))), false));
    }

    /** The two ends a path names, both existing, or 404. */
    private record Ends(VirtualHost vhost, Exchange source, Destination destination) {
    }

    private Ends ends(ApiRequest r, boolean toQueue) {
        api.requireVhostAccess(r.user(), r.param("vhost"));
        VirtualHost vhost = api.vhost(r.param("vhost"));
        Exchange source = vhost.exchange(Bodies.exchangeName(r.param("source")));
        Destination destination = null;
        if (toQueue) {
            MessageQueue queue = vhost.queue(r.param("destination"));
            destination = queue == null ? null : new Destination.ToQueue(queue);
        } else {
            Exchange exchange = vhost.exchange(Bodies.exchangeName(r.param("destination")));
            destination = exchange == null ? null : new Destination.ToExchange(exchange);
        }
        if (source == null || destination == null) {
            throw ApiException.notFound();
        }
        return new Ends(vhost, source, destination);
    }

    private List<Binding<Destination>> bindingsBetween(Ends ends) {
        return ends.source().bindings().bindingsFor(ends.destination());
    }

    private JsonResponse between(ApiRequest r, boolean toQueue) {
        Ends ends = ends(r, toQueue);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Binding<Destination> b : bindingsBetween(ends)) {
            out.add(rows.binding(ends.vhost().name(), ends.source().name(), b));
        }
        sortBindings(out);
        return JsonResponse.ok(ListQuery.of(r).apply(out, false));
    }

    private Binding<Destination> find(ApiRequest r, Ends ends) {
        String props = r.param("props");
        for (Binding<Destination> b : bindingsBetween(ends)) {
            String key = Rows.propertiesKey(b.routingKey(), b.arguments());
            if (key.equals(props) || URLDecoder.decode(key, StandardCharsets.UTF_8).equals(props)) {
                return b;
            }
        }
        throw ApiException.notFound();
    }

    private JsonResponse one(ApiRequest r, boolean toQueue) {
        Ends ends = ends(r, toQueue);
        return JsonResponse.ok(ListQuery.of(r).applyOne(
                rows.binding(ends.vhost().name(), ends.source().name(), find(r, ends))));
    }

    /**
     * Binds with the user's permissions (write on the destination, read on the source). A missing
     * end is 404 {@code not_found} "no exchange 'x' in vhost '/'", as RabbitMQ answers a POST.
     */
    private CompletionStage<JsonResponse> bind(ApiRequest r, boolean toQueue) {
        String vhostName = r.param("vhost");
        api.requireVhostAccess(r.user(), vhostName);
        VirtualHost vhost = api.vhost(vhostName);
        ObjectNode body = r.jsonObject();
        String routingKey = Bodies.text(body, "routing_key", "");
        Map<String, Object> arguments = Fields.tableFromJson(body.get("arguments"), "arguments");
        String source = Bodies.exchangeName(r.param("source"));
        String destination = toQueue ? r.param("destination") : Bodies.exchangeName(r.param("destination"));
        ResourceOperations ops = api.services().resourceOperations();
        try {
            if (toQueue) {
                ops.bindQueue(r.user().name(), vhost, destination, source, routingKey, arguments,
                        ApiContext.NO_CONNECTION);
            } else {
                ops.bindExchange(r.user().name(), vhost, source, destination, routingKey, arguments);
            }
        } catch (AmqpException e) {
            throw ApiException.from(e);
        }
        String location = URLEncoder.encode(destination, StandardCharsets.UTF_8).replace("+", "%20") + "/"
                + Rows.propertiesKey(routingKey, arguments);
        return api.whenDurable(JsonResponse.created().withHeader("location", location));
    }

    private CompletionStage<JsonResponse> unbind(ApiRequest r, boolean toQueue) {
        Ends ends = ends(r, toQueue);
        Binding<Destination> binding = find(r, ends);
        ResourceOperations ops = api.services().resourceOperations();
        try {
            if (toQueue) {
                ops.unbindQueue(r.user().name(), ends.vhost(), ends.destination().name(), ends.source().name(),
                        binding.routingKey(), binding.arguments(), ApiContext.NO_CONNECTION);
            } else {
                ops.unbindExchange(r.user().name(), ends.vhost(), ends.source().name(), ends.destination().name(),
                        binding.routingKey(), binding.arguments());
            }
        } catch (AmqpException e) {
            throw ApiException.from(e);
        }
        return api.whenDurable(JsonResponse.noContent());
    }
}
