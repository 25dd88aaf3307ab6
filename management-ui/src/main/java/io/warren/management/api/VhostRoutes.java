package io.warren.management.api;

import io.netty.handler.codec.http.HttpMethod;
import io.warren.broker.connection.AmqpConnection;
import io.warren.broker.security.Permission;
import io.warren.broker.security.UserStore;
import io.warren.broker.vhost.VirtualHost;
import io.warren.management.Access;
import io.warren.management.ApiException;
import io.warren.management.ApiRequest;
import io.warren.management.JsonResponse;
import io.warren.management.ListQuery;
import io.warren.management.Router;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * {@code /api/vhosts}: the list (each user sees the vhosts they have permissions on; monitors and
 * administrators all), one vhost (administrators: GET, PUT to create, DELETE), and its permissions.
 * A vhost created through the API gives its creator full permissions on it, as RabbitMQ does.
 */
final class VhostRoutes {
    private final ApiContext api;
    private final Rows rows;

    VhostRoutes(ApiContext api, Rows rows) {
        this.api = api;
        this.rows = rows;
    }

    void register(Router router) {
        router.get("/api/vhosts", Access.MANAGEMENT, this::list);
        router.get("/api/vhosts/{vhost}", Access.ADMINISTRATOR, this::get);
        router.addAsync(HttpMethod.PUT, "/api/vhosts/{vhost}", Access.ADMINISTRATOR, this::put);
        router.addAsync(HttpMethod.DELETE, "/api/vhosts/{vhost}", Access.ADMINISTRATOR, this::delete);
        router.get("/api/vhosts/{vhost}/permissions", Access.ADMINISTRATOR, this::permissions);
    }

    private JsonResponse list(ApiRequest r) {
        ListQuery query = ListQuery.of(r);
        List<Map<String, Object>> out = new ArrayList<>();
        for (VirtualHost vhost : api.visibleVhosts(r.user())) {
            out.add(rows.vhost(vhost));
        }
        return JsonResponse.ok(query.apply(out));
    }

    private JsonResponse get(ApiRequest r) {
        return JsonResponse.ok(ListQuery.of(r).applyOne(rows.vhost(api.vhost(r.param("vhost")))));
    }

    private CompletionStage<JsonResponse> put(ApiRequest r) {
        String name = r.param("vhost");
        r.jsonObject(); // description, tags and tracing are accepted but not kept yet
        boolean created = api.services().vhosts().get(name).isEmpty();
        if (created) {
            api.services().vhosts().create(name);
            api.services().users().setPermission(r.user().name(), name, Permission.all());
        }
        return api.whenDurable(JsonResponse.createdOrUpdated(created));
    }

    /** Deletes the vhost with everything in it; its connections are closed, its permissions go. */
    private CompletionStage<JsonResponse> delete(ApiRequest r) {
        String name = r.param("vhost");
        api.vhost(name);
        for (AmqpConnection connection : api.services().connections().all()) {
            if (connection.vhost() != null && connection.vhost().name().equals(name)) {
                connection.forceClose("vhost '" + name + "' is deleted");
            }
        }
        if (!api.services().vhosts().delete(name)) {
            throw ApiException.notFound();
        }
        api.services().users().clearPermissionsOn(name);
        return api.whenDurable(JsonResponse.noContent());
    }

    private JsonResponse permissions(ApiRequest r) {
        String vhost = api.vhost(r.param("vhost")).name();
        List<Map<String, Object>> out = new ArrayList<>();
        for (UserStore.UserPermission p : api.services().users().permissions()) {
            if (p.vhost().equals(vhost)) {
                out.add(Rows.permission(p.user(), p.vhost(), p.permission()));
            }
        }
        out.sort(Comparator.comparing(row -> (String) row.get("user")));
        return JsonResponse.ok(ListQuery.of(r).apply(out, false));
    }
}
