package io.warren.management.policies;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpMethod;
import io.warren.broker.policy.Policy;
import io.warren.broker.policy.PolicyException;
import io.warren.broker.policy.PolicyStore;
import io.warren.broker.policy.PolicyValidator;
import io.warren.broker.security.User;
import io.warren.management.Access;
import io.warren.management.ApiException;
import io.warren.management.ApiRequest;
import io.warren.management.ErrorTexts;
import io.warren.management.JsonResponse;
import io.warren.management.ListQuery;
import io.warren.management.Router;
import io.warren.management.api.ApiContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * {@code /api/policies}, as RabbitMQ 3.10 serves it: the lists, for any management user (monitors
 * and administrators see every vhost's policies, others those of the vhosts they have permissions
 * on); one policy, for {@code policymaker} users and administrators with access to its vhost (GET,
 * PUT with {@code pattern}, {@code definition} and optional {@code priority} and {@code apply-to}:
 * 201 when created, 204 when replaced; DELETE).
 * Validation errors are RabbitMQ's texts ({@link PolicyValidator}).
 */
public final class PolicyRoutes {
    private final ApiContext api;

    private PolicyRoutes(ApiContext api) {
        this.api = api;
    }

    public static void register(Router router, ApiContext api) {
        PolicyRoutes routes = new PolicyRoutes(api);
        router.get("/api/policies", Access.MANAGEMENT, routes::list);
        router.get("/api/policies/{vhost}", Access.MANAGEMENT, routes::listVhost);
        router.get("/api/policies/{vhost}/{name}", Access.POLICYMAKER, routes::get);
        router.addAsync(HttpMethod.PUT, "/api/policies/{vhost}/{name}", Access.POLICYMAKER, routes::put);
        router.addAsync(HttpMethod.DELETE, "/api/policies/{vhost}/{name}", Access.POLICYMAKER, routes::delete);
    }

    private PolicyStore policies() {
        return api.services().policies();
    }

    private JsonResponse list(ApiRequest r) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Policy policy : policies().list()) {
            if (sees(r.user(), policy.vhost())) {
                rows.add(policy.toMap());
            }
        }
        return JsonResponse.ok(ListQuery.of(r).apply(rows));
    }

    private JsonResponse listVhost(ApiRequest r) {
        String vhost = r.param("vhost");
        api.requireVhostAccess(r.user(), vhost);
        api.vhost(vhost);
        List<Map<String, Object>> rows = new ArrayList<>();
        policies().list(vhost).forEach(policy -> rows.add(policy.toMap()));
        return JsonResponse.ok(ListQuery.of(r).apply(rows));
    }

    private JsonResponse get(ApiRequest r) {
        String vhost = r.param("vhost");
        requireObjectAccess(r.user(), vhost);
        Policy policy = policies().get(vhost, r.param("name")).orElseThrow(ApiException::notFound);
        return JsonResponse.ok(ListQuery.of(r).applyOne(policy.toMap()));
    }

    private CompletionStage<JsonResponse> put(ApiRequest r) {
        String vhost = r.param("vhost");
        requireObjectAccess(r.user(), vhost);
        api.vhostToDeclareIn(vhost);
        ObjectNode body = r.jsonObject();
        List<String> missing = new ArrayList<>();
        for (String key : List.of("pattern", "definition")) {
            if (!body.has(key)) {
                missing.add("{key_missing," + key + "}");
            }
        }
        if (!missing.isEmpty()) {
            throw ApiException.badRequest("[" + String.join(",", missing) + "]");
        }
        Policy policy;
        try {
            policy = PolicyValidator.validate(vhost, r.param("name"), java(r, body.get("pattern")),
                    java(r, body.get("definition")), optional(r, body.get("priority")),
                    optional(r, body.get("apply-to")));
        } catch (PolicyException e) {
            throw ApiException.badRequest(ErrorTexts.escapeHtml(e.getMessage()));
        }
        boolean created = policies().put(policy) == PolicyStore.PutResult.CREATED;
        return api.whenDurable(JsonResponse.createdOrUpdated(created));
    }

    private CompletionStage<JsonResponse> delete(ApiRequest r) {
        String vhost = r.param("vhost");
        requireObjectAccess(r.user(), vhost);
        if (!policies().delete(vhost, r.param("name"))) {
            throw ApiException.notFound();
        }
        return api.whenDurable(JsonResponse.noContent());
    }

    private boolean sees(User user, String vhost) {
        return api.seesVhost(user, vhost);
    }

    /** One policy, for a user without permissions on its vhost: RabbitMQ's 401, worded for the object. */
    private void requireObjectAccess(User user, String vhost) {
        if (!Access.isAdministrator(user) && api.services().vhosts().get(vhost).isPresent()
                && !api.services().accessControl().mayAccessVhost(user.name(), vhost)) {
            throw ApiException.notAuthorised("User not authorised to access object");
        }
    }

    /** An optional field: absent is RabbitMQ's default, while an explicit null is a value it refuses. */
    private static Object optional(ApiRequest r, JsonNode value) {
        return value == null ? PolicyValidator.ABSENT : java(r, value);
    }

    private static Object java(ApiRequest r, JsonNode value) {
        return value == null ? null : r.json().convertValue(value, Object.class);
    }
}
