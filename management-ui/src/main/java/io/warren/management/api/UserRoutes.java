package io.warren.management.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpMethod;
import io.warren.broker.security.PasswordHashing;
import io.warren.broker.security.Permission;
import io.warren.broker.security.User;
import io.warren.broker.security.UserStore;
import io.warren.management.Access;
import io.warren.management.ApiException;
import io.warren.management.ApiRequest;
import io.warren.management.JsonResponse;
import io.warren.management.ListQuery;
import io.warren.management.Router;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code /api/users}, {@code /api/permissions} and {@code /api/whoami}: the user store through
 * RabbitMQ's paths, for administrators (whoami: anyone who can log in to the API).
 */
final class UserRoutes {
    private final ApiContext api;

    UserRoutes(ApiContext api) {
        this.api = api;
    }

    private UserStore users() {
        return api.services().users();
    }

    void register(Router router) {
        router.get("/api/whoami", Access.MANAGEMENT, r -> JsonResponse.ok(Rows.ordered("name", r.user().name(),
                "tags", r.user().tags().stream().sorted().toList())));
        router.get("/api/users", Access.ADMINISTRATOR, r -> JsonResponse.ok(ListQuery.of(r).apply(userRows(false), false)));
        router.get("/api/users/without-permissions", Access.ADMINISTRATOR,
                r -> JsonResponse.ok(ListQuery.of(r).apply(userRows(true), false)));
        router.addAsync(HttpMethod.POST, "/api/users/bulk-delete", Access.ADMINISTRATOR, this::bulkDelete);
        router.get("/api/users/{user}", Access.ADMINISTRATOR,
                r -> JsonResponse.ok(ListQuery.of(r).applyOne(Rows.user(requireUser(r.param("user"))))));
        router.addAsync(HttpMethod.PUT, "/api/users/{user}", Access.ADMINISTRATOR, this::putUser);
        router.addAsync(HttpMethod.DELETE, "/api/users/{user}", Access.ADMINISTRATOR, r -> {
            if (!users().deleteUser(r.param("user"))) {
                throw ApiException.notFound();
            }
            return api.whenDurable(JsonResponse.noContent());
        });
        router.get("/api/users/{user}/permissions", Access.ADMINISTRATOR, r -> {
            String user = requireUser(r.param("user")).name();
            return JsonResponse.ok(ListQuery.of(r).apply(permissionRows(p -> p.user().equals(user)), false));
        });
        router.get("/api/permissions", Access.ADMINISTRATOR,
                r -> JsonResponse.ok(ListQuery.of(r).apply(permissionRows(p -> true), false)));
        router.get("/api/permissions/{vhost}/{user}", Access.ADMINISTRATOR, r -> {
            Permission p = users().permission(r.param("user"), r.param("vhost")).orElseThrow(ApiException::notFound);
            return JsonResponse.ok(ListQuery.of(r).applyOne(Rows.permission(r.param("user"), r.param("vhost"), p)));
        });
        router.addAsync(HttpMethod.PUT, "/api/permissions/{vhost}/{user}", Access.ADMINISTRATOR, this::putPermission);
        router.addAsync(HttpMethod.DELETE, "/api/permissions/{vhost}/{user}", Access.ADMINISTRATOR, r -> {
            if (!users().clearPermission(r.param("user"), r.param("vhost"))) {
                throw ApiException.notFound();
            }
            return api.whenDurable(JsonResponse.noContent());
        });
    }

    private User requireUser(String name) {
        return users().user(name).orElseThrow(ApiException::notFound);
    }

    private List<Map<String, Object>> userRows(boolean withoutPermissionsOnly) {
        Set<String> withPermissions = new java.util.HashSet<>();
        if (withoutPermissionsOnly) {
            users().permissions().forEach(p -> withPermissions.add(p.user()));
        }
        List<User> all = new ArrayList<>(users().users());
        all.sort(Comparator.comparing(User::name));
        List<Map<String, Object>> out = new ArrayList<>();
        for (User u : all) {
            if (!withPermissions.contains(u.name())) {
                out.add(Rows.user(u));
            }
        }
        return out;
    }

