package io.warren.management.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The columns a {@code list_*} command knows, in rabbitmqctl's order, and those it shows by default. */
public final class Columns {
    private final Map<String, Column> known = new LinkedHashMap<>();
    private final List<String> defaults;

    public Columns(List<String> defaults, Column... columns) {
        for (Column column : columns) {
            known.put(column.name(), column);
        }
        for (String name : defaults) {
            if (!known.containsKey(name)) {
                throw new IllegalArgumentException("default column " + name + " is not among the known ones");
            }
        }
        this.defaults = List.copyOf(defaults);
    }

    /**
     * The columns {@code requested} names, in that order (repeats allowed, as rabbitmqctl allows), or
     * the defaults when none are requested. Like rabbitmqctl, a comma-separated list works too.
     *
     * @throws CliException with {@link ExitCodes#USAGE} naming the unknown ones and listing the valid keys
     */
    public List<Column> select(List<String> requested) {
        List<String> names = new ArrayList<>();
        for (String argument : requested == null ? List.<String>of() : requested) {
            for (String name : argument.split(",")) {
                if (!name.isBlank()) {
                    names.add(name.strip());
                }
            }
        }
        if (names.isEmpty()) {
            names = defaults;
        }
        List<String> unknown = names.stream().filter(name -> !known.containsKey(name)).toList();
        if (!unknown.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "Info key(s) " + String.join(",", unknown)
                    + " are not supported. Valid keys are: " + String.join(", ", known.keySet()));
        }
        return names.stream().map(known::get).toList();
    }

    public List<String> names() {
        return List.copyOf(known.keySet());
    }
}
