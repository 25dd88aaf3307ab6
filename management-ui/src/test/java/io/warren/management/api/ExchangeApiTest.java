package io.warren.management.api;

import static io.warren.management.api.ApiBroker.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ExchangeApiTest {
    @RegisterExtension
    static final ApiBroker broker = new ApiBroker();

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

    @Test
    void listsTheStandardExchangesWithRabbitMqsFields() {
        JsonNode all = json(broker.get("/api/exchanges"));
        assertThat(all.findValuesAsText("name"))
                .startsWith("", "amq.direct", "amq.fanout", "amq.headers", "amq.match", "amq.topic");
        assertThat(all.get(1).toString()).isEqualTo("{\"arguments\":{},\"auto_delete\":false,\"durable\":true,"
                + "\"internal\":false,\"name\":\"amq.direct\",\"type\":\"direct\",\"vhost\":\"/\"}");
        assertThat(broker.get("/api/exchanges/%2F?columns=name,type&sort=type&sort_reverse=true&page=1&page_size=2"
                + "&name=amq.").body()).isEqualTo("{\"filtered_count\":5,\"item_count\":2,\"items\":["
                + "{\"name\":\"amq.topic\",\"type\":\"topic\"},{\"name\":\"amq.match\",\"type\":\"headers\"}],"
                + "\"page\":1,\"page_count\":3,\"page_size\":2,\"total_count\":" + all.size() + "}");
        assertAnswer(broker.get("/api/exchanges/nowhere"), 404, "{\"error\":\"Object Not Found\",\"reason\":\"Not Found\"}");
    }

    @Test
    void putDeclaresThenAnswers204ForTheSameAndRefusesInequivalent() {
        assertAnswer(broker.put("/api/exchanges/%2F/x.put", "{\"type\":\"topic\",\"durable\":true,"
                + "\"arguments\":{\"alternate-exchange\":\"amq.fanout\"}}"), 201, "");
        assertThat(broker.get("/api/exchanges/%2F/x.put").body()).isEqualTo("{\"arguments\":{\"alternate-exchange\":"
                + "\"amq.fanout\"},\"auto_delete\":false,\"durable\":true,\"internal\":false,\"name\":\"x.put\","
                + "\"type\":\"topic\",\"vhost\":\"/\",\"incoming\":[],\"outgoing\":[]}");
        assertAnswer(broker.put("/api/exchanges/%2F/x.put", "{\"type\":\"topic\",\"durable\":true,"
                + "\"arguments\":{\"alternate-exchange\":\"amq.fanout\"}}"), 204, "");
        assertAnswer(broker.put("/api/exchanges/%2F/x.put", "{\"type\":\"topic\",\"durable\":false}"), 400,
                "{\"error\":\"bad_request\",\"reason\":\"inequivalent arg 'durable' for exchange 'x.put' in vhost '/':"
                        + " received 'false' but current is 'true'\"}");
        assertThat(broker.services().vhosts().get("/").orElseThrow().exchange("x.put").isDurable()).isTrue();
    }

    @Test
    void putRefusesWhatAmqpRefuses() {
        assertAnswer(broker.put("/api/exchanges/%2F/x.bad", "{\"type\":\"foo\"}"), 400,
                "{\"error\":\"bad_request\",\"reason\":\"invalid exchange type 'foo'\"}");
        assertAnswer(broker.put("/api/exchanges/%2F/amq.mine", "{\"type\":\"direct\"}"), 401,
                "{\"error\":\"not_authorised\",\"reason\":\"Access refused.\"}");
        assertAnswer(broker.send("PUT", "/api/exchanges/%2F/other", "{\"type\":\"direct\"}", "limited", "pw"), 401,
                "{\"error\":\"not_authorised\",\"reason\":\"Access refused.\"}");
        assertAnswer(broker.send("PUT", "/api/exchanges/%2F/lim.x", "{}", "limited", "pw"), 201, "");
        assertAnswer(broker.put("/api/exchanges/nowhere/x", "{}"), 404,
                "{\"error\":\"not_found\",\"reason\":\"vhost_not_found\"}");
        assertThat(broker.services().vhosts().get("/").orElseThrow().exchange("lim.x").type().name())
                .isEqualTo("direct");
    }

    @Test
    void deleteHonoursIfUnusedAndRefusesSystemExchanges() throws Exception {
        broker.put("/api/exchanges/%2F/x.del", "{\"type\":\"fanout\"}");
        broker.put("/api/queues/%2F/q.del", "{}");
        broker.post("/api/bindings/%2F/e/x.del/q/q.del", "{}");
        assertAnswer(broker.delete("/api/exchanges/%2F/x.del?if-unused=true"), 400,
                "{\"error\":\"bad_request\",\"reason\":\"exchange 'x.del' in vhost '/' in use\"}");
        assertAnswer(broker.delete("/api/exchanges/%2F/amq.direct"), 401,
                "{\"error\":\"not_authorised\",\"reason\":\"Access refused.\"}");
        assertAnswer(broker.delete("/api/exchanges/%2F/x.del"), 204, "");
        assertAnswer(broker.delete("/api/exchanges/%2F/x.del"), 404,
                "{\"error\":\"Object Not Found\",\"reason\":\"Not Found\"}");
    }

    @Test
    void bindingsAsSourceAndDestination() {
        broker.put("/api/exchanges/%2F/x.src", "{\"type\":\"direct\"}");
        broker.put("/api/exchanges/%2F/x.dst", "{\"type\":\"fanout\"}");
        broker.put("/api/queues/%2F/q.src", "{}");
        broker.post("/api/bindings/%2F/e/x.src/e/x.dst", "{\"routing_key\":\"k\"}");
        broker.post("/api/bindings/%2F/e/x.src/q/q.src", "{\"routing_key\":\"k2\"}");
        assertThat(broker.get("/api/exchanges/%2F/x.src/bindings/source").body()).isEqualTo("["
                + "{\"source\":\"x.src\",\"vhost\":\"/\",\"destination\":\"x.dst\",\"destination_type\":\"exchange\","
                + "\"routing_key\":\"k\",\"arguments\":{},\"properties_key\":\"k\"},"
                + "{\"source\":\"x.src\",\"vhost\":\"/\",\"destination\":\"q.src\",\"destination_type\":\"queue\","
                + "\"routing_key\":\"k2\",\"arguments\":{},\"properties_key\":\"k2\"}]");
        assertThat(json(broker.get("/api/exchanges/%2F/x.dst/bindings/destination")).findValuesAsText("source"))
                .containsExactly("x.src");
        assertThat(json(broker.get("/api/exchanges/%2F/x.dst/bindings/source"))).isEmpty();
    }

    @Test
    void publishRoutesAndSaysWhether() throws Exception {
        broker.put("/api/queues/%2F/q.pub", "{}");
        assertAnswer(broker.post("/api/exchanges/%2F/amq.default/publish", "{\"routing_key\":\"q.pub\","
                + "\"payload\":\"hello\",\"payload_encoding\":\"string\",\"properties\":{\"headers\":{\"a\":1},"
                + "\"content_type\":\"text/plain\"}}"), 200, "{\"routed\":true}");
        assertAnswer(broker.post("/api/exchanges/%2F/amq.default/publish", "{\"routing_key\":\"nobody\","
                + "\"payload\":\"aGk=\",\"payload_encoding\":\"base64\",\"properties\":{}}"), 200, "{\"routed\":false}");
        try (Connection c = broker.factory("guest", "guest").newConnection()) {
            Channel ch = c.createChannel();
            var got = ch.basicGet("q.pub", true);
            assertThat(new String(got.getBody())).isEqualTo("hello");
            assertThat(got.getProps().getContentType()).isEqualTo("text/plain");
            assertThat(got.getProps().getHeaders()).isEqualTo(Map.of("a", 1L));
        }
    }

    @Test
    void publishAppliesBasicPublishsChecksAndRouting() throws Exception {
        broker.put("/api/exchanges/%2F/x.internal", "{\"type\":\"fanout\",\"internal\":true}");
        assertAnswer(broker.post("/api/exchanges/%2F/x.internal/publish", "{\"routing_key\":\"\","
                + "\"payload\":\"x\",\"payload_encoding\":\"string\",\"properties\":{}}"), 400,
                "{\"error\":\"bad_request\",\"reason\":\"403 ACCESS_REFUSED - cannot publish to internal exchange "
                        + "'x.internal' in vhost '/'\"}");
        assertAnswer(broker.post("/api/exchanges/%2F/amq.default/publish", "{\"routing_key\":\"q\","
                + "\"payload\":\"x\",\"payload_encoding\":\"string\",\"properties\":{\"user_id\":\"mallory\"}}"),
                400, "{\"error\":\"bad_request\",\"reason\":\"406 PRECONDITION_FAILED - user_id property set to "
                        + "'mallory' but authenticated user was 'guest'\"}");
        // BCC routes the message but is not shown to consumers, as with AMQP.
        broker.put("/api/queues/%2F/q.to", "{}");
        broker.put("/api/queues/%2F/q.bcc", "{}");
        assertAnswer(broker.post("/api/exchanges/%2F/amq.default/publish", "{\"routing_key\":\"q.to\","
                + "\"payload\":\"x\",\"payload_encoding\":\"string\",\"properties\":{\"headers\":"
                + "{\"BCC\":[\"q.bcc\"]}}}"), 200, "{\"routed\":true}");
        try (Connection c = broker.factory("guest", "guest").newConnection()) {
            Channel ch = c.createChannel();
            assertThat(ch.basicGet("q.to", true).getProps().getHeaders()).isEmpty();
            assertThat(ch.basicGet("q.bcc", true).getBody()).isEqualTo("x".getBytes());
        }
    }

    @Test
    void publishAnswersRabbitMqsErrors() {
        assertAnswer(broker.post("/api/exchanges/%2F/amq.default/publish", "{\"routing_key\":\"q\","
                + "\"payload\":\"x\",\"properties\":{}}"), 400,
                "{\"error\":\"bad_request\",\"reason\":\"[{key_missing,payload_encoding}]\"}");
        assertAnswer(broker.post("/api/exchanges/%2F/amq.default/publish", "{\"routing_key\":\"q\","
                + "\"payload\":\"x\",\"payload_encoding\":\"string\"}"), 400,
                "{\"error\":\"bad_request\",\"reason\":\"[{key_missing,properties}]\"}");
        assertAnswer(broker.post("/api/exchanges/%2F/amq.default/publish", "{\"routing_key\":\"q\","
                + "\"payload\":\"!!\",\"payload_encoding\":\"base64\",\"properties\":{}}"), 400,
                "{\"error\":\"bad_request\",\"reason\":[\"not_base64\",\"!!\"]}");
        assertAnswer(broker.post("/api/exchanges/%2F/nonex/publish", "{\"routing_key\":\"q\","
                + "\"payload\":\"x\",\"payload_encoding\":\"string\",\"properties\":{}}"), 400,
                "{\"error\":\"bad_request\",\"reason\":\"404 NOT_FOUND - no exchange 'nonex' in vhost '/'\"}");
        assertAnswer(broker.send("POST", "/api/exchanges/%2F/amq.default/publish", "{\"routing_key\":\"q\","
                + "\"payload\":\"x\",\"payload_encoding\":\"string\",\"properties\":{}}", "limited", "pw"), 400,
                "{\"error\":\"bad_request\",\"reason\":\"403 ACCESS_REFUSED - write access to exchange 'amq.default'"
                        + " in vhost '/' refused for user 'limited'\"}");
    }
}
