package io.warren.management.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.warren.management.ApiException;
import java.util.ArrayList;
import java.util.List;

/** Reading request bodies the way RabbitMQ's API reads them, with its 400 texts. */
final class Bodies {
    private Bodies() {
    }

    /** RabbitMQ's answer to missing keys: {@code "[{key_missing,write},{key_missing,read}]"}. */
    static void requireKeys(ObjectNode body, String... keys) {
        List<String> missing = new ArrayList<>();
        for (String key : keys) {
            if (!body.has(key)) {
                missing.add("{key_missing," + key + "}");
            }
        }
        if (!missing.isEmpty()) {
            throw ApiException.badRequest("[" + String.join(",", missing) + "]");
        }
    }

    /** A boolean, or {@code "true"}/{@code "false"}; anything else is RabbitMQ's {@code ["not_boolean", value]}. */
    static boolean bool(ObjectNode body, String key, boolean absent) {
        JsonNode node = body.get(key);
        if (node == null || node.isNull()) {
            return absent;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual() && (node.textValue().equals("true") || node.textValue().equals("false"))) {
            return Boolean.parseBoolean(node.textValue());
        }
        throw ApiException.badRequest(List.of("not_boolean", node.isValueNode() ? node.asText() : node.toString()));
    }

    static String text(ObjectNode body, String key, String absent) {
        JsonNode node = body.get(key);
        if (node == null || node.isNull()) {
            return absent;
        }
        if (!node.isValueNode()) {
            throw ApiException.badRequest("'" + key + "' must be a string");
        }
        return node.asText();
    }

    /** The exchange a path names: RabbitMQ writes the default exchange as {@code amq.default} in paths. */
    static String exchangeName(String pathName) {
        return pathName.equals("amq.default") ? "" : pathName;
    }
}
