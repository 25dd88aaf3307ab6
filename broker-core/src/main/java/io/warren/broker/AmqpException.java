package io.warren.broker;

import io.warren.amqp.ReplyCode;

/**
 * A protocol error the broker answers with {@code channel.close} or {@code connection.close}.
 *
 * <p>Thrown by broker code that handles a method; the channel or connection catches it and closes
 * with {@link #replyText()}. Whether it closes the channel or the whole connection follows the
 * reply code (soft or hard), except during the connection handshake, where every error ends the
 * connection. It carries no stack trace: it is an answer to the client, not a bug.
 */
public final class AmqpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ReplyCode replyCode;

    public AmqpException(ReplyCode replyCode, String detail) {
        super(detail, null, false, false);
        this.replyCode = replyCode;
    }

    public ReplyCode replyCode() {
        return replyCode;
    }

    /** RabbitMQ's form: {@code "NOT_FOUND - no queue 'q' in vhost '/'"}. */
    public String replyText() {
        return replyCode.text(getMessage());
    }

    public static AmqpException notFound(String detail) {
        return new AmqpException(ReplyCode.NOT_FOUND, detail);
    }

    public static AmqpException accessRefused(String detail) {
        return new AmqpException(ReplyCode.ACCESS_REFUSED, detail);
    }

    public static AmqpException resourceLocked(String detail) {
        return new AmqpException(ReplyCode.RESOURCE_LOCKED, detail);
    }

    public static AmqpException preconditionFailed(String detail) {
        return new AmqpException(ReplyCode.PRECONDITION_FAILED, detail);
    }

    public static AmqpException notAllowed(String detail) {
        return new AmqpException(ReplyCode.NOT_ALLOWED, detail);
    }

    public static AmqpException commandInvalid(String detail) {
        return new AmqpException(ReplyCode.COMMAND_INVALID, detail);
    }

    public static AmqpException channelError(String detail) {
        return new AmqpException(ReplyCode.CHANNEL_ERROR, detail);
    }

    public static AmqpException notImplemented(String detail) {
        return new AmqpException(ReplyCode.NOT_IMPLEMENTED, detail);
    }

    public static AmqpException internalError(String detail) {
        return new AmqpException(ReplyCode.INTERNAL_ERROR, detail);
    }
}
