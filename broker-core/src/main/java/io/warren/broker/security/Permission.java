package io.warren.broker.security;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A user's rights in one virtual host: three regular expressions over resource names, as in
 * RabbitMQ. A name is allowed when the expression matches part of it ({@link java.util.regex.Matcher#find()}),
 * RabbitMQ's semantics, so {@code ^amq\.gen.*} and {@code .*} behave as operators expect.
 * An empty expression allows nothing.
 */
public final class Permission {
    private final String configure;
    private final String write;
    private final String read;
    private final Pattern configurePattern;
    private final Pattern writePattern;
    private final Pattern readPattern;

    public Permission(String configure, String write, String read) {
        this.configure = Objects.requireNonNull(configure);
        this.write = Objects.requireNonNull(write);
        this.read = Objects.requireNonNull(read);
        this.configurePattern = compile(configure);
        this.writePattern = compile(write);
        this.readPattern = compile(read);
    }

    public static Permission all() {
        return new Permission(".*", ".*", ".*");
    }

    public String configure() {
        return configure;
    }

    public String write() {
        return write;
    }

    public String read() {
        return read;
    }

    public boolean allows(AccessKind kind, String resourceName) {
        Pattern pattern = switch (kind) {
            case CONFIGURE -> configurePattern;
            case WRITE -> writePattern;
            case READ -> readPattern;
        };
        return pattern != null && pattern.matcher(resourceName).find();
    }

    private static Pattern compile(String regex) {
        return regex.isEmpty() ? null : Pattern.compile(regex);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Permission p && configure.equals(p.configure) && write.equals(p.write)
                && read.equals(p.read);
    }

    @Override
    public int hashCode() {
        return Objects.hash(configure, write, read);
    }

    @Override
    public String toString() {
        return "Permission[configure=" + configure + ", write=" + write + ", read=" + read + "]";
    }
}
