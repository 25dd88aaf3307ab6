package io.warren.management;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a route answers: a status and a body that is written as JSON, the management API's only
 * content type.
 *
 * @param body any object Jackson can write: a map, a list, a record
 */
public record JsonResponse(HttpResponseStatus status, Object body) {
    /** RabbitMQ's answer for a path it does not serve: {@code {"error":"Object Not Found","reason":"Not Found"}}. */
    public static JsonResponse notFound() {
        return error(HttpResponseStatus.NOT_FOUND, "Object Not Found", "Not Found");
    }

    /** An error in RabbitMQ's shape: {@code {"error": ..., "reason": ...}}, in that order. */
    public static JsonResponse error(HttpResponseStatus status, String error, String reason) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("reason", reason);
        return new JsonResponse(status, body);
    }
}
