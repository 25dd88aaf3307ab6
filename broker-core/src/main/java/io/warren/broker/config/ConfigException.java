package io.warren.broker.config;

/**
 * The configuration cannot be used: a bad line in the configuration file, a bad {@code WARREN_*}
 * environment variable or command-line flag, or two plugins claiming the same key. The message is
 * complete and meant for the person starting the broker: it names where the problem is (file and
 * line, variable or flag) and what is allowed instead. The launcher prints it without a stack trace.
 */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
