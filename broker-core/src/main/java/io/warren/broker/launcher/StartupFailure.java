package io.warren.broker.launcher;

import java.util.ArrayList;
import java.util.List;

/** Turns an exception from start-up into one readable line, without a stack trace. */
final class StartupFailure {
    private StartupFailure() {
    }

    /**
     * The messages along the cause chain, each once: wrappers often repeat their cause's message, and
     * an exception without a message is named by its type instead.
     */
    static String describe(Throwable failure) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = failure; t != null && parts.size() < 5; t = t.getCause()) {
            String message = t.getMessage() == null || t.getMessage().isBlank()
                    ? t.getClass().getSimpleName() : t.getMessage().strip();
            if (parts.stream().noneMatch(earlier -> earlier.contains(message))) {
                parts.add(message);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return String.join(": ", parts).replace('\n', ' ');
    }
}
