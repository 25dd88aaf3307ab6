package io.warren.management.api;

import static io.warren.management.api.ApiBroker.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class QueueApiTest {
    @RegisterExtension
    static final ApiBroker broker = new ApiBroker();

    private static final String NOT_FOUND = "{\"error\":\"Object Not Found\",\"reason\":\"Not Found\"}";

    @BeforeAll
    static void users() {
        broker.addUser("limited", "pw", null, "management");
        broker.services().users().setPermission("limited", "/",
                new io.warren.broker.security.Permission("^lim", "^lim", "^lim"));
    }

    private static void assertAnswer(HttpResponse<String> response, int status, String body) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).isEqualTo(body);
    }

    private static void publish(String queue, String payload) {
        assertAnswer(broker.post("/api/exchanges/%2F/amq.default/publish", "{\"routing_key\":\"" + queue
                + "\",\"payload\":\"" + payload + "\",\"payload_encoding\":\"string\",\"properties\":{}}"), 200,
                "{\"routed\":true}");
    }

    /** Counts are published by the queue after each batch: wait until they show {@code expected}. */
    private static JsonNode awaitMessages(String path, int expected) throws InterruptedException {
        JsonNode queue = null;
        for (int i = 0; i < 100; i++) {
            queue = json(broker.get(path));
            if (queue.get("messages").asInt() == expected) {
                return queue;
            }
            Thread.sleep(20);
        }
        return queue;
    }

    @Test
    void putDeclaresAndGetShowsRabbitMqsFields() throws Exception {
        assertAnswer(broker.put("/api/queues/%2F/q.one", "{\"durable\":true,\"arguments\":{\"x-queue-mode\":\"lazy\"}}"),
                201, "");
        assertAnswer(broker.put("/api/queues/%2F/q.one", "{\"durable\":true,\"arguments\":{\"x-queue-mode\":\"lazy\"}}"),
                204, "");
        publish("q.one", "m1");
        JsonNode queue = awaitMessages("/api/queues/%2F/q.one", 1);
        assertThat(queue.toString()).isEqualTo("{\"arguments\":{\"x-queue-mode\":\"lazy\"},\"auto_delete\":false,"
                + "\"consumers\":0,\"durable\":true,\"effective_policy_definition\":{},\"exclusive\":false,\"exclusive_consumer_tag\":null,\"messages\":1,"
                + "\"messages_ready\":1,\"messages_unacknowledged\":0,\"name\":\"q.one\",\"node\":\"warren@localhost\","
                + "\"policy\":null,\"state\":\"running\",\"type\":\"classic\",\"vhost\":\"/\",\"consumer_details\":[],"
                + "\"deliveries\":[],\"incoming\":[]}");
        assertThat(broker.get("/api/queues/%2F/q.one?columns=name,messages").body())
                .isEqualTo("{\"messages\":1,\"name\":\"q.one\"}");
        assertAnswer(broker.get("/api/queues/%2F/nonex"), 404, NOT_FOUND);
    }

    @Test
    void putRefusesWhatAmqpRefuses() {
        broker.put("/api/queues/%2F/q.eq", "{\"durable\":false}");
        assertAnswer(broker.put("/api/queues/%2F/q.eq", "{\"durable\":true}"), 400,
                "{\"error\":\"bad_request\",\"reason\":\"inequivalent arg 'durable' for queue 'q.eq' in vhost '/': "
                        + "received 'true' but current is 'false'\"}");
        assertAnswer(broker.put("/api/queues/%2F/amq.q", "{}"), 401,
                "{\"error\":\"not_authorised\",\"reason\":\"Access refused.\"}");
        assertAnswer(broker.send("PUT", "/api/queues/%2F/other", "{}", "limited", "pw"), 401,
                "{\"error\":\"not_authorised\",\"reason\":\"Access refused.\"}");
        assertAnswer(broker.put("/api/queues/%2F/q.type", "{\"arguments\":{\"x-queue-type\":\"stream\"}}"), 400,
                "{\"error\":\"bad_request\",\"reason\":\"invalid arg 'x-queue-type' for queue 'q.type' in vhost '/': "
                        + "\\\"unsupported queue type 'stream'\\\"\"}");
        assertAnswer(broker.put("/api/queues/%2F/q.bool", "{\"durable\":\"yes\"}"), 400,
                "{\"error\":\"bad_request\",\"reason\":[\"not_boolean\",\"yes\"]}");
        assertAnswer(broker.put("/api/queues/nowhere/q", "{}"), 404,
                "{\"error\":\"not_found\",\"reason\":\"vhost_not_found\"}");
        assertAnswer(broker.send("PUT", "/api/queues/%2F/lim.q", "{}", "limited", "pw"), 201, "");
    }

    @Test
    void listsAllAndPerVhostWithPaging() {
        for (String name : new String[] {"p.c", "p.a", "p.b"}) {
            broker.put("/api/queues/%2F/" + name, "{}");
        }
        JsonNode page = json(broker.get("/api/queues/%2F?page=1&page_size=2&name=p.&columns=name"));
        assertThat(page.toString()).isEqualTo("{\"filtered_count\":3,\"item_count\":2,\"items\":[{\"name\":\"p.a\"},"
                + "{\"name\":\"p.b\"}],\"page\":1,\"page_count\":2,\"page_size\":2,\"total_count\":"
                + json(broker.get("/api/queues/%2F")).size() + "}");
        assertThat(json(broker.get("/api/queues?columns=vhost,name")).findValuesAsText("name")).contains("p.a", "p.c");
        assertAnswer(broker.get("/api/queues?page=9"), 400, "{\"error\":\"page_out_of_range\",\"reason\":"
                + "\"Page out of range, page: 9 page size: 100, len: " + json(broker.get("/api/queues")).size() + "\"}");
    }

    @Test
    void deleteHonoursIfEmptyAndIfUnused() throws Exception {
        broker.put("/api/queues/%2F/q.del", "{}");
        publish("q.del", "x");
        awaitMessages("/api/queues/%2F/q.del", 1);
        assertAnswer(broker.delete("/api/queues/%2F/q.del?if-empty=true"), 400,
                "{\"error\":\"bad_request\",\"reason\":\"queue 'q.del' in vhost '/' not empty\"}");
        Connection c = broker.connect("consumer");
        Channel ch = c.createChannel();
        ch.basicConsume("q.del", false, new DefaultConsumer(ch));
        assertAnswer(broker.delete("/api/queues/%2F/q.del?if-unused=true"), 400,
                "{\"error\":\"bad_request\",\"reason\":\"queue 'q.del' in vhost '/' in use\"}");
        assertAnswer(broker.send("DELETE", "/api/queues/%2F/q.del", null, "limited", "pw"), 401,
                "{\"error\":\"not_authorised\",\"reason\":\"Access refused.\"}");
        assertAnswer(broker.delete("/api/queues/%2F/q.del"), 204, "");
        assertAnswer(broker.delete("/api/queues/%2F/q.del"), 404, NOT_FOUND);
        assertThat(broker.services().vhosts().get("/").orElseThrow().queue("q.del")).isNull();
    }

    @Test
    void contentsDeletePurges() throws Exception {
        broker.put("/api/queues/%2F/q.purge", "{}");
        publish("q.purge", "a");
        publish("q.purge", "b");
        awaitMessages("/api/queues/%2F/q.purge", 2);
        assertAnswer(broker.delete("/api/queues/%2F/q.purge/contents"), 204, "");
        assertThat(awaitMessages("/api/queues/%2F/q.purge", 0).get("messages").asInt()).isZero();
        assertAnswer(broker.delete("/api/queues/%2F/nonex/contents"), 404, NOT_FOUND);
    }

    @Test
    void getFetchesWithEachAckMode() throws Exception {
        broker.put("/api/queues/%2F/q.get", "{}");
        publish("q.get", "hello");
        publish("q.get", "world");
        awaitMessages("/api/queues/%2F/q.get", 2);
        HttpResponse<String> peek = broker.post("/api/queues/%2F/q.get/get",
                "{\"count\":5,\"ackmode\":\"ack_requeue_true\",\"encoding\":\"auto\",\"truncate\":3}");
        assertAnswer(peek, 200, "[{\"payload_bytes\":5,\"redelivered\":false,\"exchange\":\"\",\"routing_key\":\"q.get\","
                + "\"message_count\":1,\"properties\":{},\"payload\":\"hel\",\"payload_encoding\":\"string\"},"
                + "{\"payload_bytes\":5,\"redelivered\":false,\"exchange\":\"\",\"routing_key\":\"q.get\","
                + "\"message_count\":0,\"properties\":{},\"payload\":\"wor\",\"payload_encoding\":\"string\"}]");
        HttpResponse<String> take = broker.post("/api/queues/%2F/q.get/get",
                "{\"count\":1,\"ackmode\":\"ack_requeue_false\",\"encoding\":\"base64\"}");
        assertAnswer(take, 200, "[{\"payload_bytes\":5,\"redelivered\":true,\"exchange\":\"\",\"routing_key\":\"q.get\","
                + "\"message_count\":1,\"properties\":{},\"payload\":\"aGVsbG8=\",\"payload_encoding\":\"base64\"}]");
        assertThat(json(broker.post("/api/queues/%2F/q.get/get",
                "{\"count\":1,\"ackmode\":\"reject_requeue_false\",\"encoding\":\"auto\"}")).get(0).get("payload")
                .asText()).isEqualTo("world");
        assertAnswer(broker.post("/api/queues/%2F/q.get/get",
                "{\"count\":1,\"ackmode\":\"reject_requeue_true\",\"encoding\":\"auto\"}"), 200, "[]");
    }

    @Test
    void getAnswersRabbitMqsErrors() {
        broker.put("/api/queues/%2F/q.geterr", "{}");
        assertAnswer(broker.post("/api/queues/%2F/q.geterr/get", "{\"ackmode\":\"ack_requeue_true\",\"encoding\":\"auto\"}"),
                400, "{\"error\":\"bad_request\",\"reason\":\"[{key_missing,count}]\"}");
        assertAnswer(broker.post("/api/queues/%2F/q.geterr/get",
                "{\"count\":1,\"ackmode\":\"ack_requeue_true\",\"encoding\":\"weird\"}"), 400,
                "{\"error\":\"bad_request\",\"reason\":\"Unsupported encoding. Please use auto or base64.\"}");
        assertThat(broker.post("/api/queues/%2F/q.geterr/get",
                "{\"count\":1,\"ackmode\":\"bad\",\"encoding\":\"auto\"}").statusCode()).isEqualTo(400);
        assertAnswer(broker.post("/api/queues/%2F/nonex/get",
                "{\"count\":1,\"ackmode\":\"ack_requeue_true\",\"encoding\":\"auto\"}"), 404, NOT_FOUND);
        assertAnswer(broker.send("POST", "/api/queues/%2F/q.geterr/get",
                "{\"count\":1,\"ackmode\":\"ack_requeue_true\",\"encoding\":\"auto\"}", "limited", "pw"), 401,
                "{\"error\":\"not_authorised\",\"reason\":\"Access refused.\"}");
    }

    @Test
    void aBinaryPayloadComesBackAsBase64() throws Exception {
        broker.put("/api/queues/%2F/q.bin", "{}");
        try (Connection c = broker.factory("guest", "guest").newConnection()) {
            c.createChannel().basicPublish("", "q.bin", new AMQP.BasicProperties.Builder().deliveryMode(2).build(),
                    new byte[] {(byte) 0xff, 0, 1});
        }
        awaitMessages("/api/queues/%2F/q.bin", 1);
        JsonNode got = json(broker.post("/api/queues/%2F/q.bin/get",
                "{\"count\":1,\"ackmode\":\"ack_requeue_false\",\"encoding\":\"auto\"}")).get(0);
        assertThat(got.get("payload").asText()).isEqualTo("/wAB");
        assertThat(got.get("payload_encoding").asText()).isEqualTo("base64");
        assertThat(got.get("properties").toString()).isEqualTo("{\"delivery_mode\":2}");
    }

    @Test
    void queueBindingsIncludeTheDefaultExchange() {
        broker.put("/api/queues/%2F/q.b", "{}");
        broker.post("/api/bindings/%2F/e/amq.direct/q/q.b", "{\"routing_key\":\"rk\",\"arguments\":{\"x\":1}}");
        JsonNode bindings = json(broker.get("/api/queues/%2F/q.b/bindings"));
        assertThat(bindings.findValuesAsText("source")).containsExactly("", "amq.direct");
        assertThat(bindings.get(0).toString()).isEqualTo("{\"source\":\"\",\"vhost\":\"/\",\"destination\":\"q.b\","
                + "\"destination_type\":\"queue\",\"routing_key\":\"q.b\",\"arguments\":{},\"properties_key\":\"q.b\"}");
        assertThat(bindings.get(1).get("arguments")).isEqualTo(ApiBroker.JSON.valueToTree(Map.of("x", 1)));
        assertThat(new String(bindings.get(1).get("properties_key").asText().getBytes(StandardCharsets.UTF_8)))
                .startsWith("rk~").hasSize(9);
    }
}
