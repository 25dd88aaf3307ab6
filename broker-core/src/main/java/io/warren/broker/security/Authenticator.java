package io.warren.broker.security;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a client's credentials against the internal user store, for the SASL mechanisms Warren
 * offers. The mechanism (how credentials travel) is kept apart from the store (who the user is),
 * as in RabbitMQ, so other mechanisms or backends can be added without touching either.
 */
public final class Authenticator {
    private final UserStore users;
    private final Map<String, SaslMechanism> mechanisms = new LinkedHashMap<>();

    public Authenticator(UserStore users) {
        this.users = users;
        register(new AmqPlainMechanism());
        register(new PlainMechanism());
    }

    private void register(SaslMechanism mechanism) {
        mechanisms.put(mechanism.name(), mechanism);
    }

    /** The mechanisms for {@code connection.start}, space-separated as RabbitMQ lists them. */
    public String mechanismNames() {
        return String.join(" ", mechanisms.keySet());
    }

    public Optional<SaslMechanism> mechanism(String name) {
        return Optional.ofNullable(mechanisms.get(name));
    }

    /** The user whose password matches, or empty. */
    public Optional<User> authenticate(Credentials credentials) {
        return users.user(credentials.username())
                .filter(u -> !u.passwordHash().isEmpty())
                .filter(u -> PasswordHashing.verify(u.passwordHash(), credentials.password()));
    }
}
