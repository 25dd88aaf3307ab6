package io.warren.management.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.warren.broker.Broker;
import io.warren.broker.queue.MessageQueue;
import io.warren.management.LoopbackBroker;
import io.warren.management.ManagementPlugin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A persistent message published through the API to a durable queue goes through the message store. */
class DurablePublishApiTest {
    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newHttpClient();

    private Broker start() throws Exception {
        return LoopbackBroker.start(dataDir);
    }

    private HttpResponse<String> send(Broker broker, String method, String path, String body) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + broker.listener(ManagementPlugin.LISTENER_NAME).getPort() + path);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("authorization", "Basic Z3Vlc3Q6Z3Vlc3Q=").header("content-type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void survivesARestartAsAnAmqpPublishWould() throws Exception {
        try (Broker broker = start()) {
            assertThat(send(broker, "PUT", "/api/queues/%2F/durable.q", "{\"durable\":true}").statusCode()).isEqualTo(201);
            assertThat(send(broker, "POST", "/api/exchanges/%2F/amq.default/publish", "{\"routing_key\":\"durable.q\","
                    + "\"payload\":\"kept\",\"payload_encoding\":\"string\",\"properties\":{\"delivery_mode\":2}}").body())
                    .isEqualTo("{\"routed\":true}");
            assertThat(send(broker, "POST", "/api/exchanges/%2F/amq.default/publish", "{\"routing_key\":\"durable.q\","
                    + "\"payload\":\"lost\",\"payload_encoding\":\"string\",\"properties\":{}}").body())
                    .isEqualTo("{\"routed\":true}");
        }
        try (Broker broker = start()) {
            MessageQueue queue = broker.services().vhosts().get("/").orElseThrow().queue("durable.q");
            assertThat(queue).isNotNull();
            HttpResponse<String> got = send(broker, "POST", "/api/queues/%2F/durable.q/get",
                    "{\"count\":5,\"ackmode\":\"ack_requeue_false\",\"encoding\":\"auto\"}");
            assertThat(got.body()).contains("\"payload\":\"kept\"").doesNotContain("lost");
            assertThat(ApiBroker.JSON.readTree(got.body()).size()).isEqualTo(1);
        }
    }
}
