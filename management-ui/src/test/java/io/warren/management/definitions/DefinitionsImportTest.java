package io.warren.management.definitions;

import io.warren.broker.testing.RestartableBroker;
import static io.warren.management.definitions.DefinitionsFixtures.RABBITMQ_EXPORT;
import static io.warren.management.definitions.DefinitionsFixtures.fixture;
import static io.warren.management.definitions.DefinitionsFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.warren.broker.BrokerServices;
import io.warren.broker.policy.Policy;
import io.warren.broker.queue.MessageQueue;
import io.warren.broker.security.Permission;
import io.warren.broker.security.User;
import io.warren.broker.vhost.Destination;
import io.warren.broker.vhost.Exchange;
import io.warren.broker.vhost.VirtualHost;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Importing a definitions file that a real RabbitMQ 3.10 exported (see
 * {@code src/test/resources/definitions/README.md} for how it was made): every object arrives as
 * RabbitMQ had it, its users log in with their RabbitMQ passwords, a second import changes nothing,
 * a bad file changes nothing, and what was imported survives a restart.
 */
class DefinitionsImportTest {
    private static final String VHOST = "warren-defs";

    @TempDir
    Path dataDir;

    private RestartableBroker node;

    @BeforeEach
    void start() throws Exception {
        node = new RestartableBroker(dataDir);
        node.start();
    }

    @AfterEach
    void stop() throws Exception {
        node.close();
    }

    private BrokerServices services() {
        return node.services();
    }

    private VirtualHost vhost() {
        return services().vhosts().get(VHOST).orElseThrow();
    }

    private DefinitionsImport.Result importFixture() throws Exception {
        return DefinitionsImport.apply(services(), fixture(RABBITMQ_EXPORT), Optional.empty());
    }

    @Test
    void everyObjectOfARabbitMqExportArrivesAsRabbitMqHadIt() throws Exception {
        ObjectNode file = fixture(RABBITMQ_EXPORT);
        DefinitionsImport.Result result = importFixture();

        assertThat(result.skipped()).allMatch(s -> s.startsWith("global parameter"));
        // Users: the very hash RabbitMQ made, and the tags.
        for (JsonNode u : file.get("users")) {
            User user = services().users().user(u.get("name").asText()).orElseThrow();
            assertThat(user.passwordHash()).isEqualTo(u.get("password_hash").asText());
            assertThat(user.tags()).containsExactlyInAnyOrderElementsOf(textList(u.get("tags")));
        }
        assertThat(services().users().user("defs-admin").orElseThrow().tags())
                .containsExactlyInAnyOrder("administrator", "monitoring");
        assertThat(services().users().permission("defs-app", VHOST))
                .contains(new Permission("^app\\.", ".*", "^app\\."));
        assertThat(services().users().permission("defs-admin", VHOST)).contains(Permission.all());

        Policy limits = services().policies().get(VHOST, "app-limits").orElseThrow();
        assertThat(limits.pattern()).isEqualTo("^app\\.");
        assertThat(limits.priority()).isEqualTo(5L);
        assertThat(limits.definition()).isEqualTo(Map.of("max-length", 1000L, "overflow", "reject-publish"));
        assertThat(services().policies().effectiveForQueue(VHOST, "app.orders")).contains(limits);
        assertThat(services().policies().effectiveForExchange(VHOST, "app.direct").map(Policy::name))
                .contains("ha-all");

        assertExchange("app.direct", "direct", false, Map.of("alternate-exchange", "app.ae"));
        assertExchange("app.fanout", "fanout", false, Map.of());
        assertExchange("app.topic", "topic", false, Map.of());
        assertExchange("app.headers", "headers", false, Map.of());
        assertExchange("app.ae", "fanout", false, Map.of());
        assertExchange("app.internal", "topic", true, Map.of());

        MessageQueue orders = vhost().queue("app.orders");
        assertThat(orders.settings().durable()).isTrue();
        assertThat(orders.settings().arguments()).isEqualTo(Map.of("x-queue-mode", "lazy"));
        assertThat(vhost().queue("app.transient").settings().durable()).isFalse();
        assertThat(vhost().queue("app.audit").settings().durable()).isTrue();

        assertThat(bindings()).containsExactlyInAnyOrder(
                "app.ae -> queue app.unrouted '' {}",
                "app.direct -> queue app.orders 'orders' {}",
                "app.fanout -> queue app.audit '' {}",
                "app.headers -> queue app.audit '' {region=eu, x-match=any}",
                "app.topic -> exchange app.fanout 'audit.#' {x-origin=defs}",
                "app.topic -> queue app.orders 'order.#' {}",
                "app.internal -> queue app.audit 'internal.#' {}");
    }

