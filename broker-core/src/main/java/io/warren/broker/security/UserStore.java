package io.warren.broker.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The internal user database: users, their password hashes and tags, and their permissions per
 * virtual host. Thread-safe; reads (every login, every cached permission check) take no lock.
 * Listeners hear about every change, so a definitions store can persist it.
 */
public final class UserStore {
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Permission>> permissionsByUser = new ConcurrentHashMap<>();
    private final List<Consumer<UserStore>> listeners = new CopyOnWriteArrayList<>();

    public Optional<User> user(String name) {
        return Optional.ofNullable(users.get(name));
    }

    public List<User> users() {
        return new ArrayList<>(users.values());
    }

    /** Adds or replaces a user. */
    public void putUser(User user) {
        users.put(user.name(), user);
        changed();
    }

    public void addUser(String name, String password, Set<String> tags) {
        putUser(new User(name, PasswordHashing.hash(password), tags));
    }

    /** Removes a user and all their permissions; false if there was no such user. */
    public boolean deleteUser(String name) {
        boolean removed = users.remove(name) != null;
        permissionsByUser.remove(name);
        if (removed) {
            changed();
        }
        return removed;
    }

    public void setPermission(String user, String vhost, Permission permission) {
        permissionsByUser.computeIfAbsent(user, u -> new ConcurrentHashMap<>()).put(vhost, permission);
        changed();
    }

    public boolean clearPermission(String user, String vhost) {
        Map<String, Permission> perVhost = permissionsByUser.get(user);
        boolean removed = perVhost != null && perVhost.remove(vhost) != null;
        if (removed) {
            changed();
        }
        return removed;
    }

    /** Removes every user's permissions on {@code vhost}, when the virtual host is deleted. */
    public void clearPermissionsOn(String vhost) {
        boolean removed = false;
        for (Map<String, Permission> perVhost : permissionsByUser.values()) {
            removed |= perVhost.remove(vhost) != null;
        }
        if (removed) {
            changed();
        }
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

    public void addListener(Consumer<UserStore> listener) {
        listeners.add(listener);
    }

    private void changed() {
        for (Consumer<UserStore> listener : listeners) {
            listener.accept(this);
        }
    }

    /** One row of the permission table. */
    public record UserPermission(String user, String vhost, Permission permission) {
    }
}
