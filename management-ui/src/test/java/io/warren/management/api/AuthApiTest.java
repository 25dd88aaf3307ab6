package io.warren.management.api;

import static io.warren.management.api.ApiBroker.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Logging in and the tags, as RabbitMQ 3.10 answers (each body checked against it). */
class AuthApiTest {
    @RegisterExtension
    static final ApiBroker broker = new ApiBroker();

    @BeforeAll
    static void users() {
        broker.addUser("plain", "pw", "/");
        broker.addUser("viewer", "pw", "/", "management");
        broker.addUser("stranger", "pw", null, "management");
        broker.addUser("ops", "pw", null, "monitoring");
        broker.addUser("rules", "pw", null, "policymaker");
    }

    private static HttpResponse<String> as(String user, String method, String path) {
        return broker.send(method, path, null, user, "pw");
    }

    private static void assertRefused(HttpResponse<String> response, String reason) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"error\":\"not_authorised\",\"reason\":\"" + reason + "\"}");
        assertThat(response.headers().firstValue("www-authenticate")).isEmpty();
    }

    @Test
    void noCredentialsIsAnEmpty401WithTheChallenge() {
        HttpResponse<String> response = broker.send("GET", "/api/overview", null, null, null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().firstValue("www-authenticate")).contains("Basic realm=\"RabbitMQ Management\"");
    }

    @Test
    void aWrongPasswordIsLoginFailed() {
        HttpResponse<String> response = broker.send("GET", "/api/overview", null, "guest", "nope");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"error\":\"not_authorized\",\"reason\":\"Login failed\"}");
        assertThat(response.headers().firstValue("www-authenticate")).contains("Basic realm=\"RabbitMQ Management\"");
        assertThat(broker.send("GET", "/api/overview", null, "nobody", "pw").statusCode()).isEqualTo(401);
    }

    @Test
    void aUserWithoutAManagementTagIsNotAManagementUser() {
        assertRefused(as("plain", "GET", "/api/overview"), "Not management user");
        assertRefused(as("plain", "GET", "/api/whoami"), "Not management user");
        assertRefused(as("plain", "GET", "/api/queues"), "Not management user");
    }

    @Test
    void managementUsersAreRefusedAdministratorAndMonitorPaths() {
        assertRefused(as("viewer", "GET", "/api/users"), "Not administrator user");
        assertRefused(as("viewer", "GET", "/api/vhosts/%2F"), "Not administrator user");
        assertRefused(as("viewer", "GET", "/api/permissions"), "Not administrator user");
        assertRefused(as("viewer", "GET", "/api/nodes"), "Not monitor user");
        assertRefused(as("ops", "GET", "/api/users"), "Not administrator user");
        assertThat(as("ops", "GET", "/api/nodes").statusCode()).isEqualTo(200);
        assertThat(as("rules", "GET", "/api/overview").statusCode()).isEqualTo(200);
    }

    @Test
    void vhostPathsNeedPermissionsOnTheVhostEvenForMonitors() {
        assertRefused(as("stranger", "GET", "/api/queues/%2F"), "User not authorised to access virtual host");
        assertRefused(as("stranger", "GET", "/api/exchanges/%2F/amq.direct"),
                "User not authorised to access virtual host");
        assertRefused(as("ops", "GET", "/api/queues/%2F/q"), "User not authorised to access virtual host");
        assertThat(as("viewer", "GET", "/api/exchanges/%2F/amq.direct").statusCode()).isEqualTo(200);
        // A vhost that does not exist is 404 for anyone, as in RabbitMQ.
        assertThat(as("stranger", "GET", "/api/queues/nowhere").statusCode()).isEqualTo(404);
    }

    @Test
    void listsShowOnlyTheVhostsAUserHasPermissionsOnUnlessMonitor() {
        assertThat(json(as("stranger", "GET", "/api/vhosts"))).isEmpty();
        assertThat(json(as("stranger", "GET", "/api/exchanges"))).isEmpty();
        assertThat(json(as("viewer", "GET", "/api/vhosts")).findValuesAsText("name")).containsExactly("/");
        assertThat(json(as("ops", "GET", "/api/exchanges?columns=name")).size()).isEqualTo(6);
    }

    @Test
    void whoamiNamesTheUserAndTags() {
        assertThat(as("viewer", "GET", "/api/whoami").body()).isEqualTo("{\"name\":\"viewer\",\"tags\":[\"management\"]}");
        assertThat(broker.get("/api/whoami").body()).isEqualTo("{\"name\":\"guest\",\"tags\":[\"administrator\"]}");
    }

    @Test
    void aKnownPathWithAnotherMethodIs405BeforeAnyLogin() {
        HttpResponse<String> response = broker.send("PATCH", "/api/overview", null, null, null);
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.body()).isEmpty();
        assertThat(response.headers().firstValue("allow")).contains("HEAD, GET, OPTIONS");
        HttpResponse<String> post = broker.post("/api/queues", "{}");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).contains("HEAD, GET, OPTIONS");
        assertThat(broker.send("POST", "/api/queues/%2F/q", "{}", "guest", "guest").headers().firstValue("allow"))
                .contains("HEAD, GET, PUT, DELETE, OPTIONS");
    }

    @Test
    void optionsListsTheMethodsAndHeadAnswersWithoutABody() {
        HttpResponse<String> options = broker.send("OPTIONS", "/api/queues/%2F/q", null, null, null);
        assertThat(options.statusCode()).isEqualTo(200);
        assertThat(options.headers().firstValue("allow")).contains("HEAD, GET, PUT, DELETE, OPTIONS");
        HttpResponse<String> head = broker.send(HttpRequest.newBuilder(broker.uri("/api/whoami"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("authorization", "Basic Z3Vlc3Q6Z3Vlc3Q="));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void badJsonIsRabbitMqsNotJson() {
        HttpResponse<String> response = broker.put("/api/queues/%2F/q", "{bad");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("{\"error\":\"bad_request\",\"reason\":\"not_json\"}");
    }
}
