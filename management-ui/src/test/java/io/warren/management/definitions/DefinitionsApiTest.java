package io.warren.management.definitions;

import static io.warren.management.api.ApiBroker.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.warren.management.api.ApiBroker;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /api/definitions} over HTTP, with RabbitMQ 3.10's status codes and bodies. */
class DefinitionsApiTest {
    @RegisterExtension
    static final ApiBroker broker = new ApiBroker();

    private static void assertAnswer(HttpResponse<String> response, int status, String body) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).isEqualTo(body);
    }

    private static String resource(String name) {
        try (InputStream in = DefinitionsApiTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aRabbitMqExportPostedIsImportedAndPostingItAgainChangesNothing() {
        String file = resource(DefinitionsFixtures.RABBITMQ_EXPORT);
        assertAnswer(broker.post("/api/definitions", file), 204, "");
        assertThat(broker.services().vhosts().get("warren-defs").orElseThrow().queue("app.orders")).isNotNull();
        assertThat(broker.send("GET", "/api/whoami", null, "defs-admin", "admin-pass").statusCode()).isEqualTo(200);
        JsonNode before = json(broker.get("/api/definitions"));

        assertAnswer(broker.post("/api/definitions", file), 204, "");

        assertThat(json(broker.get("/api/definitions"))).isEqualTo(before);
        assertThat(before.get("product_name").asText()).isEqualTo("Warren");
        assertThat(json(broker.get("/api/definitions/warren-defs")).get("queues")).hasSize(4);
    }

    @Test
    void badFilesAreRefusedWithRabbitMqsAnswersAndChangeNothing() {
        JsonNode before = json(broker.get("/api/definitions"));
        for (String bad : new String[] {"not json", "[]", "42"}) {
            assertAnswer(broker.post("/api/definitions", bad), 400,
                    "{\"error\":\"bad_request\",\"reason\":\"failed_to_parse_json\"}");
        }
        assertAnswer(broker.post("/api/definitions", ""), 204, "");
        String ttl = "{\"vhosts\":[{\"name\":\"ttl-vhost\"}],\"queues\":[{\"name\":\"q\",\"vhost\":\"ttl-vhost\","
                + "\"durable\":true,\"auto_delete\":false,\"arguments\":{\"x-message-ttl\":1000}}]}";
        assertAnswer(broker.post("/api/definitions", ttl), 400, "{\"error\":\"bad_request\",\"reason\":\"Warren cannot"
                + " import these definitions yet, nothing was imported:\\nqueue 'q' in vhost 'ttl-vhost': arg"
                + " 'x-message-ttl' for queue 'q' in vhost 'ttl-vhost' is not supported by Warren yet\"}");
        assertThat(broker.services().vhosts().get("ttl-vhost")).isEmpty();
        assertThat(json(broker.get("/api/definitions"))).isEqualTo(before);
    }

    @Test
    void oneVhostsDefinitionsGoOutAndIntoAnotherVhost() {
        assertAnswer(broker.get("/api/definitions/nowhere"), 400,
                "{\"error\":\"bad_request\",\"reason\":\"vhost_not_found\"}");
        assertAnswer(broker.post("/api/definitions/nowhere", "{}"), 404,
                "{\"error\":\"not_found\",\"reason\":\"vhost_not_found\"}");
        broker.put("/api/vhosts/defs-copy", "{}");

        assertAnswer(broker.post("/api/definitions/defs-copy", resource(DefinitionsFixtures.RABBITMQ_VHOST_EXPORT)),
                204, "");

        JsonNode copy = json(broker.get("/api/definitions/defs-copy"));
        assertThat(copy.get("exchanges")).hasSize(6);
        assertThat(copy.get("bindings")).hasSize(7);
        assertThat(copy.get("policies").findValuesAsText("vhost")).containsOnly("defs-copy");
        assertThat(broker.services().vhosts().get("defs-copy").orElseThrow().queue("app.unrouted")).isNotNull();
    }

    @Test
    void exportsAreForAdministratorsAndCanBeDownloaded() {
        broker.addUser("defs-pm", "pm-pass", "/", "policymaker");
        assertAnswer(broker.send("GET", "/api/definitions", null, "defs-pm", "pm-pass"), 401,
                "{\"error\":\"not_authorised\",\"reason\":\"Not administrator user\"}");
        assertAnswer(broker.send("POST", "/api/definitions", "{}", "defs-pm", "pm-pass"), 401,
                "{\"error\":\"not_authorised\",\"reason\":\"Not administrator user\"}");

        HttpResponse<String> download = broker.get("/api/definitions?download=warren.json");
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("content-disposition")).contains("attachment; filename=warren.json");
    }

    @Test
    void theWebUisFormUploadIsImportedFromItsFilePart() {
        String file = "{\"vhosts\":[{\"name\":\"uploaded\"}],\"queues\":[{\"name\":\"from-form\","
                + "\"vhost\":\"uploaded\",\"durable\":true,\"auto_delete\":false,\"arguments\":{}}]}";
        String boundary = "----warren-test-boundary";
        String form = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"defs.json\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + file + "\r\n"
                + "--" + boundary + "--\r\n";
        HttpRequest.Builder request = HttpRequest.newBuilder(broker.uri("/api/definitions"))
                .timeout(Duration.ofSeconds(10))
                .header("content-type", "multipart/form-data; boundary=" + boundary)
                .header("authorization", "Basic " + Base64.getEncoder().encodeToString("guest:guest".getBytes()))
                .POST(HttpRequest.BodyPublishers.ofString(form));

        assertAnswer(broker.send(request), 204, "");
        assertThat(broker.services().vhosts().get("uploaded").orElseThrow().queue("from-form")).isNotNull();
    }
}
