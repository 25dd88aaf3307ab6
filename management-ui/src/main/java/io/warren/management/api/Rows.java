package io.warren.management.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.warren.broker.channel.ChannelView;
import io.warren.broker.connection.ConnectionView;
import io.warren.broker.policy.Policy;
import io.warren.broker.policy.PolicyStore;
import io.warren.broker.queue.MessageQueue;
import io.warren.broker.security.PasswordHashing;
import io.warren.broker.security.Permission;
import io.warren.broker.security.User;
import io.warren.broker.vhost.Destination;
import io.warren.broker.vhost.Exchange;
import io.warren.broker.vhost.VirtualHost;
import io.warren.management.MessageStats;
import io.warren.routing.Binding;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * The JSON of each kind of object, with RabbitMQ's field names. Every object's
 * {@code message_stats} is added here, from {@link MessageStats}, so that rate counters plug into
 * one place.
 */
public final class Rows {
    private static final ObjectMapper CANONICAL = new ObjectMapper();

    private final String node;
    private final MessageStats stats;
    private final PolicyStore policies;

    public Rows(String node, MessageStats stats) {
        this(node, stats, new PolicyStore());
    }

    /** With {@code policies}, queues and exchanges show the policy in effect for them. */
    public Rows(String node, MessageStats stats, PolicyStore policies) {
        this.node = node;
        this.stats = stats;
        this.policies = policies;
    }

    /** A JSON object with its keys in the order given (Map.of's order is unspecified). */
    public static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static void putStats(Map<String, Object> row, Map<String, Object> messageStats) {
        if (messageStats != null) {
            row.put("message_stats", messageStats);
        }
    }

