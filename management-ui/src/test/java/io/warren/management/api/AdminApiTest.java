package io.warren.management.api;

import static io.warren.management.api.ApiBroker.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.warren.broker.security.PasswordHashing;
import io.warren.broker.security.Permission;
import io.warren.broker.security.User;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /api/vhosts}, {@code /api/users} and {@code /api/permissions}. */
class AdminApiTest {
    @RegisterExtension
    static final ApiBroker broker = new ApiBroker();

    private static final String NOT_FOUND = "{\"error\":\"Object Not Found\",\"reason\":\"Not Found\"}";

    private static void assertAnswer(HttpResponse<String> response, int status, String body) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).isEqualTo(body);
    }

    @Test
    void vhostsAreCreatedWithTheirCreatorsPermissionsAndDeletedWithEverything() {
        assertAnswer(broker.put("/api/vhosts/v1", "{\"description\":\"d\"}"), 201, "");
        assertAnswer(broker.put("/api/vhosts/v1", "{}"), 204, "");
        assertAnswer(broker.get("/api/vhosts/v1/permissions"), 200,
                "[{\"user\":\"guest\",\"vhost\":\"v1\",\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}]");
        assertThat(broker.get("/api/vhosts/v1").body()).isEqualTo("{\"name\":\"v1\",\"description\":\"\",\"tags\":[],"
                + "\"default_queue_type\":\"undefined\",\"metadata\":{\"description\":\"\",\"tags\":[]},"
                + "\"tracing\":false,\"cluster_state\":{\"warren@localhost\":\"running\"},\"messages\":0,"
                + "\"messages_ready\":0,\"messages_unacknowledged\":0}");
        assertAnswer(broker.put("/api/queues/v1/q", "{}"), 201, "");
        assertThat(json(broker.get("/api/vhosts")).findValuesAsText("name")).contains("/", "v1");
        assertAnswer(broker.delete("/api/vhosts/v1"), 204, "");
        assertAnswer(broker.delete("/api/vhosts/v1"), 404, NOT_FOUND);
        assertAnswer(broker.get("/api/vhosts/v1"), 404, NOT_FOUND);
        assertThat(broker.services().users().permission("guest", "v1")).isEmpty();
    }

    @Test
    void deletingAVhostClosesItsConnections() throws Exception {
        broker.put("/api/vhosts/v2", "{}");
        com.rabbitmq.client.ConnectionFactory factory = broker.factory("guest", "guest");
        factory.setVirtualHost("v2");
        com.rabbitmq.client.Connection c = factory.newConnection();
        java.util.concurrent.CompletableFuture<com.rabbitmq.client.ShutdownSignalException> closed =
                new java.util.concurrent.CompletableFuture<>();
        c.addShutdownListener(closed::complete);
        assertAnswer(broker.delete("/api/vhosts/v2"), 204, "");
        com.rabbitmq.client.AMQP.Connection.Close close = (com.rabbitmq.client.AMQP.Connection.Close)
                closed.get(5, java.util.concurrent.TimeUnit.SECONDS).getReason();
        assertThat(close.getReplyCode()).isEqualTo(320);
        assertThat(close.getReplyText()).isEqualTo("CONNECTION_FORCED - vhost 'v2' is deleted");
        assertThat(c.isOpen()).isFalse();
    }

    @Test
    void usersArePutWithPasswordOrHashAndTags() throws Exception {
        assertAnswer(broker.put("/api/users/u1", "{\"password\":\"pw1\",\"tags\":\"management, monitoring\"}"), 201, "");
        User u1 = broker.services().users().user("u1").orElseThrow();
        assertThat(u1.tags()).containsExactlyInAnyOrder("management", "monitoring");
        assertThat(PasswordHashing.verify(u1.passwordHash(), "pw1")).isTrue();
        assertThat(broker.send("GET", "/api/whoami", null, "u1", "pw1").statusCode()).isEqualTo(200);

        String hash = PasswordHashing.hash("pw2");
        assertAnswer(broker.put("/api/users/u1", "{\"password_hash\":\"" + hash + "\","
                + "\"hashing_algorithm\":\"rabbit_password_hashing_sha256\",\"tags\":[\"administrator\"]}"), 204, "");
        assertAnswer(broker.get("/api/users/u1"), 200, "{\"name\":\"u1\",\"password_hash\":\"" + hash + "\","
                + "\"hashing_algorithm\":\"rabbit_password_hashing_sha256\",\"tags\":[\"administrator\"],\"limits\":{}}");
        assertThat(broker.send("GET", "/api/users", null, "u1", "pw2").statusCode()).isEqualTo(200);

        // Tags only: no password, for an existing user too (checked against RabbitMQ 3.10).
        assertAnswer(broker.put("/api/users/u1", "{\"tags\":\"management\"}"), 204, "");
        assertThat(broker.services().users().user("u1").orElseThrow().passwordHash()).isEmpty();
        assertThat(broker.send("GET", "/api/whoami", null, "u1", "pw2").statusCode()).isEqualTo(401);
        assertAnswer(broker.put("/api/users/u2", "{\"tags\":\"\"}"), 201, "");
        assertThat(broker.services().users().user("u2").orElseThrow().passwordHash()).isEmpty();
    }

    @Test
    void userPutRefusals() {
        assertAnswer(broker.put("/api/users/bad", "{\"password\":\"x\",\"password_hash\":\"abc\",\"tags\":\"\"}"), 400,
                "{\"error\":\"bad_request\",\"reason\":\"both_password_and_password_hash_are_provided\"}");
        assertAnswer(broker.put("/api/users/bad", "{\"password_hash\":\"notbase64!!\",\"tags\":\"\"}"), 400,
                "{\"error\":\"bad_request\",\"reason\":[\"not_base64\",\"notbase64!!\"]}");
        assertAnswer(broker.put("/api/users/bad", "{\"password\":\"x\"}"), 400,
                "{\"error\":\"bad_request\",\"reason\":\"tags_not_present\"}");
        assertAnswer(broker.put("/api/users/bad", "{\"password_hash\":\"abcd\","
                + "\"hashing_algorithm\":\"rabbit_password_hashing_md5\",\"tags\":\"\"}"), 400,
                "{\"error\":\"bad_request\",\"reason\":\"unsupported hashing_algorithm 'rabbit_password_hashing_md5':"
                        + " Warren supports rabbit_password_hashing_sha256\"}");
        assertThat(broker.services().users().user("bad")).isEmpty();
    }

    @Test
    void usersAreListedDeletedAndBulkDeleted() {
        broker.services().users().addUser("d1", "x", Set.of());
        broker.services().users().addUser("d2", "x", Set.of());
        broker.services().users().addUser("d3", "x", Set.of());
        assertThat(json(broker.get("/api/users/without-permissions")).findValuesAsText("name")).contains("d1", "d2")
                .doesNotContain("guest");
        assertThat(json(broker.get("/api/users?columns=name")).findValuesAsText("name")).contains("guest", "d1");
        assertAnswer(broker.delete("/api/users/d1"), 204, "");
        assertAnswer(broker.delete("/api/users/d1"), 404, NOT_FOUND);
        assertAnswer(broker.post("/api/users/bulk-delete", "{\"users\":[\"d2\"]}"), 204, "");
        assertAnswer(broker.post("/api/users/bulk-delete", "{\"users\":[\"d3\",\"nobody\"]}"), 400,
                "{\"error\":\"bad_request\",\"reason\":[\"no_such_user\",\"nobody\"]}");
        assertAnswer(broker.post("/api/users/bulk-delete", "{}"), 400,
                "{\"error\":\"bad_request\",\"reason\":\"[{key_missing,users}]\"}");
        assertThat(broker.services().users().user("d2")).isEmpty();
        assertAnswer(broker.get("/api/users/d1"), 404, NOT_FOUND);
    }

    @Test
    void permissionsArePutReadAndDeleted() {
        broker.services().users().addUser("p1", "x", Set.of());
        assertAnswer(broker.put("/api/permissions/%2F/p1", "{\"configure\":\"^a\",\"write\":\"^b\",\"read\":\"^c\"}"),
                201, "");
        assertAnswer(broker.put("/api/permissions/%2F/p1", "{\"configure\":\"^a\",\"write\":\"^b\",\"read\":\".*\"}"),
                204, "");
        assertAnswer(broker.get("/api/permissions/%2F/p1"), 200,
                "{\"user\":\"p1\",\"vhost\":\"/\",\"configure\":\"^a\",\"write\":\"^b\",\"read\":\".*\"}");
        assertAnswer(broker.get("/api/users/p1/permissions"), 200,
                "[{\"user\":\"p1\",\"vhost\":\"/\",\"configure\":\"^a\",\"write\":\"^b\",\"read\":\".*\"}]");
        assertThat(json(broker.get("/api/permissions")).findValuesAsText("user")).contains("guest", "p1");
        assertThat(broker.services().users().permission("p1", "/")).contains(new Permission("^a", "^b", ".*"));
        assertAnswer(broker.delete("/api/permissions/%2F/p1"), 204, "");
        assertAnswer(broker.delete("/api/permissions/%2F/p1"), 404, NOT_FOUND);
        assertAnswer(broker.get("/api/permissions/%2F/p1"), 404, NOT_FOUND);
    }

    @Test
    void permissionPutRefusals() {
        assertAnswer(broker.put("/api/permissions/%2F/guest", "{\"configure\":\".*\"}"), 400,
                "{\"error\":\"bad_request\",\"reason\":\"[{key_missing,write},{key_missing,read}]\"}");
        assertAnswer(broker.put("/api/permissions/nowhere/guest", "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}"),
                400, "{\"error\":\"bad_request\",\"reason\":\"vhost_or_user_not_found\"}");
        assertAnswer(broker.put("/api/permissions/%2F/nobody", "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}"),
                400, "{\"error\":\"bad_request\",\"reason\":\"vhost_or_user_not_found\"}");
        HttpResponse<String> regex = broker.put("/api/permissions/%2F/guest",
                "{\"configure\":\"(\",\"write\":\".*\",\"read\":\".*\"}");
        assertThat(regex.statusCode()).isEqualTo(400);
        assertThat(json(regex).get("reason").get(0).asText()).isEqualTo("invalid_regexp");
        assertThat(broker.services().users().permission("guest", "/")).contains(Permission.all());
    }
}
