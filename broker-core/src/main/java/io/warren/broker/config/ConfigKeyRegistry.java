package io.warren.broker.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every key the configuration file may contain: broker-core's {@link CoreSettings} and the keys the
 * installed plugins contribute. The strict parser rejects anything else. Keys are kept in the order
 * they were added, which is the order error messages and listings use.
 */
public final class ConfigKeyRegistry {
    private final Map<String, ConfigKey<?>> keys;

    private ConfigKeyRegistry(Map<String, ConfigKey<?>> keys) {
        this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    }

    /** A registry of broker-core's own keys only: what a broker without plugins accepts. */
    public static ConfigKeyRegistry core() {
        try {
            return builder().add("broker-core", CoreSettings.all()).build();
        } catch (ConfigException e) {
            throw new IllegalStateException("CoreSettings defines a key twice", e);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The key named {@code name}, if some part of the broker defines it. */
    public Optional<ConfigKey<?>> find(String name) {
        return Optional.ofNullable(keys.get(name));
    }

    public Collection<ConfigKey<?>> all() {
        return keys.values();
    }

    /** The known key {@code unknown} most likely misspells, if one is close. */
    public Optional<String> suggestionFor(String unknown) {
        List<String> names = new ArrayList<>(keys.keySet());
        return KeySuggestion.closest(unknown, names);
    }

    /** Collects keys from their owners, refusing a name two owners both claim. */
    public static final class Builder {
        private final Map<String, ConfigKey<?>> keys = new LinkedHashMap<>();
        private final Map<String, String> owners = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Adds the keys of {@code owner} ("broker-core" or a plugin's name).
         *
         * @throws ConfigException when a key name is already taken by another owner (or twice by this one)
         */
        public Builder add(String owner, Collection<? extends ConfigKey<?>> ownerKeys) throws ConfigException {
            for (ConfigKey<?> key : ownerKeys) {
                String previousOwner = owners.putIfAbsent(key.name(), owner);
                if (previousOwner != null) {
                    throw new ConfigException("configuration key '" + key.name() + "' is defined by both "
                            + previousOwner + " and " + owner + "; remove one of them from the class path");
                }
                keys.put(key.name(), key);
            }
            return this;
        }

        public ConfigKeyRegistry build() {
            return new ConfigKeyRegistry(keys);
        }
    }
}
