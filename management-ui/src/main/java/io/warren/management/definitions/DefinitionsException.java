package io.warren.management.definitions;

import java.util.List;

/**
 * A definitions file refused as a whole: malformed, or holding things Warren cannot take. The
 * message is the {@code reason} of the HTTP API's 400 answer and lists every problem, not just the
 * first, so one round of editing fixes the file.
 */
public final class DefinitionsException extends Exception {
    private final List<String> problems;

    DefinitionsException(String summary, List<String> problems) {
        super(problems.isEmpty() ? summary : summary + ":\n" + String.join("\n", problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    DefinitionsException(String reason) {
        this(reason, List.of());
    }

    /** One line per refused object or malformed entry. */
    public List<String> problems() {
        return problems;
    }
}
