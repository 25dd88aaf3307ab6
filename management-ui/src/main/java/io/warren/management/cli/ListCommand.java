package io.warren.management.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Parameters;

/**
 * A {@code list_*} command: one GET of a list endpoint, then the columns asked for (rabbitmqctl's
 * info keys, given as arguments) or the command's defaults.
 */
abstract class ListCommand extends ApiCommand {
    @Parameters(paramLabel = "COLUMN", arity = "0..*",
            description = "Columns to show, in this order (default: the command's usual ones).")
    List<String> requestedColumns = new ArrayList<>();

    /** The columns this listing knows and shows by default. */
    abstract Columns columns();

    /** The line printed before the rows, e.g. "Listing queues for vhost / ...". */
    abstract String banner(Session session);

    /** The API path of the list, e.g. {@code /api/queues/%2F}. */
    abstract String path(Session session);

    /** Whether the path names the {@code -p} vhost, so that a 404 means the vhost does not exist. */
    boolean inVhost() {
        return true;
    }

    @Override
    void run(Session session) {
        // Checked before any request: a typo in a column is a usage error whether or not the node is up.
        List<Column> selected = columns().select(requestedColumns);
        session.output().info(banner(session));
        JsonNode list;
        try {
            list = session.api().get(path(session));
        } catch (ApiStatusException e) {
            if (e.status() == 404 && inVhost() && !vhostExists(session)) {
                throw noSuchVhost(session.vhost(), e);
            }
            throw e;
        }
        session.output().rows(selected, items(list));
    }

    /** The list endpoints answer an array; with paging parameters RabbitMQ wraps it in {@code items}. */
    static List<JsonNode> items(JsonNode list) {
        JsonNode array = list != null && list.isObject() ? list.path("items") : list;
        if (array == null || !array.isArray()) {
            throw new CliException(ExitCodes.SOFTWARE, "expected a JSON array from the node, got: "
                    + (list == null ? "nothing" : abbreviate(list.toString())));
        }
        List<JsonNode> items = new ArrayList<>(array.size());
        array.forEach(items::add);
        return items;
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
