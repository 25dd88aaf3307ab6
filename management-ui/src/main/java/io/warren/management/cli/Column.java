package io.warren.management.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.function.Function;

/**
 * One of rabbitmqctl's info keys (a column of a {@code list_*} command) and where its value is in
 * the management API's JSON for one object.
 */
public record Column(String name, Function<JsonNode, JsonNode> value) {
    /** A column the API has under the same name, e.g. {@code messages}. */
    public static Column field(String name) {
        return new Column(name, item -> item.path(name));
    }

    /** A column the API has under another name or nested, e.g. {@code /queue/name} for {@code queue_name}. */
    public static Column at(String name, String jsonPointer) {
        return new Column(name, item -> item.at(jsonPointer));
    }

    /**
     * A column the API has as a JSON object that rabbitmqctl shows as JSON text, e.g. a policy's
     * {@code definition}: {@code {"max-length":5}} in a table, and a string in JSON output, as there.
     */
    public static Column jsonText(String name) {
        return new Column(name, item -> {
            JsonNode value = item.path(name);
            return value.isContainerNode() ? TextNode.valueOf(Output.compact(value)) : value;
        });
    }

    /** A column whose value is the same for every row, e.g. {@code source_kind}: bindings always come from exchanges. */
    public static Column constant(String name, String value) {
        TextNode node = TextNode.valueOf(value);
        return new Column(name, item -> node);
    }

    /** This column's value in {@code item}; a {@link MissingNode} when the API left it out. */
    public JsonNode of(JsonNode item) {
        JsonNode found = value.apply(item);
        return found == null ? MissingNode.getInstance() : found;
    }
}
