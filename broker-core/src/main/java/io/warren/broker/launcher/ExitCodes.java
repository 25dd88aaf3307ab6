package io.warren.broker.launcher;

/**
 * How {@code warren-server} ends, for scripts and service managers. 2 for a usage error is also
 * picocli's convention, so a bad flag and a bad configuration file end alike.
 */
public final class ExitCodes {
    /** Stopped on request (SIGTERM, SIGINT) after a clean shutdown; also {@code --help}, {@code --version}. */
    public static final int OK = 0;
    /** The configuration was fine but the broker could not start, e.g. a port was in use. */
    public static final int STARTUP_FAILED = 1;
    /** A bad configuration file, environment variable or command-line flag. */
    public static final int CONFIG_ERROR = 2;

    private ExitCodes() {
    }
}
