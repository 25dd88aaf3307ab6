package io.warren.management.policies;

import static io.warren.management.api.ApiBroker.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.warren.broker.security.Permission;
import io.warren.management.api.ApiBroker;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /api/policies}: the answers, bodies and status codes RabbitMQ 3.10 gives to the same requests. */
class PolicyApiTest {
    @RegisterExtension
    static final ApiBroker broker = new ApiBroker();

    private static final String NOT_FOUND = "{\"error\":\"Object Not Found\",\"reason\":\"Not Found\"}";

    private static void assertAnswer(HttpResponse<String> response, int status, String body) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).isEqualTo(body);
    }

    private static String badRequest(String reason) {
        return "{\"error\":\"bad_request\",\"reason\":\"" + reason + "\"}";
    }

    @Test
    void putCreatesThenReplacesAndGetListAndDeleteShowIt() {
        String body = "{\"pattern\":\"^pol\\\\.\",\"definition\":{\"max-length\":10,\"ha-mode\":\"all\"},"
                + "\"priority\":4,\"apply-to\":\"queues\"}";
        assertAnswer(broker.put("/api/policies/%2F/p1", body), 201, "");
        assertAnswer(broker.put("/api/policies/%2F/p1", body), 204, "");
        String shown = "{\"vhost\":\"/\",\"name\":\"p1\",\"pattern\":\"^pol\\\\.\",\"apply-to\":\"queues\","
                + "\"definition\":{\"max-length\":10,\"ha-mode\":\"all\"},\"priority\":4}";
        assertAnswer(broker.get("/api/policies/%2F/p1"), 200, shown);
        assertAnswer(broker.get("/api/policies/%2F"), 200, "[" + shown + "]");
        assertThat(json(broker.get("/api/policies")).findValuesAsText("name")).contains("p1");

        // Defaults, as RabbitMQ: priority 0, apply-to all.
        assertAnswer(broker.put("/api/policies/%2F/p1", "{\"pattern\":\"^pol\\\\.\",\"definition\":{\"expires\":1000}}"),
                204, "");
        assertAnswer(broker.get("/api/policies/%2F/p1"), 200, "{\"vhost\":\"/\",\"name\":\"p1\",\"pattern\":\"^pol\\\\.\","
                + "\"apply-to\":\"all\",\"definition\":{\"expires\":1000},\"priority\":0}");

        assertAnswer(broker.delete("/api/policies/%2F/p1"), 204, "");
        assertAnswer(broker.delete("/api/policies/%2F/p1"), 404, NOT_FOUND);
        assertAnswer(broker.get("/api/policies/%2F/p1"), 404, NOT_FOUND);
        assertThat(broker.services().policies().get("/", "p1")).isEmpty();
    }

    @Test
    void theQueueAndExchangeListingsShowThePolicyInEffect() {
        broker.put("/api/queues/%2F/eff.q", "{\"durable\":false}");
        broker.put("/api/exchanges/%2F/eff.x", "{\"type\":\"fanout\"}");
        assertThat(json(broker.get("/api/queues/%2F/eff.q")).get("policy").isNull()).isTrue();
        assertThat(json(broker.get("/api/queues/%2F/eff.q")).get("effective_policy_definition").toString())
                .isEqualTo("{}");

        broker.put("/api/policies/%2F/eff-low", "{\"pattern\":\"^eff\\\\.\",\"definition\":{\"max-length\":1}}");
        broker.put("/api/policies/%2F/eff-high", "{\"pattern\":\"q$\",\"definition\":{\"message-ttl\":5},"
                + "\"priority\":9,\"apply-to\":\"queues\"}");

        assertThat(json(broker.get("/api/queues/%2F/eff.q")).get("policy").asText()).isEqualTo("eff-high");
        assertThat(json(broker.get("/api/queues/%2F/eff.q")).get("effective_policy_definition").toString())
                .isEqualTo("{\"message-ttl\":5}");
        assertThat(json(broker.get("/api/exchanges/%2F/eff.x")).get("policy").asText()).isEqualTo("eff-low");
        assertThat(json(broker.get("/api/exchanges/%2F/amq.direct")).has("policy")).isFalse();
        broker.delete("/api/policies/%2F/eff-low");
        broker.delete("/api/policies/%2F/eff-high");
        broker.delete("/api/queues/%2F/eff.q");
        broker.delete("/api/exchanges/%2F/eff.x");
    }

    @Test
    void invalidPoliciesGetRabbitMqsTextsEscapedAsItEscapesThem() {
        assertAnswer(broker.put("/api/policies/%2F/bad", "{\"pattern\":\"(abc\",\"definition\":{\"max-length\":1}}"),
                400, badRequest("Validation failed\\n\\npattern should be regular expression but is invalid: "
                        + "{\\\"missing )\\\",4}\\n"));
        assertAnswer(broker.put("/api/policies/%2F/bad", "{\"pattern\":\".*\",\"definition\":{\"max-length\":1},"
                + "\"apply-to\":\"streams\"}"), 400, badRequest("Validation failed\\n\\napply-to 'streams' unrecognised;"
                + " should be 'queues', 'exchanges' or 'all'\\n"));
        assertAnswer(broker.put("/api/policies/%2F/bad", "{\"pattern\":\".*\",\"definition\":{\"max-length\":1},"
                + "\"priority\":\"5\"}"), 400, badRequest("Validation failed\\n\\npriority should be a number, actually"
                + " was &lt;&lt;\\\"5\\\"&gt;&gt;\\n"));
        assertAnswer(broker.put("/api/policies/%2F/bad", "{\"pattern\":\".*\",\"definition\":{\"max-length\":1},"
                + "\"priority\":null}"), 400, badRequest("Validation failed\\n\\npriority should be a number, actually"
                + " was null\\n"));
        assertAnswer(broker.put("/api/policies/%2F/bad", "{\"pattern\":\".*\",\"definition\":{}}"), 400,
                badRequest("Validation failed\\n\\nno policy provided\\n"));
        assertAnswer(broker.put("/api/policies/%2F/bad", "{\"pattern\":\".*\",\"definition\":{\"x&y\":\"a&b<c>\"}}"), 400,
                badRequest("Validation failed\\n\\n[{&lt;&lt;\\\"x&amp;y\\\"&gt;&gt;,&lt;&lt;\\\"a&amp;b&lt;c&gt;\\\"&gt;&gt;}]"
                        + " are not recognised policy settings\\n"));
        assertAnswer(broker.put("/api/policies/%2F/bad", "{}"), 400,
                badRequest("[{key_missing,pattern},{key_missing,definition}]"));
        assertAnswer(broker.put("/api/policies/%2F/bad", "not json"), 400, badRequest("not_json"));
        assertAnswer(broker.put("/api/policies/nowhere/bad", "{\"pattern\":\".*\",\"definition\":{\"max-length\":1}}"),
                404, "{\"error\":\"not_found\",\"reason\":\"vhost_not_found\"}");
        assertAnswer(broker.get("/api/policies/nowhere"), 404, NOT_FOUND);
        assertThat(broker.services().policies().get("/", "bad")).isEmpty();
    }

    @Test
    void policymakersWorkInTheirVhostsAndOthersAreRefused() {
        broker.services().vhosts().create("pm-own");
        broker.services().vhosts().create("pm-other");
        broker.addUser("pm", "pm-pass", "pm-own", "policymaker");
        broker.addUser("watcher", "w-pass", "pm-own", "management");
        broker.put("/api/policies/pm-other/theirs", "{\"pattern\":\".*\",\"definition\":{\"max-length\":1}}");

        assertAnswer(broker.send("PUT", "/api/policies/pm-own/mine", "{\"pattern\":\".*\",\"definition\":"
                + "{\"max-length\":2}}", "pm", "pm-pass"), 201, "");
        // Administrators see every vhost's policies; a policymaker those of the vhosts they may use.
        assertThat(json(broker.send("GET", "/api/policies", null, "pm", "pm-pass")).findValuesAsText("name"))
                .containsExactly("mine");
        assertThat(json(broker.get("/api/policies")).findValuesAsText("name")).contains("mine", "theirs");
        assertAnswer(broker.send("GET", "/api/policies/pm-other", null, "pm", "pm-pass"), 401,
                "{\"error\":\"not_authorised\",\"reason\":\"User not authorised to access virtual host\"}");
        assertAnswer(broker.send("PUT", "/api/policies/pm-other/x", "{\"pattern\":\".*\",\"definition\":"
                + "{\"max-length\":2}}", "pm", "pm-pass"), 401,
                "{\"error\":\"not_authorised\",\"reason\":\"User not authorised to access object\"}");
        assertAnswer(broker.send("GET", "/api/policies/pm-other/theirs", null, "pm", "pm-pass"), 401,
                "{\"error\":\"not_authorised\",\"reason\":\"User not authorised to access object\"}");
        // A management user may list the policies of their vhosts, but not read or change one.
        assertThat(json(broker.send("GET", "/api/policies", null, "watcher", "w-pass")).findValuesAsText("name"))
                .containsExactly("mine");
        assertThat(json(broker.send("GET", "/api/policies/pm-own", null, "watcher", "w-pass")).findValuesAsText("name"))
                .containsExactly("mine");
        assertAnswer(broker.send("GET", "/api/policies/pm-own/mine", null, "watcher", "w-pass"), 401,
                "{\"error\":\"not_authorised\",\"reason\":\"User not authorised to access object\"}");
        assertAnswer(broker.send("DELETE", "/api/policies/pm-own/mine", null, "watcher", "w-pass"), 401,
                "{\"error\":\"not_authorised\",\"reason\":\"User not authorised to access object\"}");
        broker.services().users().setPermission("pm", "pm-other", Permission.all());
        assertAnswer(broker.send("DELETE", "/api/policies/pm-other/theirs", null, "pm", "pm-pass"), 204, "");
        broker.services().vhosts().delete("pm-own");
        broker.services().vhosts().delete("pm-other");
        assertThat(broker.services().policies().list("pm-own")).isEmpty();
    }
}
