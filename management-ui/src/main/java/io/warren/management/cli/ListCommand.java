package io.warren.management.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Parameters;

/**
 * A {@code list_*} command: one GET of a list endpoint, then the columns asked for (rabbitmqctl's
 * info keys, given as arguments) or the command's defaults.
 */
abstract class ListCommand extends ApiCommand {
    @Parameters(paramLabel = "COLUMN", arity = "0..*",
            description = "Columns to show, in this order (default: the command's usual ones).")
    List<String> requestedColumns = new ArrayList<>();

    private final Columns columns;
    private final Function<Session, String> banner;
    private final Function<Session, String> path;
    private final boolean inVhost;

    /**
     * @param columns the columns this listing knows and shows by default
     * @param banner the line printed before the rows, e.g. "Listing queues for vhost / ..."
     * @param path the API path of the list, e.g. {@code /api/queues/%2F}
     * @param inVhost whether the path names the {@code -p} vhost, so that a 404 means the vhost does not exist
     */
    ListCommand(Columns columns, Function<Session, String> banner, Function<Session, String> path, boolean inVhost) {
        this.columns = columns;
        this.banner = banner;
        this.path = path;
        this.inVhost = inVhost;
    }

    /** A listing of the {@code -p} vhost's objects at {@code /api/<collection>/<vhost>}. */
    ListCommand(Columns columns, Function<Session, String> banner, String collection) {
        this(columns, banner, session -> "/api/" + collection + "/" + session.vhostSegment(), true);
    }

    /** A listing of the whole node's objects at {@code path}. */
    ListCommand(Columns columns, String banner, String path) {
        this(columns, session -> banner, session -> path, false);
    }

    @Override
    void run(Session session) {
        // Checked before any request: a typo in a column is a usage error whether or not the node is up.
        List<Column> selected = columns.select(requestedColumns);
        session.output().info(banner.apply(session));
        JsonNode list;
        try {
            list = session.api().get(path.apply(session));
        } catch (ApiStatusException e) {
            if (e.status() == 404 && inVhost && !vhostExists(session)) {
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
