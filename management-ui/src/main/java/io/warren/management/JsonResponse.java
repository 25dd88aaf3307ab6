package io.warren.management;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a route answers: a status, a body written as JSON (null for none, as RabbitMQ's 201 and
 * 204 answers have), and extra headers such as {@code Location}.
 *
 * @param body any object Jackson can write (a map, a list, a record), a {@link Raw} body written
 *     as it is, or null for an empty body
 * @param headers extra response headers; content type and length are set by the server
 */
public record JsonResponse(HttpResponseStatus status, Object body, Map<String, String> headers) {
    public JsonResponse {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public JsonResponse(HttpResponseStatus status, Object body) {
        this(status, body, Map.of());
    }

    /** A body that is not JSON (Prometheus text, the console's files), written byte for byte. */
    public record Raw(String contentType, byte[] bytes) {
    }

    public static JsonResponse ok(Object body) {
        return new JsonResponse(HttpResponseStatus.OK, body);
    }

    /** 201 with an empty body: something was created. */
    public static JsonResponse created() {
        return new JsonResponse(HttpResponseStatus.CREATED, null);
    }

    /** 204: done, nothing to say (an update, a delete). */
    public static JsonResponse noContent() {
        return new JsonResponse(HttpResponseStatus.NO_CONTENT, null);
    }

    /** 201 when {@code created}, else 204: RabbitMQ's answers to a PUT. */
    public static JsonResponse createdOrUpdated(boolean created) {
        return created ? created() : noContent();
    }

    public static JsonResponse raw(HttpResponseStatus status, String contentType, byte[] bytes) {
        return new JsonResponse(status, new Raw(contentType, bytes));
    }

    /** This response with one more header. */
    public JsonResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new JsonResponse(status, body, more);
    }

    /** RabbitMQ's answer for a path it does not serve: {@code {"error":"Object Not Found","reason":"Not Found"}}. */
    public static JsonResponse notFound() {
        return error(HttpResponseStatus.NOT_FOUND, "Object Not Found", "Not Found");
    }

    /** An error in RabbitMQ's shape: {@code {"error": ..., "reason": ...}}, in that order. */
    public static JsonResponse error(HttpResponseStatus status, String error, Object reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("reason", reason);
        return new JsonResponse(status, body);
    }
}
