package io.warren.broker.security;

import io.warren.broker.AmqpException;
import io.warren.broker.Resource;

/**
 * Decides what an authenticated user may do, following RabbitMQ's permission table: configure to
 * declare and delete, write to publish and to be bound to, read to consume, get, purge and to bind
 * from. A refusal is a 403 channel error naming the resource, as RabbitMQ words it.
 */
public final class AccessControl {
    private final UserStore users;

    public AccessControl(UserStore users) {
        this.users = users;
    }

    public boolean mayAccessVhost(String user, String vhost) {
        return users.permission(user, vhost).isPresent();
    }

    public void check(String user, AccessKind kind, Resource resource) {
        if (!allows(user, kind, resource)) {
            throw AmqpException.accessRefused(kind.label() + " access to " + displayed(resource)
                    + " refused for user '" + user + "'");
        }
    }

    public boolean allows(String user, AccessKind kind, Resource resource) {
        return users.permission(user, resource.vhost())
                .map(p -> p.allows(kind, permissionName(resource)))
                .orElse(false);
    }

    /** The default exchange appears as {@code amq.default} in refusals, as RabbitMQ names it. */
    private static Resource displayed(Resource resource) {
        return resource.kind() == Resource.Kind.EXCHANGE && resource.name().isEmpty()
                ? Resource.exchange(resource.vhost(), "amq.default") : resource;
    }

    /** RabbitMQ checks the default exchange under the name {@code amq.default}. */
    private static String permissionName(Resource resource) {
        if (resource.kind() == Resource.Kind.EXCHANGE && resource.name().isEmpty()) {
            return "amq.default";
        }
        return resource.name();
    }
}
