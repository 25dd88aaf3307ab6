package io.warren.broker.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The internal user database: users, their password hashes and tags, and their permissions per
 * virtual host. Thread-safe; reads (every login, every cached permission check) take no lock.
 * A {@link Changes} listener hears about every change, so the definitions journal can keep it.
 */
public final class UserStore {
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Permission>> permissionsByUser = new ConcurrentHashMap<>();
    private volatile Changes changes = new Changes() {
    };

    /** Hears every change, in order; calls must not block. */
    public interface Changes {
        default void userPut(User user) {
        }

        default void userRemoved(String name) {
        }

        default void permissionSet(String user, String vhost, Permission permission) {
        }

        default void permissionCleared(String user, String vhost) {
        }
    }

    public Optional<User> user(String name) {
        return Optional.ofNullable(users.get(name));
    }

    public List<User> users() {
        return new ArrayList<>(users.values());
    }

    /** Adds or replaces a user. */
    public synchronized void putUser(User user) {
        users.put(user.name(), user);
        changes.userPut(user);
    }

    public void addUser(String name, String password, Set<String> tags) {
        putUser(new User(name, PasswordHashing.hash(password), tags));
    }

    /** Removes a user and all their permissions; false if there was no such user. */
    public synchronized boolean deleteUser(String name) {
        boolean removed = users.remove(name) != null;
        Map<String, Permission> permissions = permissionsByUser.remove(name);
        if (permissions != null) {
            permissions.keySet().forEach(vhost -> changes.permissionCleared(name, vhost));
        }
        if (removed) {
            changes.userRemoved(name);
        }
        return removed;
    }

    public synchronized void setPermission(String user, String vhost, Permission permission) {
        permissionsByUser.computeIfAbsent(user, u -> new ConcurrentHashMap<>()).put(vhost, permission);
        changes.permissionSet(user, vhost, permission);
    }

    public synchronized boolean clearPermission(String user, String vhost) {
        Map<String, Permission> perVhost = permissionsByUser.get(user);
        boolean removed = perVhost != null && perVhost.remove(vhost) != null;
        if (removed) {
            changes.permissionCleared(user, vhost);
        }
        return removed;
    }

    /** Removes every user's permissions on {@code vhost}, when the virtual host is deleted. */
    public synchronized void clearPermissionsOn(String vhost) {
        permissionsByUser.forEach((user, perVhost) -> {
            if (perVhost.remove(vhost) != null) {
                changes.permissionCleared(user, vhost);
            }
        });
    }

    public Optional<Permission> permission(String user, String vhost) {
        Map<String, Permission> perVhost = permissionsByUser.get(user);
        return perVhost == null ? Optional.empty() : Optional.ofNullable(perVhost.get(vhost));
    }

    /** Every (user, vhost, permission) triple. */
    public List<UserPermission> permissions() {
        List<UserPermission> all = new ArrayList<>();
        permissionsByUser.forEach((user, perVhost) -> perVhost.forEach(
                (vhost, permission) -> all.add(new UserPermission(user, vhost, permission))));
        return all;
    }

    /** Sets the one listener (the definitions journal). */
    public void listen(Changes listener) {
        this.changes = listener;
    }

    /** One row of the permission table. */
    public record UserPermission(String user, String vhost, Permission permission) {
    }
}
