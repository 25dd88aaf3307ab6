package io.warren.management.api;

import static io.warren.management.api.ApiBroker.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BindingApiTest {
    @RegisterExtension
    static final ApiBroker broker = new ApiBroker();

    private static final String NOT_FOUND = "{\"error\":\"Object Not Found\",\"reason\":\"Not Found\"}";

    @BeforeAll
    static void ends() {
        broker.put("/api/exchanges/%2F/bx", "{\"type\":\"direct\"}");
        broker.put("/api/exchanges/%2F/bx2", "{\"type\":\"fanout\"}");
        broker.put("/api/queues/%2F/bq", "{}");
        broker.addUser("reader", "pw", null, "management");
        broker.services().users().setPermission("reader", "/",
                new io.warren.broker.security.Permission("", "", ".*"));
    }

    private static void assertAnswer(HttpResponse<String> response, int status, String body) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).isEqualTo(body);
    }

    @Test
    void postCreatesAndLocationNamesThePropertiesKey() {
        HttpResponse<String> plain = broker.post("/api/bindings/%2F/e/bx/q/bq", "{\"routing_key\":\"rk\"}");
        assertAnswer(plain, 201, "");
        assertThat(plain.headers().firstValue("location")).contains("bq/rk");
        HttpResponse<String> empty = broker.post("/api/bindings/%2F/e/bx/q/bq", "{}");
        assertThat(empty.headers().firstValue("location")).contains("bq/~");
        HttpResponse<String> withArgs = broker.post("/api/bindings/%2F/e/bx/q/bq",
                "{\"routing_key\":\"rk\",\"arguments\":{\"x\":1}}");
        String key = withArgs.headers().firstValue("location").orElseThrow().substring("bq/".length());
        assertThat(key).startsWith("rk~");

        JsonNode between = json(broker.get("/api/bindings/%2F/e/bx/q/bq"));
        assertThat(between.findValuesAsText("properties_key")).containsExactly("~", "rk", key);
        assertAnswer(broker.get("/api/bindings/%2F/e/bx/q/bq/rk"), 200, "{\"source\":\"bx\",\"vhost\":\"/\","
                + "\"destination\":\"bq\",\"destination_type\":\"queue\",\"routing_key\":\"rk\",\"arguments\":{},"
                + "\"properties_key\":\"rk\"}");
        assertThat(json(broker.get("/api/bindings/%2F/e/bx/q/bq/" + key)).get("arguments").toString())
                .isEqualTo("{\"x\":1}");
        assertAnswer(broker.get("/api/bindings/%2F/e/bx/q/bq/nope"), 404, NOT_FOUND);

        assertAnswer(broker.delete("/api/bindings/%2F/e/bx/q/bq/" + key), 204, "");
        assertAnswer(broker.delete("/api/bindings/%2F/e/bx/q/bq/" + key), 404, NOT_FOUND);
        assertAnswer(broker.delete("/api/bindings/%2F/e/bx/q/bq/~"), 204, "");
        assertThat(json(broker.get("/api/bindings/%2F/e/bx/q/bq")).findValuesAsText("properties_key"))
                .containsExactly("rk");
    }

    @Test
    void exchangeToExchangeBindings() {
        assertAnswer(broker.post("/api/bindings/%2F/e/bx/e/bx2", "{\"routing_key\":\"e2e\"}"), 201, "");
        assertThat(json(broker.get("/api/bindings/%2F/e/bx/e/bx2")).get(0).get("destination_type").asText())
                .isEqualTo("exchange");
        assertAnswer(broker.delete("/api/bindings/%2F/e/bx/e/bx2/e2e"), 204, "");
        assertThat(json(broker.get("/api/bindings/%2F/e/bx/e/bx2"))).isEmpty();
    }

    @Test
    void refusalsAreRabbitMqs() {
        assertAnswer(broker.post("/api/bindings/%2F/e/nonex/q/bq", "{}"), 404,
                "{\"error\":\"not_found\",\"reason\":\"no exchange 'nonex' in vhost '/'\"}");
        assertAnswer(broker.post("/api/bindings/%2F/e/bx/q/nonex", "{}"), 404,
                "{\"error\":\"not_found\",\"reason\":\"no queue 'nonex' in vhost '/'\"}");
        assertAnswer(broker.post("/api/bindings/%2F/e/amq.default/q/bq", "{}"), 401,
                "{\"error\":\"not_authorised\",\"reason\":\"Access refused.\"}");
        // Binding needs write on the queue: a read-only user is refused.
        assertAnswer(broker.send("POST", "/api/bindings/%2F/e/bx/q/bq", "{}", "reader", "pw"), 401,
                "{\"error\":\"not_authorised\",\"reason\":\"Access refused.\"}");
        assertAnswer(broker.get("/api/bindings/%2F/e/nonex/q/bq"), 404, NOT_FOUND);
    }

    @Test
    void listsIncludeTheDefaultExchangesBindings() {
        JsonNode all = json(broker.get("/api/bindings"));
        assertThat(all.get(0).toString()).isEqualTo("{\"source\":\"\",\"vhost\":\"/\",\"destination\":\"bq\","
                + "\"destination_type\":\"queue\",\"routing_key\":\"bq\",\"arguments\":{},\"properties_key\":\"bq\"}");
        assertThat(json(broker.get("/api/bindings/%2F")).size()).isEqualTo(all.size());
        assertAnswer(broker.get("/api/bindings/nowhere"), 404, NOT_FOUND);
    }
}
