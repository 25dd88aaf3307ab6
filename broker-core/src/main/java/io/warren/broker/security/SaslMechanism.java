package io.warren.broker.security;

/**
 * A SASL mechanism offered in {@code connection.start}. Warren's mechanisms are single-step: the
 * client's {@code start-ok} response carries everything.
 */
public interface SaslMechanism {
    /** The name the client selects, e.g. {@code PLAIN}. */
    String name();

    /**
     * Extracts credentials from the response.
     *
     * @throws IllegalArgumentException when the response is malformed, with a reason for the log
     */
    Credentials parse(byte[] response);
}
