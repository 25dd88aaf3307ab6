package io.warren.management.api;

import io.netty.handler.codec.http.HttpMethod;
import io.warren.broker.channel.ChannelView;
import io.warren.broker.connection.AmqpConnection;
import io.warren.broker.connection.ConnectionView;
import io.warren.broker.security.User;
import io.warren.management.Access;
import io.warren.management.ApiException;
import io.warren.management.ApiRequest;
import io.warren.management.JsonResponse;
import io.warren.management.ListQuery;
import io.warren.management.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * {@code /api/connections} (DELETE closes one), {@code /api/channels}, {@code /api/consumers}, and
 * their per-vhost and per-connection forms. Connection and channel state belongs to each
 * connection's event loop, so every answer is built from snapshots the connections take on their
 * own threads. Management users see their own connections; monitoring users and administrators
 * see all, as in RabbitMQ.
 */
final class ConnectionRoutes {
    /** What a client is told when its connection is closed through the API without an {@code X-Reason}. */
    static final String DEFAULT_CLOSE_REASON = "Closed via management plugin";

    private final ApiContext api;
    private final Rows rows;

    ConnectionRoutes(ApiContext api, Rows rows) {
        this.api = api;
        this.rows = rows;
    }

    void register(Router router) {
        router.addAsync(HttpMethod.GET, "/api/connections", Access.MANAGEMENT, r -> connections(r, c -> true));
        router.addAsync(HttpMethod.GET, "/api/vhosts/{vhost}/connections", Access.MANAGEMENT, r -> {
            String vhost = vhostParam(r);
            return connections(r, c -> c.vhost().equals(vhost));
        });
        router.addAsync(HttpMethod.GET, "/api/connections/{name}", Access.MANAGEMENT, this::connection);
        router.addAsync(HttpMethod.DELETE, "/api/connections/{name}", Access.MANAGEMENT, this::close);
        router.addAsync(HttpMethod.GET, "/api/connections/{name}/channels", Access.MANAGEMENT, this::channelsOf);
        router.addAsync(HttpMethod.GET, "/api/channels", Access.MANAGEMENT, r -> channels(r, c -> true));
        router.addAsync(HttpMethod.GET, "/api/vhosts/{vhost}/channels", Access.MANAGEMENT, r -> {
            String vhost = vhostParam(r);
            return channels(r, c -> c.vhost().equals(vhost));
        });
        router.addAsync(HttpMethod.GET, "/api/channels/{name}", Access.MANAGEMENT, this::channel);
        router.addAsync(HttpMethod.GET, "/api/consumers", Access.MANAGEMENT, r -> consumers(r, null));
        router.addAsync(HttpMethod.GET, "/api/consumers/{vhost}", Access.MANAGEMENT, r -> consumers(r, vhostParam(r)));
    }

    private String vhostParam(ApiRequest r) {
        String vhost = r.param("vhost");
        api.requireVhostAccess(r.user(), vhost);
        api.vhost(vhost);
        return vhost;
    }

    private CompletionStage<List<ConnectionView>> visible(User user, Predicate<ConnectionView> filter) {
        return api.connectionViews().thenApply(all -> all.stream()
                .filter(c -> api.seesConnection(user, c) && filter.test(c)).toList());
    }

    private CompletionStage<JsonResponse> connections(ApiRequest r, Predicate<ConnectionView> filter) {
        ListQuery query = ListQuery.of(r);
        return visible(r.user(), filter).thenApply(list -> {
            List<Map<String, Object>> out = new ArrayList<>(list.size());
            list.forEach(c -> out.add(rows.connection(c)));
            return JsonResponse.ok(query.apply(out));
        });
    }

    /** The connection named by the path, if the user may see it; else 404, or 401 for someone else's. */
    private CompletionStage<ConnectionView> named(ApiRequest r) {
        String name = r.param("name");
        AmqpConnection connection = api.connection(name);
        if (connection == null) {
            throw ApiException.notFound();
        }
        return connection.view().thenApply(view -> {
            if (view == null) {
                throw ApiException.notFound();
            }
            if (!api.seesConnection(r.user(), view)) {
                throw ApiException.notAuthorised("User not authorised to access object");
            }
            return view;
        });
    }

    private CompletionStage<JsonResponse> connection(ApiRequest r) {
        ListQuery query = ListQuery.of(r);
        return named(r).thenApply(view -> JsonResponse.ok(query.applyOne(rows.connection(view))));
    }

    /**
     * Closes the connection with 320 CONNECTION_FORCED and the {@code X-Reason} header's text, or
     * RabbitMQ's "Closed via management plugin".
     */
    private CompletionStage<JsonResponse> close(ApiRequest r) {
        AmqpConnection connection = api.connection(r.param("name"));
        String reason = r.header("x-reason");
        return named(r).thenApply(view -> {
            connection.forceClose(reason == null || reason.isEmpty() ? DEFAULT_CLOSE_REASON : reason);
            return JsonResponse.noContent();
        });
    }

    private CompletionStage<JsonResponse> channelsOf(ApiRequest r) {
        ListQuery query = ListQuery.of(r);
        return named(r).thenApply(view -> {
            List<Map<String, Object>> out = new ArrayList<>();
            view.channels().forEach(ch -> out.add(rows.channel(view, ch)));
            return JsonResponse.ok(query.apply(out));
        });
    }

    private CompletionStage<JsonResponse> channels(ApiRequest r, Predicate<ConnectionView> filter) {
        ListQuery query = ListQuery.of(r);
        return visible(r.user(), filter).thenApply(list -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (ConnectionView c : list) {
                c.channels().forEach(ch -> out.add(rows.channel(c, ch)));
            }
            return JsonResponse.ok(query.apply(out));
        });
    }

    private CompletionStage<JsonResponse> channel(ApiRequest r) {
        String name = r.param("name");
        ListQuery query = ListQuery.of(r);
        return visible(r.user(), c -> name.startsWith(c.name() + " (")).thenApply(list -> {
            for (ConnectionView c : list) {
                for (ChannelView ch : c.channels()) {
                    if (Rows.channelName(c, ch).equals(name)) {
                        Map<String, Object> row = rows.channel(c, ch);
                        List<Map<String, Object>> consumers = new ArrayList<>();
                        ch.consumers().forEach(consumer -> consumers.add(rows.consumer(c, ch, consumer)));
                        row.put("consumer_details", consumers);
                        return JsonResponse.ok(query.applyOne(row));
                    }
                }
            }
            throw ApiException.notFound();
        });
    }

    /** Consumers in the vhosts the user sees (all of one vhost when {@code vhost} is set). */
    private CompletionStage<JsonResponse> consumers(ApiRequest r, String vhost) {
        ListQuery query = ListQuery.of(r);
        User user = r.user();
        return api.connectionViews().thenApply(list -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (ConnectionView c : list) {
                for (ChannelView ch : c.channels()) {
                    for (ChannelView.ConsumerView consumer : ch.consumers()) {
                        boolean inScope = vhost == null ? api.seesVhost(user, consumer.vhost())
                                : consumer.vhost().equals(vhost);
                        if (inScope) {
                            out.add(rows.consumer(c, ch, consumer));
                        }
                    }
                }
            }
            return JsonResponse.ok(query.apply(out, false));
        });
    }
}