    public Map<String, Object> exchange(Exchange e) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("arguments", Fields.toJson(e.arguments()));
        row.put("auto_delete", e.isAutoDelete());
        row.put("durable", e.isDurable());
        row.put("internal", e.isInternal());
        row.put("name", e.name());
        policies.effectiveForExchange(e.vhost(), e.name()).ifPresent(p -> row.put("policy", p.name()));
        row.put("type", e.type().name());
        row.put("vhost", e.vhost());
        putStats(row, stats.exchange(e));
        return row;
    }

    public Map<String, Object> queue(MessageQueue q) {
        Map<String, Object> row = new LinkedHashMap<>();
        int ready = q.messageCount();
        int unacked = q.unacknowledgedCount();
        row.put("arguments", Fields.toJson(q.settings().arguments()));
        row.put("auto_delete", q.settings().autoDelete());
        row.put("consumers", q.consumerCount());
        row.put("durable", q.settings().durable());
        Optional<Policy> policy = policies.effectiveForQueue(q.vhost(), q.name());
        row.put("effective_policy_definition", policy.map(Policy::definition).orElse(Map.of()));
        row.put("exclusive", q.settings().isExclusive());
        row.put("exclusive_consumer_tag", null);
        row.put("messages", ready + unacked);
        row.put("messages_ready", ready);
        row.put("messages_unacknowledged", unacked);
        row.put("name", q.name());
        row.put("node", node);
        row.put("policy", policy.map(Policy::name).orElse(null));
        row.put("state", "running");
        row.put("type", "classic");
        row.put("vhost", q.vhost());
        putStats(row, stats.queue(q));
        return row;
    }

    public Map<String, Object> binding(String vhost, String source, Binding<Destination> b) {
        Destination d = b.destination();
        return binding(vhost, source, d.name(), d instanceof Destination.ToQueue ? "queue" : "exchange",
                b.routingKey(), b.arguments());
    }

    /** The binding every queue has from the default exchange, by its own name, which RabbitMQ lists too. */
    public Map<String, Object> defaultBinding(MessageQueue q) {
        return binding(q.vhost(), "", q.name(), "queue", q.name(), Map.of());
    }

    private Map<String, Object> binding(String vhost, String source, String destination, String destinationType,
                                        String routingKey, Map<String, Object> arguments) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("source", source);
        row.put("vhost", vhost);
        row.put("destination", destination);
        row.put("destination_type", destinationType);
        row.put("routing_key", routingKey);
        row.put("arguments", Fields.toJson(arguments));
        row.put("properties_key", propertiesKey(routingKey, arguments));
        return row;
    }

    /**
     * The key that names one binding between two ends in a path, as RabbitMQ makes it: the
     * URL-quoted routing key ({@code ~} when empty), then, when there are arguments, {@code ~} and a
     * short hash of them. RabbitMQ hashes the Erlang term; Warren hashes the arguments' JSON with
     * sorted keys (CRC32, base64url), so keys are stable in Warren but differ from RabbitMQ's for
     * bindings with arguments.
     */
    public static String propertiesKey(String routingKey, Map<String, Object> arguments) {
        String quoted = URLEncoder.encode(routingKey, StandardCharsets.UTF_8).replace("~", "%7E");
        if (arguments == null || arguments.isEmpty()) {
            return routingKey.isEmpty() ? "~" : quoted;
        }
        CRC32 crc = new CRC32();
        try {
            crc.update(CANONICAL.writeValueAsBytes(sorted(Fields.toJson(arguments))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        byte[] hash = ByteBuffer.allocate(4).putInt((int) crc.getValue()).array();
        return quoted + "~" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    }

    @SuppressWarnings("unchecked")
    private static Object sorted(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            map.forEach((k, v) -> out.put((String) k, sorted(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(sorted(v)));
            return out;
        }
        return value;
    }

    public Map<String, Object> vhost(VirtualHost v) {
        long ready = 0;
        long unacked = 0;
        for (MessageQueue q : v.queues()) {
            ready += q.messageCount();
            unacked += q.unacknowledgedCount();
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", v.name());
        row.put("description", "");
        row.put("tags", List.of());
        row.put("default_queue_type", "undefined");
        row.put("metadata", ordered("description", "", "tags", List.of()));
        row.put("tracing", false);
        row.put("cluster_state", Map.of(node, "running"));
        row.put("messages", ready + unacked);
        row.put("messages_ready", ready);
        row.put("messages_unacknowledged", unacked);
        putStats(row, stats.vhost(v));
        return row;
    }

    public static Map<String, Object> user(User u) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", u.name());
        row.put("password_hash", u.passwordHash());
        row.put("hashing_algorithm", PasswordHashing.ALGORITHM);
        row.put("tags", u.tags().stream().sorted().toList());
        row.put("limits", Map.of());
        return row;
    }

    public static Map<String, Object> permission(String user, String vhost, Permission p) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("user", user);
        row.put("vhost", vhost);
        row.put("configure", p.configure());
        row.put("write", p.write());
        row.put("read", p.read());
        return row;
    }

    public Map<String, Object> connection(ConnectionView c) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("auth_mechanism", c.authMechanism());
        row.put("channel_max", c.channelMax());
        row.put("channels", c.channels().size());
        row.put("client_properties", Fields.toJson(c.clientProperties()));
        row.put("connected_at", c.connectedAt());
        row.put("frame_max", c.frameMax());
        row.put("host", host(c.local()));
        row.put("name", c.name());
        row.put("node", node);
        row.put("peer_host", host(c.peer()));
        row.put("peer_port", port(c.peer()));
        row.put("port", port(c.local()));
        row.put("protocol", "AMQP 0-9-1");
        row.put("ssl", false);
        row.put("state", c.blocked() ? "blocked" : "running");
        row.put("timeout", c.heartbeat());
        row.put("type", "network");
        row.put("user", c.user());
        row.put("user_who_performed_action", c.user());
        row.put("vhost", c.vhost());
        putStats(row, stats.connection(c));
        return row;
    }

    /** RabbitMQ's channel name: the connection's name and the channel number in parentheses. */
    public static String channelName(ConnectionView c, ChannelView ch) {
        return c.name() + " (" + ch.number() + ")";
    }

    public Map<String, Object> channel(ConnectionView c, ChannelView ch) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("confirm", ch.confirm());
        row.put("connection_details", connectionDetails(c));
        row.put("consumer_count", ch.consumers().size());
        row.put("global_prefetch_count", ch.globalPrefetchCount());
        row.put("messages_unacknowledged", ch.unacknowledged());
        row.put("name", channelName(c, ch));
        row.put("node", node);
        row.put("number", ch.number());
        row.put("prefetch_count", ch.prefetchCount());
        row.put("state", "running");
        row.put("transactional", ch.transactional());
        row.put("user", c.user());
        row.put("user_who_performed_action", c.user());
        row.put("vhost", c.vhost());
        putStats(row, stats.channel(c, ch));
        return row;
    }

    public Map<String, Object> consumer(ConnectionView c, ChannelView ch, ChannelView.ConsumerView consumer) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("ack_required", consumer.ackRequired());
        row.put("active", true);
        row.put("activity_status", "up");
        row.put("arguments", Fields.toJson(consumer.arguments()));
        Map<String, Object> channel = new LinkedHashMap<>();
        channel.put("connection_name", c.name());
        channel.put("name", channelName(c, ch));
        channel.put("node", node);
        channel.put("number", ch.number());
        channel.put("peer_host", host(c.peer()));
        channel.put("peer_port", port(c.peer()));
        channel.put("user", c.user());
        row.put("channel_details", channel);
        row.put("consumer_tag", consumer.tag());
        row.put("exclusive", consumer.exclusive());
        row.put("prefetch_count", consumer.prefetchCount());
        row.put("queue", ordered("name", consumer.queue(), "vhost", consumer.vhost()));
        return row;
    }

    private static Map<String, Object> connectionDetails(ConnectionView c) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", c.name());
        details.put("peer_host", host(c.peer()));
        details.put("peer_port", port(c.peer()));
        return details;
    }

    private static String host(InetSocketAddress address) {
        return address == null ? null : address.getAddress().getHostAddress();
    }

    private static Integer port(InetSocketAddress address) {
        return address == null ? null : address.getPort();
    }
}
