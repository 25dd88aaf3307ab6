package io.warren.management.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.warren.amqp.field.Binary;
import io.warren.amqp.field.UnsignedByte;
import io.warren.amqp.field.UnsignedInt;
import io.warren.amqp.field.UnsignedShort;
import io.warren.management.ApiException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AMQP field values to JSON and back, as RabbitMQ's management API converts them: byte arrays
 * (long strings) as text, timestamps as seconds, tables as objects, arrays as lists; JSON
 * integers become signed 64-bit integers, decimals doubles, strings long strings.
 */
public final class Fields {
    private Fields() {
    }

    /** A field table as a JSON-writable map. */
    public static Map<String, Object> toJson(Map<String, Object> table) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (table != null) {
            table.forEach((key, value) -> out.put(key, valueToJson(value)));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Object valueToJson(Object value) {
        if (value instanceof Binary b) {
            return b.toUtf8String();
        }
        if (value instanceof Map<?, ?> map) {
            return toJson((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(valueToJson(v)));
            return out;
        }
        if (value instanceof Instant instant) {
            return instant.getEpochSecond();
        }
        if (value instanceof UnsignedByte u) {
            return u.value();
        }
        if (value instanceof UnsignedShort u) {
            return u.value();
        }
        if (value instanceof UnsignedInt u) {
            return u.value();
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        return value;
    }

    /** A JSON object of arguments or headers as a field table; 400 when {@code node} is not an object. */
    public static Map<String, Object> tableFromJson(JsonNode node, String what) {
        Map<String, Object> table = new LinkedHashMap<>();
        if (node == null || node.isNull() || node.isMissingNode()) {
            return table;
        }
        if (!node.isObject()) {
            throw ApiException.badRequest(what + " must be a JSON object");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            table.put(field.getKey(), valueFromJson(field.getValue()));
        }
        return table;
    }

    static Object valueFromJson(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? node.longValue() : new BigDecimal(node.bigIntegerValue());
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isObject()) {
            return tableFromJson(node, "a nested table");
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(element -> list.add(valueFromJson(element)));
            return list;
        }
        return null;
    }
}
