package io.warren.management.definitions;

import io.warren.broker.testing.RestartableBroker;
import static io.warren.management.definitions.DefinitionsFixtures.JSON;
import static io.warren.management.definitions.DefinitionsFixtures.RABBITMQ_EXPORT;
import static io.warren.management.definitions.DefinitionsFixtures.RABBITMQ_VHOST_EXPORT;
import static io.warren.management.definitions.DefinitionsFixtures.fixture;
import static io.warren.management.definitions.DefinitionsFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.warren.broker.BrokerServices;
import io.warren.broker.BrokerVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Warren's export is RabbitMQ's format: importing RabbitMQ's own export and exporting it again gives
 * back the same objects, field for field; a one-vhost export moves a vhost's topology to another.
 */
class DefinitionsExportTest {
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

    /** Through text and back, so numbers compare by value whatever node class Jackson chose. */
    private static JsonNode reparsed(JsonNode node) throws Exception {
        return parse(JSON.writeValueAsString(node));
    }

    @Test
    void exportingAnImportedRabbitMqExportGivesBackTheSameObjects() throws Exception {
        ObjectNode rabbit = fixture(RABBITMQ_EXPORT);
        DefinitionsImport.apply(services(), rabbit, Optional.empty());

        JsonNode warren = reparsed(DefinitionsExport.export(services(), Optional.empty()));

        assertThat(fieldNames(warren)).containsExactly("rabbit_version", "rabbitmq_version", "product_name",
                "product_version", "users", "vhosts", "permissions", "topic_permissions", "parameters",
                "global_parameters", "policies", "queues", "exchanges", "bindings");
        assertThat(warren.get("product_name").asText()).isEqualTo("Warren");
        assertThat(warren.get("product_version").asText()).isEqualTo(BrokerVersion.get());
        assertThat(warren.get("rabbit_version").asText()).isEqualTo(DefinitionsExport.FORMAT_VERSION);
        // Warren keeps a user's tags as a set and writes them sorted; RabbitMQ keeps the order given.
        sortTags(warren);
        sortTags(rabbit);
        for (String category : List.of("users", "vhosts", "permissions", "topic_permissions", "parameters",
                "policies", "queues", "exchanges", "bindings")) {
            assertThat(elements(warren.get(category))).as(category)
                    .containsExactlyInAnyOrderElementsOf(elements(rabbit.get(category)));
        }
        assertThat(warren.get("global_parameters")).isEmpty();
    }

    @Test
    void leavesOutWhatRabbitMqLeavesOut() throws Exception {
        services().vhosts().create("solo");
        try (Connection c = node.factory("guest", "guest", "/").newConnection()) {
            Channel ch = c.createChannel();
            ch.queueDeclare("mine", false, true, false, null); // exclusive
            ch.queueDeclare("shared", false, false, false, Map.<String, Object>of("x-max-priority-less", 1));
            ch.queueBind("shared", "amq.direct", "k");
            ch.queueBind("mine", "amq.fanout", "");
            ch.exchangeDeclare("x", BuiltinExchangeType.HEADERS, true);
            ch.exchangeBind("x", "amq.topic", "#");

            JsonNode export = reparsed(DefinitionsExport.export(services(), Optional.empty()));

            assertThat(export.get("queues")).extracting(q -> q.get("name").asText()).containsExactly("shared");
            assertThat(export.get("queues").get(0)).isEqualTo(parse(
                    "{\"name\":\"shared\",\"vhost\":\"/\",\"durable\":false,\"auto_delete\":false,"
                            + "\"arguments\":{\"x-max-priority-less\":1}}"));
            assertThat(export.get("exchanges")).extracting(x -> x.get("name").asText()).containsExactly("x");
            assertThat(export.get("bindings")).extracting(b -> b.get("source").asText() + ">"
                    + b.get("destination").asText()).containsExactlyInAnyOrder("amq.direct>shared", "amq.topic>x");
            assertThat(export.get("vhosts")).extracting(v -> v.get("name").asText()).containsExactly("/", "solo");
        }
    }

    @Test
    void aOneVhostExportCarriesItsTopologyIntoAnotherVhost() throws Exception {
        DefinitionsImport.apply(services(), fixture(RABBITMQ_EXPORT), Optional.empty());
        JsonNode one = reparsed(DefinitionsExport.export(services(), Optional.of(VHOST)));

        assertThat(fieldNames(one)).containsExactly("rabbit_version", "parameters", "policies", "queues",
                "exchanges", "bindings");
        // RabbitMQ 3.10's one-vhost export keeps the vhost of policies only.
        assertThat(elements(one.get("policies")))
                .containsExactlyInAnyOrderElementsOf(elements(fixture(RABBITMQ_VHOST_EXPORT).get("policies")));
        for (String category : List.of("queues", "exchanges", "bindings")) {
            assertThat(one.get(category)).as(category).allMatch(o -> !o.has("vhost")).isNotEmpty();
            assertThat(elements(one.get(category))).as(category)
                    .containsExactlyInAnyOrderElementsOf(elements(fixture(RABBITMQ_VHOST_EXPORT).get(category)));
        }

        services().vhosts().create("copy");
        DefinitionsImport.Result result = DefinitionsImport.apply(services(), one, Optional.of("copy"));
        result.synced().get();

        JsonNode copy = reparsed(DefinitionsExport.export(services(), Optional.of("copy")));
        for (String category : List.of("queues", "exchanges", "bindings")) {
            assertThat(copy.get(category)).as(category).isEqualTo(one.get(category));
        }
        assertThat(copy.get("policies")).extracting(p -> p.get("vhost").asText()).containsOnly("copy");
        assertThat(services().policies().effectiveForQueue("copy", "app.orders").map(p -> p.name()))
                .contains("app-limits");
        // The one-vhost file names no users: the source vhost's permissions do not come along.
        assertThat(services().users().permission("defs-app", "copy")).isEmpty();
    }

