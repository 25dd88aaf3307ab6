package io.warren.management.definitions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.warren.amqp.field.Binary;
import io.warren.broker.IntegerFields;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON to Java values and back, for definitions. Arguments become AMQP field values as RabbitMQ's
 * {@code rabbit_misc:to_amqp_table} makes them (an integer a long, a fraction a double, an object a
 * table, an array an array; {@code null} is refused), and field values become JSON as its export
 * writes them.
 */
final class JsonValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonValues() {
    }

    /** Thrown for a JSON value an AMQP table cannot hold. */
    static final class UnsupportedValue extends Exception {
        UnsupportedValue(String message) {
            super(message, null, false, false);
        }
    }

    /** An {@code arguments} object as an AMQP field table; a missing or null one is empty. */
    static Map<String, Object> toTable(JsonNode arguments) throws UnsupportedValue {
        Map<String, Object> table = new LinkedHashMap<>();
        if (arguments == null || arguments.isNull()) {
            return table;
        }
        if (!arguments.isObject()) {
            throw new UnsupportedValue("arguments must be a JSON object, not " + arguments.getNodeType());
        }
        Iterator<Map.Entry<String, JsonNode>> fields = arguments.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            table.put(field.getKey(), toAmqp(field.getKey(), field.getValue()));
        }
        return table;
    }

    private static Object toAmqp(String key, JsonNode value) throws UnsupportedValue {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isIntegralNumber()) {
            if (!value.canConvertToLong()) {
                throw new UnsupportedValue("argument '" + key + "' is out of range: " + value);
            }
            return value.longValue();
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        if (value.isObject()) {
            return toTable(value);
        }
        if (value.isArray()) {
            List<Object> list = new ArrayList<>();
            for (JsonNode element : value) {
                list.add(toAmqp(key, element));
            }
            return list;
        }
        throw new UnsupportedValue("argument '" + key + "' is null, which RabbitMQ refuses too (null_not_allowed)");
    }

    /** A plain JSON value (a policy definition, a priority) as Java: String, Long, Double, Boolean, List, Map, null. */
    static Object toJava(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isIntegralNumber()) {
            return value.canConvertToLong() ? (Object) value.longValue() : (Object) value.doubleValue();
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        if (value.isArray()) {
            List<Object> list = new ArrayList<>();
            value.forEach(element -> list.add(toJava(element)));
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        value.fields().forEachRemaining(field -> map.put(field.getKey(), toJava(field.getValue())));
        return map;
    }

    /** Any value Warren holds (field values, policy definitions) as JSON. */
    static JsonNode toJson(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof String s) {
            return NODES.textNode(s);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (IntegerFields.isInteger(value)) {
            return NODES.numberNode(IntegerFields.longValue(value));
        }
        if (value instanceof Float || value instanceof Double) {
            return NODES.numberNode(((Number) value).doubleValue());
        }
        if (value instanceof BigDecimal d) {
            return NODES.numberNode(d);
        }
        if (value instanceof Instant t) {
            return NODES.numberNode(t.getEpochSecond());
        }
        if (value instanceof Date d) {
            return NODES.numberNode(d.getTime() / 1000);
        }
        if (value instanceof Binary b) {
            return NODES.textNode(b.toUtf8String());
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            map.forEach((k, v) -> object.set(String.valueOf(k), toJson(v)));
            return object;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode();
            list.forEach(element -> array.add(toJson(element)));
            return array;
        }
        return NODES.textNode(String.valueOf(value));
    }
}
