package io.warren.amqp;

/**
 * Thrown inside the codec when input breaks the protocol; the pipeline turns it into a
 * {@link io.warren.amqp.frame.ProtocolError} and never lets it escape.
 *
 * <p>It carries no stack trace: bad input is the client's doing, not a bug to debug, and a peer
 * sending garbage must not make the broker pay for stack walks.
 */
public final class AmqpDecodingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ReplyCode replyCode;

    public AmqpDecodingException(ReplyCode replyCode, String message) {
        super(message, null, false, false);
        this.replyCode = replyCode;
    }

    public ReplyCode replyCode() {
        return replyCode;
    }
}
