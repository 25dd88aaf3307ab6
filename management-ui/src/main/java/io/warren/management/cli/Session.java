package io.warren.management.cli;

/**
 * What one command run works with: the node's API, where results go, the {@code -p} vhost, and the
 * {@code --timeout} as given (null when not given, since await_startup's default differs).
 */
public record Session(ManagementClient api, Output output, String vhost, Integer timeoutSeconds) {
    /** The vhost as one percent-encoded path segment. */
    public String vhostSegment() {
        return ManagementClient.segment(vhost);
    }
}