    private void assertExchange(String name, String type, boolean internal, Map<String, Object> arguments) {
        Exchange x = vhost().exchange(name);
        assertThat(x).as(name).isNotNull();
        assertThat(x.type().name()).isEqualTo(type);
        assertThat(x.isDurable()).isTrue();
        assertThat(x.isAutoDelete()).isFalse();
        assertThat(x.isInternal()).isEqualTo(internal);
        assertThat(x.arguments()).isEqualTo(arguments);
    }

    private Set<String> bindings() {
        return vhost().bindings().stream().map(b -> {
            Destination d = b.binding().destination();
            return b.source().name() + " -> " + (d instanceof Destination.ToQueue ? "queue " : "exchange ")
                    + d.name() + " '" + b.binding().routingKey() + "' "
                    + new java.util.TreeMap<>(b.binding().arguments());
        }).collect(Collectors.toSet());
    }

    private static List<String> textList(JsonNode node) {
        if (node.isTextual()) {
            return List.of(node.asText().split(","));
        }
        return java.util.stream.StreamSupport.stream(node.spliterator(), false).map(JsonNode::asText).toList();
    }

    @Test
    void anImportedUserLogsInWithThePasswordSetInRabbitMqAndRoutingWorks() throws Exception {
        importFixture();

        try (Connection c = node.factory("defs-app", "app-pass", VHOST).newConnection()) {
            Channel ch = c.createChannel();
            ch.basicPublish("app.topic", "order.new", null, "hello".getBytes(StandardCharsets.UTF_8));
            ch.basicPublish("app.direct", "nowhere", null, "lost".getBytes(StandardCharsets.UTF_8));
            GetResponse viaTopic = getWithin(ch, "app.orders");
            assertThat(new String(viaTopic.getBody(), StandardCharsets.UTF_8)).isEqualTo("hello");
            // Unroutable on app.direct: its alternate exchange app.ae takes it to app.unrouted.
            assertThat(new String(getWithin(ch, "app.unrouted").getBody(), StandardCharsets.UTF_8)).isEqualTo("lost");
        }
        assertThatThrownBy(() -> node.factory("defs-app", "wrong", VHOST).newConnection())
                .isInstanceOf(AuthenticationFailureException.class);
        node.factory("defs-admin", "admin-pass", VHOST).newConnection().close();
    }

    private static GetResponse getWithin(Channel ch, String queue) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            GetResponse response = ch.basicGet(queue, true);
            if (response != null) {
                return response;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("nothing arrived in " + queue);
    }

