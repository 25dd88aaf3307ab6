package io.warren.amqp.content;

import java.time.Instant;
import java.util.Map;

/**
 * The 14 content properties of class {@code basic}. Every field is optional ({@code null} when
 * absent), as on the wire.
 *
 * @param deliveryMode 1 = transient, 2 = persistent
 * @param priority 0-255; queues honour 0-9 by default, as RabbitMQ does
 * @param expiration per-message TTL in milliseconds, as a decimal string (RabbitMQ's convention)
 * @param userId must equal the publishing user, or RabbitMQ refuses the message
 * @param clusterId deprecated by RabbitMQ, passed through untouched
 */
public record BasicProperties(
        String contentType,
        String contentEncoding,
        Map<String, Object> headers,
        Integer deliveryMode,
        Integer priority,
        String correlationId,
        String replyTo,
        String expiration,
        String messageId,
        Instant timestamp,
        String type,
        String userId,
        String appId,
        String clusterId) {

    public static final BasicProperties EMPTY = builder().build();

    public static final int DELIVERY_MODE_TRANSIENT = 1;
    public static final int DELIVERY_MODE_PERSISTENT = 2;

    public boolean isPersistent() {
        return deliveryMode != null && deliveryMode == DELIVERY_MODE_PERSISTENT;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .contentType(contentType).contentEncoding(contentEncoding).headers(headers)
                .deliveryMode(deliveryMode).priority(priority).correlationId(correlationId)
                .replyTo(replyTo).expiration(expiration).messageId(messageId).timestamp(timestamp)
                .type(type).userId(userId).appId(appId).clusterId(clusterId);
    }

    /** Assembles properties field by field; unset fields stay absent. */
    public static final class Builder {
        private String contentType;
        private String contentEncoding;
        private Map<String, Object> headers;
        private Integer deliveryMode;
        private Integer priority;
        private String correlationId;
        private String replyTo;
        private String expiration;
        private String messageId;
        private Instant timestamp;
        private String type;
        private String userId;
        private String appId;
        private String clusterId;

        private Builder() {
        }

        public Builder contentType(String value) {
            contentType = value;
            return this;
        }

        public Builder contentEncoding(String value) {
            contentEncoding = value;
            return this;
        }

        public Builder headers(Map<String, Object> value) {
            headers = value;
            return this;
        }

        public Builder deliveryMode(Integer value) {
            deliveryMode = value;
            return this;
        }

        public Builder priority(Integer value) {
            priority = value;
            return this;
        }

        public Builder correlationId(String value) {
            correlationId = value;
            return this;
        }

        public Builder replyTo(String value) {
            replyTo = value;
            return this;
        }

        public Builder expiration(String value) {
            expiration = value;
            return this;
        }

        public Builder messageId(String value) {
            messageId = value;
            return this;
        }

        public Builder timestamp(Instant value) {
            timestamp = value;
            return this;
        }

        public Builder type(String value) {
            type = value;
            return this;
        }

        public Builder userId(String value) {
            userId = value;
            return this;
        }

        public Builder appId(String value) {
            appId = value;
            return this;
        }

        public Builder clusterId(String value) {
            clusterId = value;
            return this;
        }

        public BasicProperties build() {
            return new BasicProperties(contentType, contentEncoding, headers, deliveryMode, priority,
                    correlationId, replyTo, expiration, messageId, timestamp, type, userId, appId, clusterId);
        }
    }
}
