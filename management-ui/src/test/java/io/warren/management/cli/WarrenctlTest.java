package io.warren.management.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * warrenctl's command line, requests and messages against a stand-in API. The proof that it works
 * with a real node is WarrenctlProcessIT in the distribution module; this pins the details cheaply.
 */
class WarrenctlTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(int exitCode, String out, String err) {
    }

    private final FakeApi api;

    WarrenctlTest() throws Exception {
        api = new FakeApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private Run warrenctl(String... args) {
        List<String> all = new ArrayList<>(List.of("--node", api.url()));
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int code = Warrenctl.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintWriter(err, true));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
    }

    @Test
    void listQueuesPrintsRabbitmqctlsBannerHeaderAndTabSeparatedColumns() {
        api.on("GET", "/api/queues/%2F", 200, "[{\"name\":\"orders\",\"messages\":3,\"consumers\":1,\"durable\":true,"
                + "\"arguments\":{\"x-max-length\":10,\"x-queue-type\":\"classic\"}},{\"name\":\"empty\",\"messages\":0}]");

        Run run = warrenctl("list_queues");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("Timeout: 60.0 seconds ...\nListing queues for vhost / ...\n"
                + "name\tmessages\norders\t3\nempty\t0\n");

        Run columns = warrenctl("list_queues", "-q", "name", "durable", "consumers", "arguments");
        assertThat(columns.out()).isEqualTo("name\tdurable\tconsumers\targuments\n"
                + "orders\ttrue\t1\t[{\"x-max-length\",10},{\"x-queue-type\",\"classic\"}]\n"
                + "empty\t\t\t\n");
    }

    @Test
    void globalOptionsWorkBeforeAndAfterTheCommandAndTheVhostIsOnePathSegment() {
        api.on("GET", "/api/exchanges/my%20vhost%2Fone", 200, "[{\"name\":\"amq.direct\",\"type\":\"direct\"}]");

        Run after = warrenctl("list_exchanges", "-p", "my vhost/one", "--quiet", "--no-table-headers");
        Run before = warrenctl("-p", "my vhost/one", "-q", "list_exchanges", "--no-table-headers");

        assertThat(after.out()).as(after.err()).isEqualTo("amq.direct\tdirect\n");
        assertThat(before.out()).as(before.err()).isEqualTo("amq.direct\tdirect\n");
    }

    @Test
    void credentialsGoAsBasicAuthOnEveryRequest() {
        api.on("GET", "/api/users", 200, "[{\"name\":\"guest\",\"tags\":[\"administrator\"]}]");

        Run run = warrenctl("--username", "ops", "--password", "s3cret", "list_users", "-q");

        assertThat(run.out()).isEqualTo("user\ttags\nguest\t[administrator]\n");
        assertThat(api.last("GET").header("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("ops:s3cret".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void jsonFormatterPrintsAnArrayOfObjectsWithTheColumnsAndNoBanner() throws Exception {
        api.on("GET", "/api/queues/%2F", 200, "[{\"name\":\"orders\",\"messages\":3,\"consumers\":1}]");

        Run run = warrenctl("list_queues", "--formatter", "json", "name", "consumers", "policy");

        JsonNode rows = JSON.readTree(run.out());
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).toString()).isEqualTo("{\"name\":\"orders\",\"consumers\":1,\"policy\":null}");
    }

    @Test
    void anUnknownColumnIsAUsageErrorNamingTheValidOnesBeforeAnyRequest() {
        Run run = warrenctl("list_queues", "name", "mesages");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Error: Info key(s) mesages are not supported. Valid keys are: name, durable")
                .contains("Usage: warrenctl list_queues");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void missingArgumentsAndUnknownCommandsAreUsageErrors() {
        Run missing = warrenctl("set_permissions", "bob", ".*");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("Missing required parameters: 'WRITE', 'READ'")
                .contains("Usage: warrenctl set_permissions");

        Run unknown = warrenctl("list_queue");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("Unmatched argument at index 2: 'list_queue'").contains("list_queues");

        Run help = warrenctl("list_queues", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: warrenctl list_queues").contains("[COLUMN...]");

        Run none = run();
        assertThat(none.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("Usage: warrenctl");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void loginFailedIs77AndSaysWhichUserAndWhere() {
        api.on("GET", "/api/vhosts", 401, "{\"error\":\"not_authorized\",\"reason\":\"Login failed\"}");

        Run run = warrenctl("--username", "bob", "list_vhosts");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.NO_PERMISSION);
        assertThat(run.err()).isEqualTo("Error: authentication failed: " + api.url() + " refused user 'bob' "
                + "(HTTP 401: Login failed). Check --username and --password, or WARREN_USERNAME and "
                + "WARREN_PASSWORD.\n");
    }

    @Test
    void aUserWithoutTheRightTagIs77WithTheNodesReason() {
        api.on("PUT", "/api/vhosts/v1", 401, "{\"error\":\"not_authorised\",\"reason\":\"Not administrator user\"}");

        Run run = warrenctl("add_vhost", "v1");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.NO_PERMISSION);
        assertThat(run.err()).contains("Error: user 'guest' is not allowed to do this (HTTP 401: Not administrator user)");
    }

    @Test
    void aMissingQueueAndAMissingVhostAreToldApart() {
        api.on("GET", "/api/overview", 200, "{\"node\":\"warren@localhost\"}");
        api.on("GET", "/api/vhosts/%2F", 200, "{\"name\":\"/\"}");

        Run queue = warrenctl("purge_queue", "nosuch");
        assertThat(queue.exitCode()).isEqualTo(ExitCodes.DATA_ERROR);
        assertThat(queue.err()).isEqualTo("Error: queue 'nosuch' in vhost '/' not found\n");

        Run vhost = warrenctl("purge_queue", "-p", "gone", "q");
        assertThat(vhost.exitCode()).isEqualTo(ExitCodes.DATA_ERROR);
        assertThat(vhost.err()).isEqualTo("Error: Virtual host 'gone' does not exist\n");
    }

    @Test
    void aServerWithoutTheManagementApiIs69RatherThanAMissingVhost() {
        Run run = warrenctl("list_queues", "-q");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(run.err()).isEqualTo("Error: " + api.url() + " does not serve the management API: GET " + api.url()
                + "/api/overview answered 404: Not Found\n");
    }

    @Test
    void anUnreachableNodeIs69NamingTheUrl() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Run run = run("--node", "http://127.0.0.1:" + port, "list_queues");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(run.err()).isEqualTo("Error: unable to connect to http://127.0.0.1:" + port + ": connection refused. "
                + "Is the node running, and is its management listener at that address?\n");
    }

    @Test
    void aNodeUrlThatIsNotHttpIsAUsageError() {
        Run run = run("--node", "warren@localhost", "list_queues");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--node must be the management API's URL, such as http://localhost:15672");
    }

    @Test
    void aSlowAnswerIs75() {
        api.slowly("GET", "/api/vhosts", 3000);

        Run run = warrenctl("--timeout", "1", "list_vhosts");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.TEMP_FAIL);
        assertThat(run.err()).contains("timed out after 1 s");
    }

    @Test
    void setUserTagsSendsTheCurrentPasswordHashBackSoThePasswordSurvives() throws Exception {
        api.on("GET", "/api/users/bob", 200, "{\"name\":\"bob\",\"password_hash\":\"abc=\","
                + "\"hashing_algorithm\":\"rabbit_password_hashing_sha256\",\"tags\":[]}");
        api.on("PUT", "/api/users/bob", 204, "");

        Run run = warrenctl("set_user_tags", "bob", "monitoring", "policymaker");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("Setting tags for user \"bob\" to [monitoring, policymaker] ...\n");
        assertThat(JSON.readTree(api.last("PUT").body())).isEqualTo(JSON.readTree("{\"password_hash\":\"abc=\","
                + "\"hashing_algorithm\":\"rabbit_password_hashing_sha256\",\"tags\":\"monitoring,policymaker\"}"));
    }

    @Test
    void addUserRefusesToOverwriteAnExistingUser() {
        api.on("GET", "/api/users/bob", 200, "{\"name\":\"bob\",\"tags\":[]}");

        Run run = warrenctl("add_user", "bob", "pw");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.SOFTWARE);
        assertThat(run.err()).isEqualTo("Error: User \"bob\" already exists\n");
        assertThat(api.requests()).noneMatch(r -> r.method().equals("PUT"));
    }

    @Test
    void closeConnectionSendsTheReasonInXReason() {
        api.on("DELETE", "/api/connections/127.0.0.1%3A5000%20-%3E%20127.0.0.1%3A5672", 204, "");

        Run run = warrenctl("close_connection", "127.0.0.1:5000 -> 127.0.0.1:5672", "go away");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(api.last("DELETE").header("X-Reason")).isEqualTo("go away");
    }

    @Test
    void deleteQueueReportsTheMessagesItTookAndPassesItsConditions() {
        api.on("GET", "/api/queues/%2F/q1", 200, "{\"name\":\"q1\",\"messages\":9,\"messages_ready\":7}");
        api.on("DELETE", "/api/queues/%2F/q1?if-empty=true&if-unused=true", 400,
                "{\"error\":\"bad_request\",\"reason\":\"queue 'q1' in vhost '/' not empty\"}");
        api.on("DELETE", "/api/queues/%2F/q1", 204, "");

        Run refused = warrenctl("delete_queue", "q1", "--if-empty", "--if-unused");
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.DATA_ERROR);
        assertThat(refused.out()).isEqualTo("Deleting queue 'q1' on vhost '/' if queue is empty and if queue is unused ...\n");
        assertThat(refused.err()).isEqualTo("Error: Queue is not empty\n");

        Run deleted = warrenctl("delete_queue", "q1");
        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
        assertThat(deleted.out()).isEqualTo("Deleting queue 'q1' on vhost '/' ...\n"
                + "Queue was successfully deleted with 7 ready messages\n");
    }

    @Test
    void setPolicyChecksTheDefinitionIsAJsonObjectAndSendsItAsOne() throws Exception {
        Run bad = warrenctl("set_policy", "p1", "^q", "{max-length: 1}");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.DATA_ERROR);
        assertThat(bad.err()).startsWith("Error: the policy definition is not valid JSON: ");
        assertThat(api.requests()).isEmpty();

        api.on("PUT", "/api/policies/%2F/p1", 201, "");
        Run set = warrenctl("set_policy", "--priority", "5", "--apply-to", "queues", "p1", "^q", "{\"max-length\":1}");
        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(JSON.readTree(api.last("PUT").body())).isEqualTo(JSON.readTree(
                "{\"pattern\":\"^q\",\"definition\":{\"max-length\":1},\"priority\":5,\"apply-to\":\"queues\"}"));
    }

    @Test
    void aMissingUserIs67AsWithRabbitmqctl() {
        Run run = warrenctl("change_password", "nobody", "pw");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.NO_USER);
        assertThat(run.err()).isEqualTo("Error: User \"nobody\" does not exist\n");
    }

    @Test
    void anEmptyListHasNoHeaderRowAndJsonIsOneObjectPerLine() {
        api.on("GET", "/api/vhosts", 200, "[]");
        api.on("GET", "/api/users", 200, "[{\"name\":\"a\",\"tags\":[]},{\"name\":\"b\",\"tags\":[\"management\"]}]");

        assertThat(warrenctl("list_vhosts").out()).isEqualTo("Listing vhosts ...\n");
        assertThat(warrenctl("list_users", "--formatter", "json").out())
                .isEqualTo("[\n{\"user\":\"a\",\"tags\":[]},\n{\"user\":\"b\",\"tags\":[\"management\"]}\n]\n");
    }

    @Test
    void columnsMayBeCommaSeparatedAndAPolicyDefinitionShowsAsJsonText() {
        api.on("GET", "/api/policies/%2F", 200, "[{\"vhost\":\"/\",\"name\":\"cap\",\"pattern\":\"^q\","
                + "\"apply-to\":\"queues\",\"definition\":{\"max-length\":5},\"priority\":3}]");

        assertThat(warrenctl("list_policies", "-q", "name,definition", "priority").out())
                .isEqualTo("name\tdefinition\tpriority\ncap\t{\"max-length\":5}\t3\n");
        assertThat(warrenctl("list_policies", "--formatter", "json", "definition").out())
                .isEqualTo("[\n{\"definition\":\"{\\\"max-length\\\":5}\"}\n]\n");
    }

    @Test
    void aServerErrorIs70WithTheNodesReason() {
        api.on("GET", "/api/vhosts", 500, "{\"error\":\"Internal Server Error\",\"reason\":\"boom\"}");

        Run run = warrenctl("list_vhosts");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.SOFTWARE);
        assertThat(run.err()).isEqualTo("Error: GET " + api.url() + "/api/vhosts answered 500: boom\n");
    }
}
