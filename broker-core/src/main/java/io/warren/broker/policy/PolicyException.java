package io.warren.broker.policy;

/** A policy refused, with RabbitMQ's reason text (what its HTTP API returns as {@code reason}). */
public final class PolicyException extends RuntimeException {
    public PolicyException(String reason) {
        super(reason, null, false, false);
    }
}
