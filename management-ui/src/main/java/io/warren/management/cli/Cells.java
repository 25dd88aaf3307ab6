package io.warren.management.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * How one value looks in a table cell. Strings are printed bare and absent values as nothing, as
 * rabbitmqctl prints them; lists and tables keep rabbitmqctl's bracket shapes so that a cell
 * stays on one line and is recognisable to anyone used to its output.
 */
final class Cells {
    private Cells() {
    }

    static String render(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "";
        }
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isArray()) {
            StringBuilder text = new StringBuilder("[");
            for (int i = 0; i < value.size(); i++) {
                if (i > 0) {
                    text.append(", ");
                }
                text.append(render(value.get(i)));
            }
            return text.append(']').toString();
        }
        if (value.isObject()) {
            // rabbitmqctl shows a table (queue arguments, client properties) as a list of key-value
            // tuples, e.g. [{"x-max-length",10}].
            StringBuilder text = new StringBuilder("[");
            Iterator<Map.Entry<String, JsonNode>> fields = value.properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                text.append("{\"").append(field.getKey()).append("\",").append(nested(field.getValue())).append('}');
                if (fields.hasNext()) {
                    text.append(',');
                }
            }
            return text.append(']').toString();
        }
        return value.asText();
    }

    /** Inside a table, strings are quoted so that a value reads apart from its key. */
    private static String nested(JsonNode value) {
        return value.isTextual() ? "\"" + value.asText() + "\"" : render(value);
    }
}
