package io.warren.amqp.frame;

/**
 * The peer opened with something other than the AMQP 0-9-1 protocol header. The server must answer
 * with {@link ProtocolHeader} and close; the decoder discards anything that follows.
 *
 * @param received what arrived instead, printable (non-ASCII bytes as {@code \xNN}), for the log
 */
public record UnsupportedProtocol(String received) {
}
