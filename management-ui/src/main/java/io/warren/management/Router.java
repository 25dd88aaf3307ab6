package io.warren.management;

import io.netty.handler.codec.http.HttpMethod;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Chooses the route for a request by path template and method, as RabbitMQ's dispatcher does:
 * templates such as {@code /api/queues/{vhost}/{name}} match one decoded segment per variable
 * ({@code %2F} in a segment is a {@code /} in the value); a last variable written
 * {@code {name*}} takes the rest of the path. Where several templates match, literal segments win
 * over variables, left to right ({@code /api/users/without-permissions} over
 * {@code /api/users/{name}}). A path no template matches is 404; a matched path whose template
 * does not serve the method is 405 with an {@code Allow} header.
 *
 * <p>Routes run on a Netty event loop: they must not block. A route that waits for a queue
 * returns a {@link CompletionStage} completed from the queue's callback.
 */
public final class Router {
    /** Answers a request at once. */
    @FunctionalInterface
    public interface Route {
        JsonResponse handle(ApiRequest request) throws Exception;
    }

    /** Answers a request later, e.g. when a queue's callback fires; may complete with an {@link ApiException}. */
    @FunctionalInterface
    public interface AsyncRoute {
        CompletionStage<JsonResponse> handle(ApiRequest request) throws Exception;
    }

    /** What a template serves for one method. */
    public record Endpoint(Access access, AsyncRoute route) {
    }

    /** The outcome of matching a request. */
    public sealed interface Match permits Found, MethodNotAllowed, NoRoute {
    }

    /** The route to run, with the decoded template variables. */
    public record Found(Endpoint endpoint, Map<String, String> params) implements Match {
    }

    /** The path is served, but not with this method; {@code allowed} lists the methods that are. */
    public record MethodNotAllowed(Set<HttpMethod> allowed) implements Match {
    }

    public record NoRoute() implements Match {
    }

    private final List<Template> templates = new ArrayList<>();

    /** Serves {@code method template} with a route that answers at once; the last one added for a method wins. */
    public Router add(HttpMethod method, String template, Access access, Route route) {
        return addAsync(method, template, access, request -> CompletableFuture.completedFuture(route.handle(request)));
    }

    /** Serves {@code method template} with a route that answers later. */
    public synchronized Router addAsync(HttpMethod method, String template, Access access, AsyncRoute route) {
        Template t = templates.stream().filter(x -> x.text.equals(template)).findFirst().orElse(null);
        if (t == null) {
            t = new Template(template);
            templates.add(t);
        }
        t.endpoints.put(method, new Endpoint(access, route));
        return this;
    }

    public Router get(String template, Access access, Route route) {
        return add(HttpMethod.GET, template, access, route);
    }

    public Router put(String template, Access access, Route route) {
        return add(HttpMethod.PUT, template, access, route);
    }

    public Router post(String template, Access access, Route route) {
        return add(HttpMethod.POST, template, access, route);
    }

    public Router delete(String template, Access access, Route route) {
        return add(HttpMethod.DELETE, template, access, route);
    }

    /**
     * Matches {@code method} and {@code rawPath} (not yet decoded, without the query). HEAD is
     * served by the GET route (the codec leaves the body out).
     */
    public Match match(HttpMethod method, String rawPath) {
        String[] segments = split(rawPath);
        if (segments == null) {
            return new NoRoute();
        }
        Template best = null;
        Map<String, String> bestParams = null;
        for (Template t : snapshot()) {
            Map<String, String> params = t.match(segments);
            if (params != null && (best == null || t.moreSpecificThan(best))) {
                best = t;
                bestParams = params;
            }
        }
        if (best == null) {
            return new NoRoute();
        }
        HttpMethod effective = method.equals(HttpMethod.HEAD) ? HttpMethod.GET : method;
        Endpoint endpoint = best.endpoints.get(effective);
        if (endpoint == null) {
            return new MethodNotAllowed(best.allowed());
        }
        return new Found(endpoint, bestParams);
    }

    private synchronized List<Template> snapshot() {
        return List.copyOf(templates);
    }

    /** The path's raw segments, or null when it is not an absolute path. */
    private static String[] split(String rawPath) {
        if (!rawPath.startsWith("/")) {
            return null;
        }
        String rest = rawPath.substring(1);
        return rest.isEmpty() ? new String[0] : rest.split("/", -1);
    }

    /**
     * Percent-decodes one path segment as UTF-8. Unlike form decoding, {@code +} stays a plus:
     * queue names may contain one. Returns null for a malformed escape.
     */
    static String decodeSegment(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static final class Template {
        private final String text;
        private final String[] parts;
        /** Variable name per segment, null for a literal. */
        private final String[] variables;
        private final boolean catchAll;
        private final Map<HttpMethod, Endpoint> endpoints = Collections.synchronizedMap(new LinkedHashMap<>());

        Template(String text) {
            if (!text.startsWith("/")) {
                throw new IllegalArgumentException("a route template starts with '/': " + text);
            }
            this.text = text;
            this.parts = split(text);
            this.variables = new String[parts.length];
            boolean rest = false;
            for (int i = 0; i < parts.length; i++) {
                String p = parts[i];
                if (p.startsWith("{") && p.endsWith("}")) {
                    String name = p.substring(1, p.length() - 1);
                    if (name.endsWith("*")) {
                        if (i != parts.length - 1) {
                            throw new IllegalArgumentException("only the last variable may take the rest: " + text);
                        }
                        name = name.substring(0, name.length() - 1);
                        rest = true;
                    }
                    variables[i] = name;
                }
            }
            this.catchAll = rest;
        }

        Map<String, String> match(String[] segments) {
            int fixed = catchAll ? parts.length - 1 : parts.length;
            if (catchAll ? segments.length < fixed : segments.length != parts.length) {
                return null;
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < fixed; i++) {
                if (variables[i] == null) {
                    if (!parts[i].equals(segments[i])) {
                        return null;
                    }
                } else {
                    String value = decodeSegment(segments[i]);
                    if (value == null) {
                        return null;
                    }
                    params.put(variables[i], value);
                }
            }
            if (catchAll) {
                StringBuilder rest = new StringBuilder();
                for (int i = fixed; i < segments.length; i++) {
                    String value = decodeSegment(segments[i]);
                    if (value == null) {
                        return null;
                    }
                    rest.append(i > fixed ? "/" : "").append(value);
                }
                params.put(variables[fixed], rest.toString());
            }
            return params;
        }

        /** Literal segments beat variables, left to right; a fixed-length template beats a catch-all. */
        boolean moreSpecificThan(Template other) {
            int n = Math.min(parts.length, other.parts.length);
            for (int i = 0; i < n; i++) {
                boolean mine = variables[i] == null;
                boolean theirs = other.variables[i] == null;
                if (mine != theirs) {
                    return mine;
                }
            }
            return !catchAll && other.catchAll;
        }

        Set<HttpMethod> allowed() {
            Set<HttpMethod> allowed = new LinkedHashSet<>();
            synchronized (endpoints) {
                if (endpoints.containsKey(HttpMethod.GET)) {
                    allowed.add(HttpMethod.HEAD);
                }
                for (HttpMethod m : List.of(HttpMethod.GET, HttpMethod.PUT, HttpMethod.POST, HttpMethod.DELETE)) {
                    if (endpoints.containsKey(m)) {
                        allowed.add(m);
                    }
                }
                allowed.addAll(endpoints.keySet());
            }
            allowed.add(HttpMethod.OPTIONS);
            return allowed;
        }
    }
}