    /**
     * Objects made in Warren (a user whose hash Warren computed, a policy, exchanges of every type,
     * bindings with arguments) export as RabbitMQ writes them. The file is also saved under
     * {@code target/} for the manual check that RabbitMQ imports it (see the fixture README).
     */
    @Test
    void objectsMadeInWarrenExportInRabbitMqsShape() throws Exception {
        String vhost = "made-in-warren";
        services().vhosts().create(vhost);
        services().users().addUser("warren-user", "warren-pass", java.util.Set.of("management", "policymaker"));
        services().users().setPermission("warren-user", vhost, new io.warren.broker.security.Permission("^w\\.", ".*", ".*"));
        services().users().setPermission("guest", vhost, io.warren.broker.security.Permission.all());
        services().policies().put(io.warren.broker.policy.PolicyValidator.validate(vhost, "w-policy", "^w\\.",
                Map.of("max-length", 5, "queue-mode", "lazy"), 3, "queues"));
        try (Connection c = node.factory("guest", "guest", vhost).newConnection()) {
            Channel ch = c.createChannel();
            ch.exchangeDeclare("w.ae", BuiltinExchangeType.FANOUT, true);
            ch.exchangeDeclare("w.direct", BuiltinExchangeType.DIRECT, true, false, Map.of("alternate-exchange", "w.ae"));
            ch.exchangeDeclare("w.topic", BuiltinExchangeType.TOPIC, true);
            ch.exchangeDeclare("w.headers", BuiltinExchangeType.HEADERS, true);
            ch.exchangeDeclare("w.fanout", BuiltinExchangeType.FANOUT, true, false, true, Map.of());
            ch.queueDeclare("w.orders", true, false, false, Map.of("x-queue-mode", "lazy"));
            ch.queueDeclare("w.audit", true, false, false, null);
            ch.queueBind("w.orders", "w.direct", "orders");
            ch.queueBind("w.audit", "w.headers", "", Map.of("x-match", "all", "kind", "audit", "level", 3));
            ch.exchangeBind("w.fanout", "w.topic", "audit.#", Map.of("x-origin", "warren"));
            ch.queueBind("w.audit", "w.fanout", "");
        }

        JsonNode export = reparsed(DefinitionsExport.export(services(), Optional.empty()));

        JsonNode user = find(export.get("users"), "name", "warren-user");
        assertThat(user.get("hashing_algorithm").asText()).isEqualTo("rabbit_password_hashing_sha256");
        assertThat(io.warren.broker.security.PasswordHashing.verify(user.get("password_hash").asText(), "warren-pass"))
                .isTrue();
        assertThat(user.get("tags")).isEqualTo(parse("[\"management\",\"policymaker\"]"));
        assertThat(find(export.get("policies"), "name", "w-policy")).isEqualTo(parse("{\"vhost\":\"made-in-warren\","
                + "\"name\":\"w-policy\",\"pattern\":\"^w\\\\.\",\"apply-to\":\"queues\",\"definition\":"
                + "{\"max-length\":5,\"queue-mode\":\"lazy\"},\"priority\":3}"));
        assertThat(find(export.get("exchanges"), "name", "w.fanout")).isEqualTo(parse("{\"name\":\"w.fanout\","
                + "\"vhost\":\"made-in-warren\",\"type\":\"fanout\",\"durable\":true,\"auto_delete\":false,"
                + "\"internal\":true,\"arguments\":{}}"));
        assertThat(find(export.get("bindings"), "destination", "w.fanout")).isEqualTo(parse("{\"source\":\"w.topic\","
                + "\"vhost\":\"made-in-warren\",\"destination\":\"w.fanout\",\"destination_type\":\"exchange\","
                + "\"routing_key\":\"audit.#\",\"arguments\":{\"x-origin\":\"warren\"}}"));
        java.nio.file.Files.createDirectories(Path.of("target"));
        JSON.writerWithDefaultPrettyPrinter().writeValue(Path.of("target", "warren-export.json").toFile(), export);
    }

    private static void sortTags(JsonNode definitions) {
        for (JsonNode user : definitions.get("users")) {
            List<String> tags = new ArrayList<>();
            user.get("tags").forEach(t -> tags.add(t.asText()));
            tags.sort(null);
            com.fasterxml.jackson.databind.node.ArrayNode sorted = ((ObjectNode) user).putArray("tags");
            tags.forEach(sorted::add);
        }
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode element : array) {
            if (element.path(field).asText().equals(value)) {
                return element;
            }
        }
        throw new AssertionError("no element with " + field + " = " + value + " in " + array);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
            list.add(it.next());
        }
        return list;
    }
}
