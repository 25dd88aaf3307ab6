package io.warren.management;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.warren.broker.security.User;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;

/**
 * One API request as routes see it: the path's named segments (URL-decoded, so {@code %2F} is the
 * vhost {@code /}), the query, the headers, the body (copied, so a route may use it after the
 * network buffer is gone, e.g. in a queue's callback) and the user who logged in.
 */
public final class ApiRequest {
    private final HttpMethod method;
    private final String path;
    private final Map<String, String> pathParams;
    private final Map<String, List<String>> query;
    private final HttpHeaders headers;
    private final byte[] body;
    private final User user;
    private final SocketAddress remoteAddress;
    private final ObjectMapper json;

    public ApiRequest(HttpMethod method, String path, Map<String, String> pathParams,
                      Map<String, List<String>> query, HttpHeaders headers, byte[] body, User user,
                      SocketAddress remoteAddress, ObjectMapper json) {
        this.method = method;
        this.path = path;
        this.pathParams = Map.copyOf(pathParams);
        this.query = query;
        this.headers = headers;
        this.body = body;
        this.user = user;
        this.remoteAddress = remoteAddress;
        this.json = json;
    }

    public HttpMethod method() {
        return method;
    }

    /** The path as sent, without the query. */
    public String path() {
        return path;
    }

    /** The decoded value of the template variable {@code name} (e.g. {@code vhost} in {@code /api/queues/{vhost}}). */
    public String param(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the route's template has no {" + name + "}");
        }
        return value;
    }

    public Map<String, String> params() {
        return pathParams;
    }

    /** The first value of query parameter {@code name}, or null. */
    public String query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Whether query parameter {@code name} is {@code true} (RabbitMQ's if-unused, if-empty, ...). */
    public boolean queryFlag(String name) {
        return "true".equals(query(name));
    }

    public Map<String, List<String>> queryParams() {
        return query;
    }

    public String header(CharSequence name) {
        return headers.get(name);
    }

    public byte[] bodyBytes() {
        return body;
    }

    /**
     * The body as a JSON object; an empty body is an empty object. Anything else is RabbitMQ's
     * 400 {@code {"error":"bad_request","reason":"not_json"}}.
     */
    public ObjectNode jsonObject() {
        if (body.length == 0) {
            return json.createObjectNode();
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (IOException e) {
            throw ApiException.badRequest("not_json");
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            return json.createObjectNode();
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("not_json");
        }
        return (ObjectNode) node;
    }

    /** The logged-in user; null only on {@link Access#PUBLIC} routes. */
    public User user() {
        return user;
    }

    public SocketAddress remoteAddress() {
        return remoteAddress;
    }

    public ObjectMapper json() {
        return json;
    }
}
