package io.warren.management.api;

import static io.warren.management.api.ApiBroker.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.warren.broker.BrokerVersion;
import io.warren.broker.flow.DiskMonitor;
import io.warren.broker.security.Permission;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /api/overview}, {@code /api/nodes}, health checks, the aliveness test and extensions. */
class NodeApiTest {
    @RegisterExtension
    static final ApiBroker broker = new ApiBroker();

    @BeforeAll
    static void users() {
        broker.addUser("narrow", "pw", null, "management");
        broker.services().users().setPermission("narrow", "/", new Permission("^zz", "^zz", "^zz"));
    }

    private static void assertAnswer(HttpResponse<String> response, int status, String body) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).isEqualTo(body);
    }

    @Test
    void overviewNamesWarrenUnderRabbitMqsFields() {
        broker.put("/api/queues/%2F/ov.q", "{}");
        JsonNode overview = json(broker.get("/api/overview"));
        String version = BrokerVersion.get();
        assertThat(overview.get("management_version").asText()).isEqualTo(version);
        assertThat(overview.get("rabbitmq_version").asText()).isEqualTo(version);
        assertThat(overview.get("product_version").asText()).isEqualTo(version);
        assertThat(overview.get("product_name").asText()).isEqualTo("Warren");
        assertThat(overview.get("node").asText()).isEqualTo("warren@localhost");
        assertThat(overview.get("cluster_name").asText()).isEqualTo("warren@localhost");
        assertThat(overview.get("object_totals").toString()).isEqualTo(
                "{\"channels\":0,\"connections\":0,\"consumers\":0,\"exchanges\":6,\"queues\":1}");
        assertThat(overview.get("queue_totals").get("messages").asInt()).isZero();
        assertThat(overview.get("exchange_types").findValuesAsText("name"))
                .contains("direct", "fanout", "headers", "topic");
        JsonNode listeners = overview.get("listeners");
        assertThat(listeners.findValuesAsText("protocol")).containsExactly("amqp", "http");
        assertThat(listeners.get(0).get("port").asInt()).isEqualTo(broker.broker().amqpPort());
        assertThat(overview.get("contexts").get(0).get("port").asText())
                .isEqualTo(String.valueOf(broker.uri("/").getPort()));
        assertThat(broker.get("/api/overview?columns=node,object_totals.queues").body())
                .isEqualTo("{\"object_totals\":{\"queues\":1},\"node\":\"warren@localhost\"}");
    }

    @Test
    void aListenerOnEveryInterfaceShowsAsRabbitMqShowsIt() {
        assertThat(NodeRoutes.ip(new java.net.InetSocketAddress(5672))).isEqualTo("::");
        assertThat(NodeRoutes.ip(new java.net.InetSocketAddress("127.0.0.1", 5672))).isEqualTo("127.0.0.1");
    }

    @Test
    void nodesReportMemoryDiskAndAlarms() {
        JsonNode nodes = json(broker.get("/api/nodes"));
        assertThat(nodes.size()).isEqualTo(1);
        JsonNode node = nodes.get(0);
        assertThat(node.get("name").asText()).isEqualTo("warren@localhost");
        assertThat(node.get("type").asText()).isEqualTo("disc");
        assertThat(node.get("running").asBoolean()).isTrue();
        assertThat(node.get("mem_limit").asLong()).isEqualTo(broker.services().memory().limitBytes());
        assertThat(node.get("mem_alarm").asBoolean()).isFalse();
        assertThat(node.get("disk_free_limit").asLong()).isEqualTo(broker.services().alarms().disk().limitBytes());
        assertThat(node.get("disk_free_alarm").asBoolean()).isFalse();
        assertThat(node.get("uptime").asLong()).isPositive();
        assertThat(node.has("mem_used")).isTrue();
        assertThat(node.has("disk_free")).isTrue();
        assertThat(node.get("sockets_total").asLong()).isEqualTo(node.get("fd_total").asLong()).isPositive();
        assertThat(json(broker.get("/api/nodes/warren@localhost")).get("name").asText()).isEqualTo("warren@localhost");
        assertAnswer(broker.get("/api/nodes/other@host"), 404,
                "{\"error\":\"Object Not Found\",\"reason\":\"Not Found\"}");
    }

    @Test
    void alarmsHealthCheckIsOkOrFailedWithTheAlarm() {
        assertAnswer(broker.get("/api/health/checks/alarms"), 200, "{\"status\":\"ok\"}");
        DiskMonitor disk = broker.services().alarms().disk();
        long limit = disk.limitBytes();
        try {
            disk.setLimit(Long.MAX_VALUE);
            HttpResponse<String> failed = broker.get("/api/health/checks/alarms");
            assertAnswer(failed, 503, "{\"status\":\"failed\",\"reason\":\"resource alarm(s) in effect in the cluster\","
                    + "\"alarms\":[{\"node\":\"warren@localhost\",\"resource\":\"disk\"}]}");
            assertThat(json(broker.get("/api/nodes")).get(0).get("disk_free_alarm").asBoolean()).isTrue();
        } finally {
            disk.setLimit(limit);
        }
        assertAnswer(broker.get("/api/health/checks/alarms"), 200, "{\"status\":\"ok\"}");
    }

    @Test
    void alivenessTestDeclaresPublishesAndGets() {
        assertAnswer(broker.get("/api/aliveness-test/%2F"), 200, "{\"status\":\"ok\"}");
        assertAnswer(broker.get("/api/aliveness-test/%2F"), 200, "{\"status\":\"ok\"}");
        assertThat(broker.services().vhosts().get("/").orElseThrow().queue("aliveness-test").messageCount()).isZero();
        assertAnswer(broker.send("GET", "/api/aliveness-test/%2F", null, "narrow", "pw"), 401,
                "{\"error\":\"not_authorised\",\"reason\":\"ACCESS_REFUSED - configure access to queue "
                        + "'aliveness-test' in vhost '/' refused for user 'narrow'\"}");
        assertAnswer(broker.get("/api/aliveness-test/nowhere"), 404,
                "{\"error\":\"Object Not Found\",\"reason\":\"Not Found\"}");
    }

    @Test
    void extensionsAreNone() {
        assertAnswer(broker.get("/api/extensions"), 200, "[]");
    }
}
