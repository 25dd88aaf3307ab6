package io.warren.broker.policy;

import java.util.Optional;

/**
 * What kind of object a policy applies to: RabbitMQ 3.10's {@code apply-to} values. (The
 * per-queue-type values {@code classic_queues}, {@code quorum_queues} and {@code streams} came with
 * RabbitMQ 3.12; 3.10 refuses them, and so does Warren.)
 */
public enum ApplyTo {
    QUEUES("queues"), EXCHANGES("exchanges"), ALL("all");

    private final String wireName;

    ApplyTo(String wireName) {
        this.wireName = wireName;
    }

    /** As it appears in the HTTP API and definitions files. */
    public String wireName() {
        return wireName;
    }

    public boolean appliesToQueues() {
        return this != EXCHANGES;
    }

    public boolean appliesToExchanges() {
        return this != QUEUES;
    }

    public static Optional<ApplyTo> fromWireName(String name) {
        for (ApplyTo a : values()) {
            if (a.wireName.equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
