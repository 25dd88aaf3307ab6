package io.warren.management;

import io.warren.broker.security.User;

/**
 * Who may call a route, by RabbitMQ's management user tags. {@code administrator} may do
 * everything; {@code monitoring} and {@code policymaker} each include {@code management}. A user
 * without the tag a route needs gets 401 {@code not_authorised} with RabbitMQ's reason.
 */
public enum Access {
    /** No login at all (e.g. Prometheus scraping, the console's static files). */
    PUBLIC(null),
    /** Any management user: sees the vhosts they have permissions on and their own connections. */
    MANAGEMENT("Not management user"),
    /** Policies and parameters, in the vhosts they have permissions on. */
    POLICYMAKER("User not authorised to access object"),
    /** Everything read-only: all connections and channels, node data. */
    MONITORING("Not monitor user"),
    /** Users, vhosts, permissions, everything. */
    ADMINISTRATOR("Not administrator user");

    public static final String ADMINISTRATOR_TAG = "administrator";
    public static final String MONITORING_TAG = "monitoring";
    public static final String POLICYMAKER_TAG = "policymaker";
    public static final String MANAGEMENT_TAG = "management";

    private final String refusal;

    Access(String refusal) {
        this.refusal = refusal;
    }

    /** RabbitMQ's reason for refusing a user without the tag, e.g. "Not administrator user". */
    public String refusal() {
        return refusal;
    }

    public boolean allows(User user) {
        return switch (this) {
            case PUBLIC -> true;
            case MANAGEMENT -> isManagement(user);
            case POLICYMAKER -> user.hasTag(POLICYMAKER_TAG) || isAdministrator(user);
            case MONITORING -> isMonitor(user);
            case ADMINISTRATOR -> isAdministrator(user);
        };
    }

    public static boolean isAdministrator(User user) {
        return user.hasTag(ADMINISTRATOR_TAG);
    }

    /** Monitoring users (and administrators) see every vhost, connection and channel. */
    public static boolean isMonitor(User user) {
        return user.hasTag(MONITORING_TAG) || isAdministrator(user);
    }

    public static boolean isManagement(User user) {
        return user.hasTag(MANAGEMENT_TAG) || user.hasTag(POLICYMAKER_TAG) || isMonitor(user);
    }
}
