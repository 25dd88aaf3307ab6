package io.warren.broker.security;

import java.util.Objects;
import java.util.Set;

/**
 * A user of the internal store.
 *
 * @param passwordHash as {@link PasswordHashing} makes it; empty means the user cannot log in
 *     with a password (as RabbitMQ's passwordless users)
 * @param tags RabbitMQ's user tags: {@code administrator}, {@code monitoring}, {@code policymaker},
 *     {@code management}, or any other text
 */
public record User(String name, String passwordHash, Set<String> tags) {
    public User {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(passwordHash, "passwordHash");
        tags = Set.copyOf(tags);
    }

    public boolean hasTag(String tag) {
        return tags.contains(tag);
    }
}
