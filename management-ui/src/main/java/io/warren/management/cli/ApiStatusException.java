package io.warren.management.cli;

/**
 * The management API answered with an error status. Commands catch the statuses they can explain
 * better (a 404 becomes "no queue 'q' in vhost '/'"); the rest reach the user with this message.
 */
public final class ApiStatusException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;
    private final String reason;

    /**
     * @param request what was asked, e.g. {@code DELETE http://localhost:15672/api/queues/%2F/q}
     * @param error the body's {@code error} field, or null when the body was not the API's error shape
     * @param reason the body's {@code reason} field (or the whole body), or null
     */
    public ApiStatusException(String request, int status, String error, String reason) {
        super(request + " answered " + status + (reason == null ? "" : ": " + reason));
        this.status = status;
        this.error = error;
        this.reason = reason;
    }

    public int status() {
        return status;
    }

    /** RabbitMQ's {@code error} field, e.g. {@code not_authorized}, {@code bad_request}; may be null. */
    public String error() {
        return error;
    }

    /** RabbitMQ's {@code reason} field, e.g. {@code Login failed}; may be null. */
    public String reason() {
        return reason;
    }

    /** The reason when there is one, else the bare status, for messages that add their own context. */
    public String reasonOrStatus() {
        return reason == null || reason.isBlank() ? "HTTP " + status : reason;
    }
}
