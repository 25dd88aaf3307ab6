package io.warren.amqp;

/**
 * The reply codes of AMQP 0-9-1, as RabbitMQ uses them in {@code connection.close},
 * {@code channel.close} and {@code basic.return}.
 *
 * <p>A soft error closes only the channel it happened on; a hard error closes the whole connection.
 * Reply texts in RabbitMQ's form start with the code's name: {@code "NOT_FOUND - no queue 'q' in vhost '/'"}.
 */
public enum ReplyCode {
    REPLY_SUCCESS(200, false),
    CONTENT_TOO_LARGE(311, false),
    NO_ROUTE(312, false),
    NO_CONSUMERS(313, false),
    CONNECTION_FORCED(320, true),
    INVALID_PATH(402, true),
    ACCESS_REFUSED(403, false),
    NOT_FOUND(404, false),
    RESOURCE_LOCKED(405, false),
    PRECONDITION_FAILED(406, false),
    FRAME_ERROR(501, true),
    SYNTAX_ERROR(502, true),
    COMMAND_INVALID(503, true),
    CHANNEL_ERROR(504, true),
    UNEXPECTED_FRAME(505, true),
    RESOURCE_ERROR(506, true),
    NOT_ALLOWED(530, true),
    NOT_IMPLEMENTED(540, true),
    INTERNAL_ERROR(541, true);

    private final int code;
    private final boolean hardError;

    ReplyCode(int code, boolean hardError) {
        this.code = code;
        this.hardError = hardError;
    }

    public int code() {
        return code;
    }

    /** True when the spec makes this a connection error rather than a channel error. */
    public boolean isHardError() {
        return hardError;
    }

    /** Formats a reply text the way RabbitMQ does: {@code "NAME - detail"}. */
    public String text(String detail) {
        return name() + " - " + detail;
    }

    /** The reply code with the given numeric value, or {@code null} if the protocol defines none. */
    public static ReplyCode of(int code) {
        for (ReplyCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }
}
