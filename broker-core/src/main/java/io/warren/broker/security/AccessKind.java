package io.warren.broker.security;

/** The three rights of RabbitMQ's permission model. */
public enum AccessKind {
    CONFIGURE, WRITE, READ;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
