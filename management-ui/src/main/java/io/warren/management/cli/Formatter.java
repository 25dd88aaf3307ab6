package io.warren.management.cli;

/** {@code --formatter}: rabbitmqctl's two that matter for scripts. */
public enum Formatter {
    /** Tab-separated columns under a header row, as rabbitmqctl prints by default. */
    table,
    /** A JSON array of objects keyed by column name (an object for {@code status} and the like). */
    json
}
