package io.warren.management.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a command's results go: standard output, in the {@code --formatter} chosen, shaped as
 * rabbitmqctl shapes it. Informational lines ("Listing queues for vhost / ...") are dropped with
 * {@code --quiet} and for the JSON formatter, so that what a script reads is only the data.
 */
public final class Output {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;
    private final Formatter formatter;
    private final boolean quiet;
    private final boolean tableHeaders;

    public Output(PrintStream out, Formatter formatter, boolean quiet, boolean tableHeaders) {
        this.out = out;
        this.formatter = formatter;
        this.quiet = quiet;
        this.tableHeaders = tableHeaders;
    }

    public Formatter formatter() {
        return formatter;
    }

    /** An informational line such as "Listing queues for vhost / ...". */
    public void info(String line) {
        if (!quiet && formatter == Formatter.table) {
            out.println(line);
        }
    }

    /**
     * One row per item with the given columns: a table, or a JSON array with one object per line.
     * Like rabbitmqctl, a table without rows has no header row either.
     */
    public void rows(List<Column> columns, List<JsonNode> items) {
        if (formatter == Formatter.json) {
            List<String> rows = new ArrayList<>(items.size());
            for (JsonNode item : items) {
                ObjectNode row = JsonNodeFactory.instance.objectNode();
                for (Column column : columns) {
                    JsonNode value = column.of(item);
                    row.set(column.name(), value.isMissingNode() ? JsonNodeFactory.instance.nullNode() : value);
                }
                rows.add(compact(row));
            }
            out.println("[");
            if (!rows.isEmpty()) {
                out.println(String.join(",\n", rows));
            }
            out.println("]");
            return;
        }
        if (tableHeaders && !items.isEmpty()) {
            out.println(String.join("\t", columns.stream().map(Column::name).toList()));
        }
        StringBuilder line = new StringBuilder();
        for (JsonNode item : items) {
            line.setLength(0);
            for (int i = 0; i < columns.size(); i++) {
                if (i > 0) {
                    line.append('\t');
                }
                line.append(Cells.render(columns.get(i).of(item)));
            }
            out.println(line);
        }
    }

    /** A JSON document on one line, as rabbitmqctl's JSON formatter prints one. */
    public void json(JsonNode document) {
        out.println(compact(document));
    }

    static String compact(JsonNode document) {
        try {
            return JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** A line of results that is printed whatever the formatter, e.g. a report or exported definitions. */
    public void line(String text) {
        out.println(text);
    }

    public void flush() {
        out.flush();
    }
}