    @Test
    void usersAreTakenInEveryFormRabbitMqAcceptsAndOtherHashesAreRefused() throws Exception {
        String hash = io.warren.broker.security.PasswordHashing.hash("hashed-pass");
        DefinitionsImport.apply(services(), parse("{\"users\":["
                + "{\"name\":\"plain\",\"password\":\"plain-pass\",\"tags\":\"management, monitoring\"},"
                + "{\"name\":\"hashed\",\"password_hash\":\"" + hash + "\",\"tags\":[\"policymaker\"]},"
                + "{\"name\":\"no-login\",\"password_hash\":\"\",\"tags\":\"\"},"
                + "{\"name\":\"no-password\"}]}"), Optional.empty());

        assertThat(services().users().user("plain").orElseThrow().tags()).containsExactlyInAnyOrder("management",
                "monitoring");
        assertThat(services().users().user("hashed").orElseThrow().passwordHash()).isEqualTo(hash);
        assertThat(services().users().user("no-login").orElseThrow().passwordHash()).isEmpty();
        assertThat(services().users().user("no-password").orElseThrow().tags()).isEmpty();
        services().users().setPermission("plain", "/", Permission.all());
        node.factory("plain", "plain-pass", "/").newConnection().close();

        assertThatThrownBy(() -> DefinitionsImport.apply(services(), parse("{\"users\":[{\"name\":\"md5\","
                + "\"password_hash\":\"" + hash + "\",\"hashing_algorithm\":\"rabbit_password_hashing_md5\"},"
                + "{\"name\":\"limited\",\"password\":\"x\",\"limits\":{\"max-connections\":1}}],"
                + "\"topic_permissions\":[{\"user\":\"plain\",\"vhost\":\"/\",\"exchange\":\"amq.topic\","
                + "\"write\":\".*\",\"read\":\".*\"}]}"), Optional.empty()))
                .isInstanceOf(DefinitionsException.class)
                .hasMessage("Warren cannot import these definitions yet, nothing was imported:\n"
                        + "user 'md5': hashing_algorithm \"rabbit_password_hashing_md5\" (Warren verifies"
                        + " rabbit_password_hashing_sha256 hashes only)\n"
                        + "user 'limited': limits {\"max-connections\":1} (Warren has no user limits yet)\n"
                        + "topic permission of user 'plain' in vhost '/' (Warren has no topic permissions yet)");
        assertThat(services().users().user("limited")).isEmpty();
    }

