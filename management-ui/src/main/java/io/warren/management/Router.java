package io.warren.management;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.HashMap;
import java.util.Map;

/**
 * Chooses the handler for a request by method and exact path; a request no route matches gets
 * RabbitMQ's 404 answer. The management API's routes are added here as they are built.
 */
public final class Router {
    /** Answers one kind of request. Runs on a Netty event loop, so it must not block. */
    @FunctionalInterface
    public interface Route {
        JsonResponse handle(FullHttpRequest request) throws Exception;
    }

    private final Map<String, Route> routes = new HashMap<>();

    /** Serves {@code method path} (e.g. {@code GET /api/overview}) with {@code route}; the last one added wins. */
    public Router add(HttpMethod method, String path, Route route) {
        routes.put(key(method, path), route);
        return this;
    }

    /** The answer to {@code request}: its route's, or 404 when no route serves it. */
    public JsonResponse dispatch(FullHttpRequest request) throws Exception {
        String path = new QueryStringDecoder(request.uri()).path();
        Route route = routes.get(key(request.method(), path));
        return route == null ? JsonResponse.notFound() : route.handle(request);
    }

    private static String key(HttpMethod method, String path) {
        return method.name() + " " + path;
    }
}
