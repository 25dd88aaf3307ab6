package io.warren.broker.config;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The broker's settings once every source has been merged: defaults, the configuration file,
 * {@code WARREN_*} environment variables and command-line flags, in rising precedence.
 * Immutable; a key never set answers its default.
 */
public final class BrokerConfig {
    private final Map<ConfigKey<?>, Object> values;

    private BrokerConfig(Map<ConfigKey<?>, Object> values) {
        this.values = Collections.unmodifiableMap(new HashMap<>(values));
    }

    public static BrokerConfig defaults() {
        return new BrokerConfig(Map.of());
    }

    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        Object value = values.get(key);
        return value != null ? (T) value : key.defaultValue();
    }

    public boolean isSet(ConfigKey<?> key) {
        return values.containsKey(key);
    }

    /** A copy with {@code key} set to {@code value}. */
    public <T> BrokerConfig with(ConfigKey<T> key, T value) {
        Map<ConfigKey<?>, Object> copy = new HashMap<>(values);
        copy.put(key, value);
        return new BrokerConfig(copy);
    }
}
