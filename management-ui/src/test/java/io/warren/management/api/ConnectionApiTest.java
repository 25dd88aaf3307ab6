package io.warren.management.api;

import static io.warren.management.api.ApiBroker.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.ShutdownSignalException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Connections, channels and consumers made by a real AMQP client, as the API shows them. */
class ConnectionApiTest {
    @RegisterExtension
    static final ApiBroker broker = new ApiBroker();

    private static final String NOT_FOUND = "{\"error\":\"Object Not Found\",\"reason\":\"Not Found\"}";

    @BeforeAll
    static void users() {
        broker.addUser("alice", "pw", "/", "management");
        broker.addUser("ops", "pw", null, "monitoring");
    }

    private static String path(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static int localPort(Connection c) {
        return ((com.rabbitmq.client.impl.AMQConnection) c).getLocalPort();
    }

    /** The name the broker gives the client's connection: its local address, then the broker's. */
    private static String nameOf(Connection c) {
        return "127.0.0.1:" + localPort(c) + " -> 127.0.0.1:" + broker.broker().amqpPort();
    }

    @Test
    void connectionsChannelsAndConsumersWithRabbitMqsFields() throws Exception {
        Connection c = broker.connect("orders-service");
        Channel ch = c.createChannel();
        ch.basicQos(7);
        ch.confirmSelect();
        ch.queueDeclare("cq", false, false, false, null);
        ch.basicConsume("cq", false, "ctag-1", new DefaultConsumer(ch));
        String name = nameOf(c);

        JsonNode list = json(broker.get("/api/connections"));
        assertThat(list.findValuesAsText("name")).containsExactly(name);
        JsonNode conn = json(broker.get("/api/connections/" + path(name)));
        assertThat(conn.get("user").asText()).isEqualTo("guest");
        assertThat(conn.get("vhost").asText()).isEqualTo("/");
        assertThat(conn.get("channels").asInt()).isEqualTo(1);
        assertThat(conn.get("protocol").asText()).isEqualTo("AMQP 0-9-1");
        assertThat(conn.get("peer_port").asInt()).isEqualTo(localPort(c));
        assertThat(conn.get("port").asInt()).isEqualTo(broker.broker().amqpPort());
        assertThat(conn.get("auth_mechanism").asText()).isEqualTo("PLAIN");
        assertThat(conn.get("client_properties").get("connection_name").asText()).isEqualTo("orders-service");
        assertThat(conn.get("state").asText()).isEqualTo("running");
        assertThat(conn.get("node").asText()).isEqualTo("warren@localhost");

        JsonNode channels = json(broker.get("/api/connections/" + path(name) + "/channels"));
        assertThat(channels.size()).isEqualTo(1);
        JsonNode channel = channels.get(0);
        assertThat(channel.get("name").asText()).isEqualTo(name + " (1)");
        assertThat(channel.get("number").asInt()).isEqualTo(1);
        assertThat(channel.get("prefetch_count").asInt()).isEqualTo(7);
        assertThat(channel.get("confirm").asBoolean()).isTrue();
        assertThat(channel.get("consumer_count").asInt()).isEqualTo(1);
        assertThat(channel.get("connection_details").toString()).isEqualTo("{\"name\":\"" + name
                + "\",\"peer_host\":\"127.0.0.1\",\"peer_port\":" + localPort(c) + "}");
        assertThat(json(broker.get("/api/channels?columns=name")).findValuesAsText("name")).containsExactly(name + " (1)");
        assertThat(json(broker.get("/api/vhosts/%2F/channels")).size()).isEqualTo(1);
        JsonNode one = json(broker.get("/api/channels/" + path(name + " (1)")));
        assertThat(one.get("consumer_details").get(0).get("consumer_tag").asText()).isEqualTo("ctag-1");
        assertThat(broker.get("/api/channels/" + path(name + " (9)")).body()).isEqualTo(NOT_FOUND);

        JsonNode consumers = json(broker.get("/api/consumers"));
        assertThat(consumers.size()).isEqualTo(1);
        JsonNode consumer = consumers.get(0);
        assertThat(consumer.get("consumer_tag").asText()).isEqualTo("ctag-1");
        assertThat(consumer.get("queue").toString()).isEqualTo("{\"name\":\"cq\",\"vhost\":\"/\"}");
        assertThat(consumer.get("ack_required").asBoolean()).isTrue();
        assertThat(consumer.get("prefetch_count").asInt()).isEqualTo(7);
        assertThat(consumer.get("channel_details").get("name").asText()).isEqualTo(name + " (1)");
        assertThat(json(broker.get("/api/consumers/%2F")).size()).isEqualTo(1);
        assertThat(json(broker.get("/api/queues/%2F/cq")).get("consumer_details").get(0).get("consumer_tag").asText())
                .isEqualTo("ctag-1");
        assertThat(json(broker.get("/api/vhosts/%2F/connections")).findValuesAsText("name")).containsExactly(name);
    }

    @Test
    void deleteClosesTheConnectionWithTheReasonGiven() throws Exception {
        Connection c = broker.connect("to-close");
        CompletableFuture<ShutdownSignalException> closed = new CompletableFuture<>();
        c.addShutdownListener(closed::complete);
        HttpResponse<String> response = broker.send(HttpRequest.newBuilder(
                        broker.uri("/api/connections/" + path(nameOf(c))))
                .DELETE().header("x-reason", "maintenance window")
                .header("authorization", "Basic Z3Vlc3Q6Z3Vlc3Q="));
        assertThat(response.statusCode()).isEqualTo(204);
        ShutdownSignalException signal = closed.get(5, TimeUnit.SECONDS);
        AMQP.Connection.Close close = (AMQP.Connection.Close) signal.getReason();
        assertThat(close.getReplyCode()).isEqualTo(320);
        assertThat(close.getReplyText()).isEqualTo("CONNECTION_FORCED - maintenance window");
    }

    @Test
    void deleteWithoutAReasonUsesRabbitMqsText() throws Exception {
        Connection c = broker.connect("to-close-2");
        CompletableFuture<ShutdownSignalException> closed = new CompletableFuture<>();
        c.addShutdownListener(closed::complete);
        assertThat(broker.delete("/api/connections/" + path(nameOf(c))).statusCode()).isEqualTo(204);
        assertThat(((AMQP.Connection.Close) closed.get(5, TimeUnit.SECONDS).getReason()).getReplyText())
                .isEqualTo("CONNECTION_FORCED - Closed via management plugin");
        assertThat(broker.delete("/api/connections/nonex").body()).isEqualTo(NOT_FOUND);
    }

    @Test
    void managementUsersSeeOnlyTheirOwnConnectionsMonitorsSeeAll() throws Exception {
        Connection mine = broker.connect("alice", "pw");
        Connection guests = broker.connect("guest-conn");
        String alices = nameOf(mine);
        String guestName = nameOf(guests);
        assertThat(json(broker.send("GET", "/api/connections", null, "alice", "pw")).findValuesAsText("name"))
                .containsExactly(alices);
        assertThat(json(broker.send("GET", "/api/connections", null, "ops", "pw")).findValuesAsText("name"))
                .containsExactlyInAnyOrder(alices, guestName);
        HttpResponse<String> other = broker.send("GET", "/api/connections/" + path(guestName), null, "alice", "pw");
        assertThat(other.statusCode()).isEqualTo(401);
        assertThat(other.body()).isEqualTo("{\"error\":\"not_authorised\",\"reason\":\"User not authorised to access object\"}");
        assertThat(broker.send("DELETE", "/api/connections/" + path(guestName), null, "alice", "pw").statusCode())
                .isEqualTo(401);
        assertThat(guests.isOpen()).isTrue();
        Map<String, Object> totals = ApiBroker.JSON.convertValue(
                json(broker.send("GET", "/api/overview", null, "alice", "pw")).get("object_totals"), Map.class);
        assertThat(totals).containsEntry("connections", 1);
    }
}
