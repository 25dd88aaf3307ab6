package io.warren.management.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.warren.amqp.content.BasicProperties;
import io.warren.management.ApiException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Message properties as RabbitMQ's API writes them in JSON: AMQP's names with underscores, only those set. */
final class MessageProperties {
    private MessageProperties() {
    }

    static BasicProperties fromJson(JsonNode node) {
        if (node == null || node.isNull()) {
            return BasicProperties.EMPTY;
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("properties must be a JSON object");
        }
        BasicProperties.Builder b = BasicProperties.builder();
        node.fields().forEachRemaining(field -> {
            JsonNode v = field.getValue();
            switch (field.getKey()) {
                case "content_type" -> b.contentType(v.asText());
                case "content_encoding" -> b.contentEncoding(v.asText());
                case "headers" -> b.headers(Fields.tableFromJson(v, "headers"));
                case "delivery_mode" -> b.deliveryMode(integer(field.getKey(), v));
                case "priority" -> b.priority(integer(field.getKey(), v));
                case "correlation_id" -> b.correlationId(v.asText());
                case "reply_to" -> b.replyTo(v.asText());
                case "expiration" -> b.expiration(v.asText());
                case "message_id" -> b.messageId(v.asText());
                case "timestamp" -> b.timestamp(Instant.ofEpochSecond(integer(field.getKey(), v)));
                case "type" -> b.type(v.asText());
                case "user_id" -> b.userId(v.asText());
                case "app_id" -> b.appId(v.asText());
                case "cluster_id" -> b.clusterId(v.asText());
                default -> throw ApiException.badRequest("unknown message property '" + field.getKey() + "'");
            }
        });
        return b.build();
    }

    private static int integer(String key, JsonNode v) {
        if (v.canConvertToInt() && v.isIntegralNumber()) {
            return v.intValue();
        }
        if (v.isTextual()) {
            try {
                return Integer.parseInt(v.textValue());
            } catch (NumberFormatException e) {
                // answered below
            }
        }
        throw ApiException.badRequest("property '" + key + "' must be an integer");
    }

    static Map<String, Object> toJson(BasicProperties p) {
        Map<String, Object> out = new LinkedHashMap<>();
        putIf(out, "content_type", p.contentType());
        putIf(out, "content_encoding", p.contentEncoding());
        putIf(out, "priority", p.priority());
        putIf(out, "correlation_id", p.correlationId());
        putIf(out, "reply_to", p.replyTo());
        putIf(out, "expiration", p.expiration());
        putIf(out, "message_id", p.messageId());
        putIf(out, "timestamp", p.timestamp() == null ? null : p.timestamp().getEpochSecond());
        putIf(out, "type", p.type());
        putIf(out, "user_id", p.userId());
        putIf(out, "app_id", p.appId());
        putIf(out, "cluster_id", p.clusterId());
        putIf(out, "delivery_mode", p.deliveryMode());
        if (p.headers() != null) {
            out.put("headers", Fields.toJson(p.headers()));
        }
        return out;
    }

    private static void putIf(Map<String, Object> out, String key, Object value) {
        if (value != null) {
            out.put(key, value);
        }
    }
}
