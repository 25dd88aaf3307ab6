package io.warren.broker.config;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The two ways {@code rabbitmq.conf} spells the set of users who may only connect from localhost,
 * both accepted here:
 * <pre>
 *   loopback_users = none            # nobody is restricted
 *   loopback_users.guest = false     # guest may connect from anywhere
 *   loopback_users.monitor = true    # monitor may only connect from localhost
 * </pre>
 * The per-user lines are applied on top of {@code loopback_users} (or its default, {@code {guest}}),
 * wherever they stand in the file.
 */
public final class LoopbackUsers {
    /** The prefix of the per-user keys, {@code loopback_users.<user>}. */
    public static final String USER_KEY_PREFIX = "loopback_users.";

    private LoopbackUsers() {
    }

    /** The value of {@code loopback_users} itself: only {@code none}, as in RabbitMQ. */
    static Set<String> parse(String text) {
        if (text.equals("none")) {
            return Set.of();
        }
        throw new IllegalArgumentException("'" + text + "' is not 'none' (to restrict a user, write "
                + USER_KEY_PREFIX + "<user> = true)");
    }

    static boolean isUserKey(String key) {
        return key.startsWith(USER_KEY_PREFIX);
    }

    /** The user a per-user key names, e.g. {@code guest} for {@code loopback_users.guest}. */
    static String userOf(String key) {
        String user = key.substring(USER_KEY_PREFIX.length());
        if (user.isEmpty()) {
            throw new IllegalArgumentException("the key names no user after '" + USER_KEY_PREFIX + "'");
        }
        return user;
    }

    /** {@code base} with each user set to {@code true} added and each set to {@code false} removed. */
    static Set<String> apply(Set<String> base, Map<String, Boolean> perUser) {
        Set<String> users = new LinkedHashSet<>(base);
        perUser.forEach((user, restricted) -> {
            if (restricted) {
                users.add(user);
            } else {
                users.remove(user);
            }
        });
        return Collections.unmodifiableSet(users);
    }
}
