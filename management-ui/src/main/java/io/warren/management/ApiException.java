package io.warren.management;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.warren.amqp.ReplyCode;
import io.warren.broker.AmqpException;

/**
 * A request the API refuses, answered in RabbitMQ's error shape {@code {"error":...,"reason":...}}.
 * Thrown by routes (also from inside asynchronous callbacks); it carries no stack trace, since it
 * is an answer, not a bug.
 *
 * @see #toResponse()
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final HttpResponseStatus status;
    private final String error;
    private final transient Object reason;

    /**
     * @param reason usually a string; RabbitMQ sometimes answers with a list (e.g.
     *     {@code ["not_base64","..."]}), which any JSON-writable value reproduces
     */
    public ApiException(HttpResponseStatus status, String error, Object reason) {
        super(error + ": " + reason, null, false, false);
        this.status = status;
        this.error = error;
        this.reason = reason;
    }

    public HttpResponseStatus status() {
        return status;
    }

    public String error() {
        return error;
    }

    public Object reason() {
        return reason;
    }

    public JsonResponse toResponse() {
        return JsonResponse.error(status, error, reason);
    }

    /** 400 {@code bad_request}, RabbitMQ's answer to invalid input. */
    public static ApiException badRequest(Object reason) {
        return new ApiException(HttpResponseStatus.BAD_REQUEST, "bad_request", reason);
    }

    /** 404 {@code {"error":"Object Not Found","reason":"Not Found"}}: the object named by the path does not exist. */
    public static ApiException notFound() {
        return new ApiException(HttpResponseStatus.NOT_FOUND, "Object Not Found", "Not Found");
    }

    /** 401 {@code not_authorised}: the user is known but may not do this. */
    public static ApiException notAuthorised(String reason) {
        return new ApiException(HttpResponseStatus.UNAUTHORIZED, "not_authorised", reason);
    }

    /**
     * An AMQP refusal as RabbitMQ's management API answers it (checked against RabbitMQ 3.10):
     * access refused is 401 "Access refused."; not found is 404 {@code not_found} with the detail;
     * anything else (inequivalent arguments, in use, not empty, invalid arguments) is 400
     * {@code bad_request} with the detail.
     */
    public static ApiException from(AmqpException e) {
        ReplyCode code = e.replyCode();
        if (code == ReplyCode.ACCESS_REFUSED) {
            return notAuthorised("Access refused.");
        }
        if (code == ReplyCode.NOT_FOUND) {
            return new ApiException(HttpResponseStatus.NOT_FOUND, "not_found", e.getMessage());
        }
        if (code == ReplyCode.INTERNAL_ERROR) {
            return new ApiException(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal_server_error", e.getMessage());
        }
        return badRequest(e.getMessage());
    }
}