    private List<Map<String, Object>> permissionRows(java.util.function.Predicate<UserStore.UserPermission> filter) {
        List<UserStore.UserPermission> all = new ArrayList<>(users().permissions());
        all.sort(Comparator.comparing(UserStore.UserPermission::user).thenComparing(UserStore.UserPermission::vhost));
        List<Map<String, Object>> out = new ArrayList<>();
        for (UserStore.UserPermission p : all) {
            if (filter.test(p)) {
                out.add(Rows.permission(p.user(), p.vhost(), p.permission()));
            }
        }
        return out;
    }

    /**
     * RabbitMQ's user PUT: {@code password}, or {@code password_hash} (base64; empty for a user who
     * cannot log in with a password) with an optional {@code hashing_algorithm}, and {@code tags}
     * (required, as RabbitMQ requires it) as a comma-separated string or a list. Without either
     * password field the user has no password (RabbitMQ clears an existing user's too). Only RabbitMQ's default algorithm, salted SHA-256, is accepted:
     * Warren cannot verify the others.
     */
    private CompletionStage<JsonResponse> putUser(ApiRequest r) {
        String name = r.param("user");
        ObjectNode body = r.jsonObject();
        if (!body.has("tags")) {
            throw ApiException.badRequest("tags_not_present");
        }
        if (body.has("password") && body.has("password_hash")) {
            throw ApiException.badRequest("both_password_and_password_hash_are_provided");
        }
        Set<String> tags = tags(body.get("tags"));
        User existing = users().user(name).orElse(null);
        String hash;
        if (body.hasNonNull("password")) {
            hash = PasswordHashing.hash(body.get("password").asText());
        } else if (body.has("password_hash")) {
            hash = Bodies.text(body, "password_hash", "");
            String algorithm = Bodies.text(body, "hashing_algorithm", PasswordHashing.ALGORITHM);
            if (!algorithm.equals(PasswordHashing.ALGORITHM)) {
                throw ApiException.badRequest("unsupported hashing_algorithm '" + algorithm + "': Warren supports "
                        + PasswordHashing.ALGORITHM);
            }
            try {
                Base64.getDecoder().decode(hash);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(List.of("not_base64", hash));
            }
        } else {
            hash = ""; // RabbitMQ too: a PUT without either leaves the user without a password
        }
        users().putUser(new User(name, hash, tags));
        return api.whenDurable(JsonResponse.createdOrUpdated(existing == null));
    }

    private static Set<String> tags(JsonNode node) {
        Set<String> tags = new LinkedHashSet<>();
        if (node == null || node.isNull()) {
            return tags;
        }
        if (node.isArray()) {
            node.forEach(tag -> addTag(tags, tag.asText()));
        } else {
            for (String tag : node.asText().split(",")) {
                addTag(tags, tag);
            }
        }
        return tags;
    }

    private static void addTag(Set<String> tags, String tag) {
        if (!tag.isBlank()) {
            tags.add(tag.trim());
        }
    }

    private CompletionStage<JsonResponse> bulkDelete(ApiRequest r) {
        ObjectNode body = r.jsonObject();
        Bodies.requireKeys(body, "users");
        if (!body.get("users").isArray()) {
            throw ApiException.badRequest("users must be a list of user names");
        }
        for (JsonNode user : body.get("users")) {
            if (!users().deleteUser(user.asText())) {
                throw ApiException.badRequest(List.of("no_such_user", user.asText()));
            }
        }
        return api.whenDurable(JsonResponse.noContent());
    }

    /** RabbitMQ's permission PUT: {@code configure}, {@code write} and {@code read} are required regular expressions. */
    private CompletionStage<JsonResponse> putPermission(ApiRequest r) {
        String vhost = r.param("vhost");
        String user = r.param("user");
        ObjectNode body = r.jsonObject();
        Bodies.requireKeys(body, "configure", "write", "read");
        if (api.services().vhosts().get(vhost).isEmpty() || users().user(user).isEmpty()) {
            throw ApiException.badRequest("vhost_or_user_not_found");
        }
        String configure = regex(body, "configure");
        String write = regex(body, "write");
        String read = regex(body, "read");
        boolean created = users().permission(user, vhost).isEmpty();
        users().setPermission(user, vhost, new Permission(configure, write, read));
        return api.whenDurable(JsonResponse.createdOrUpdated(created));
    }

    private static String regex(ObjectNode body, String key) {
        String text = body.get(key).asText();
        try {
            Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw ApiException.badRequest(List.of("invalid_regexp", text, e.getDescription()));
        }
        return text;
    }
}
