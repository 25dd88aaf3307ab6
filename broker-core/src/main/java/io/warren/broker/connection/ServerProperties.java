package io.warren.broker.connection;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code server-properties} of {@code connection.start}: who the server is and which RabbitMQ
 * extensions it supports. Clients switch features on by these capability names, so they are
 * RabbitMQ's exactly.
 */
final class ServerProperties {
    private ServerProperties() {
    }

    static Map<String, Object> of(String version, String clusterName) {
        Map<String, Object> capabilities = new LinkedHashMap<>();
        for (String capability : new String[] {"publisher_confirms", "exchange_exchange_bindings", "basic.nack",
                "consumer_cancel_notify", "connection.blocked", "consumer_priorities",
                "authentication_failure_close", "per_consumer_qos", "direct_reply_to"}) {
            capabilities.put(capability, true);
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("capabilities", capabilities);
        properties.put("cluster_name", clusterName);
        properties.put("copyright", "Copyright (c) the Warren developers");
        properties.put("information", "Warren, an AMQP 0-9-1 broker for RabbitMQ clients");
        properties.put("platform", "Java " + Runtime.version().feature());
        properties.put("product", "Warren");
        properties.put("version", version);
        return properties;
    }
}
