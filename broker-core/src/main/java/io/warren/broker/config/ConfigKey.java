package io.warren.broker.config;

import java.util.Objects;
import java.util.function.Function;

/**
 * One setting of the configuration file, in the style of {@code rabbitmq.conf}: its key, how its
 * text is turned into a value, its default, and a description of what it allows for error messages.
 *
 * @param <T> the value's type
 */
public final class ConfigKey<T> {
    private final String name;
    private final Function<String, T> parser;
    private final T defaultValue;
    private final String allowed;
    private final String description;

    private ConfigKey(String name, Function<String, T> parser, T defaultValue, String allowed, String description) {
        this.name = Objects.requireNonNull(name);
        this.parser = Objects.requireNonNull(parser);
        this.defaultValue = defaultValue;
        this.allowed = Objects.requireNonNull(allowed);
        this.description = Objects.requireNonNull(description);
    }

    /**
     * @param parser turns the text after {@code =} into a value; throws {@link IllegalArgumentException}
     *     when the text is not allowed
     * @param allowed what values are allowed, in words, e.g. "a port number 0-65535"
     */
    public static <T> ConfigKey<T> of(String name, Function<String, T> parser, T defaultValue, String allowed,
                                      String description) {
        return new ConfigKey<>(name, parser, defaultValue, allowed, description);
    }

    public String name() {
        return name;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public String allowed() {
        return allowed;
    }

    public String description() {
        return description;
    }

    /** Parses a value; {@link IllegalArgumentException} says why it is not allowed. */
    public T parse(String text) {
        return parser.apply(text.strip());
    }

    @Override
    public String toString() {
        return name;
    }
}