    @Test
    void importingTheSameFileAgainChangesNothing() throws Exception {
        DefinitionsImport.Result first = importFixture();
        first.synced().get();
        Path log = dataDir.resolve("metadata").resolve("metadata.log");
        long sizeAfterFirst = Files.size(log);
        JsonNode before = DefinitionsExport.export(services(), Optional.empty());

        DefinitionsImport.Result second = importFixture();
        second.synced().get();

        assertThat(first.totalChanged()).isGreaterThan(20);
        assertThat(second.totalChanged()).isZero();
        assertThat(second.unchanged().values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(first.totalChanged() + first.unchanged().values().stream().mapToInt(Integer::intValue).sum());
        assertThat(Files.size(log)).as("nothing written to the definitions journal").isEqualTo(sizeAfterFirst);
        assertThat(DefinitionsExport.export(services(), Optional.empty())).isEqualTo(before);
    }

    @Test
    void aMalformedFileChangesNothingAndSaysWhatIsWrong() throws Exception {
        JsonNode before = DefinitionsExport.export(services(), Optional.empty());
        for (String notAnObject : List.of("[]", "\"definitions\"", "42")) {
            assertThatThrownBy(() -> DefinitionsImport.apply(services(), parse(notAnObject), Optional.empty()))
                    .isInstanceOf(DefinitionsException.class).hasMessage("failed_to_parse_json");
        }
        // Good vhost, user and exchange first; broken entries after them: none of it may land.
        ObjectNode file = fixture(RABBITMQ_EXPORT);
        ((ArrayNode) file.get("bindings")).addObject().put("source", "app.direct").put("vhost", VHOST)
                .put("destination", "no-such-queue").put("destination_type", "queue").put("routing_key", "k");
        ((ArrayNode) file.get("permissions")).addObject().put("user", "nobody").put("vhost", VHOST)
                .put("configure", ".*").put("write", "(").put("read", ".*");
        ((ArrayNode) file.get("policies")).addObject().put("vhost", VHOST).put("name", "bad")
                .put("pattern", ".*").put("apply-to", "all").put("priority", 0).putObject("definition");
        file.put("topic_permissions", "not a list");

        assertThatThrownBy(() -> DefinitionsImport.apply(services(), file, Optional.empty()))
                .isInstanceOf(DefinitionsException.class)
                .hasMessage("malformed definitions, nothing was imported:\n"
                        + "permission of user 'nobody' in vhost 'warren-defs': no user 'nobody', neither in the file"
                        + " nor in the broker\n"
                        + "permission of user 'nobody' in vhost 'warren-defs': invalid regular expression '('\n"
                        + "'topic_permissions' must be a list\n"
                        + "policy 'bad' in vhost 'warren-defs': Validation failed: no policy provided\n"
                        + "binding from exchange 'app.direct' to queue 'no-such-queue' in vhost 'warren-defs': no"
                        + " queue 'no-such-queue' in vhost 'warren-defs', neither in the file nor in the broker");
        assertThat(services().vhosts().get(VHOST)).isEmpty();
        assertThat(services().users().user("defs-app")).isEmpty();
        assertThat(DefinitionsExport.export(services(), Optional.empty())).isEqualTo(before);
    }

    @Test
    void queuesWarrenCannotHonourYetFailTheWholeImportAndAreAllNamed() throws Exception {
        ObjectNode file = fixture(RABBITMQ_EXPORT);
        ArrayNode queues = (ArrayNode) file.get("queues");
        queues.addObject().put("name", "app.ttl").put("vhost", VHOST).put("durable", true).put("auto_delete", false)
                .putObject("arguments").put("x-message-ttl", 60000);
        queues.addObject().put("name", "app.quorum").put("vhost", VHOST).put("durable", true)
                .put("auto_delete", false).putObject("arguments").put("x-queue-type", "quorum");
        ((ArrayNode) file.get("parameters")).addObject().put("vhost", VHOST).put("component", "federation-upstream")
                .put("name", "up").putObject("value").put("uri", "amqp://elsewhere");

        assertThatThrownBy(() -> DefinitionsImport.apply(services(), file, Optional.empty()))
                .isInstanceOf(DefinitionsException.class)
                .hasMessage("Warren cannot import these definitions yet, nothing was imported:\n"
                        + "runtime parameter 'up' of component 'federation-upstream' in vhost 'warren-defs' (Warren"
                        + " has no runtime parameters yet: no federation, shovels or vhost limits)\n"
                        + "queue 'app.ttl' in vhost 'warren-defs': arg 'x-message-ttl' for queue 'app.ttl' in vhost"
                        + " 'warren-defs' is not supported by Warren yet\n"
                        + "queue 'app.quorum' in vhost 'warren-defs': invalid arg 'x-queue-type' for queue"
                        + " 'app.quorum' in vhost 'warren-defs': \"unsupported queue type 'quorum'\"");
        assertThat(services().vhosts().get(VHOST)).isEmpty();
    }

    @Test
    void whatWasImportedSurvivesARestart() throws Exception {
        importFixture().synced().get();
        JsonNode before = DefinitionsExport.export(services(), Optional.empty());

        node.restart();

        JsonNode after = DefinitionsExport.export(services(), Optional.empty());
        // The transient queue (and its bindings) is gone, as in RabbitMQ; everything else is back.
        ObjectNode expected = before.deepCopy();
        removeWhere((ArrayNode) expected.get("queues"), q -> q.get("name").asText().equals("app.transient"));
        removeWhere((ArrayNode) expected.get("bindings"), b -> b.get("destination").asText().equals("app.transient"));
        assertThat(after).isEqualTo(expected);
        node.factory("defs-app", "app-pass", VHOST).newConnection().close();
    }

    static void removeWhere(ArrayNode array, java.util.function.Predicate<JsonNode> condition) {
        for (int i = array.size() - 1; i >= 0; i--) {
            if (condition.test(array.get(i))) {
                array.remove(i);
            }
        }
    }
}
