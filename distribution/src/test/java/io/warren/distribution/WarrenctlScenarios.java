package io.warren.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.MessageProperties;
import com.rabbitmq.client.ShutdownSignalException;
import com.rabbitmq.client.impl.AMQConnection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/warrenctl} run as a process against a live node, asserting its output and exit codes
 * as a script would read them. The same scenarios run against Warren ({@link WarrenctlProcessIT})
 * and, when one is given, against a RabbitMQ node ({@link WarrenctlRabbitMQIT}): passing there
 * proves warrenctl speaks RabbitMQ's management API, passing here that Warren's answers match.
 * <p>
 * Every name a test creates starts with a random prefix, and tests delete what they create, so that
 * a shared RabbitMQ is left as it was found.
 */
abstract class WarrenctlScenarios {
    static final Path LAYOUT = Path.of(System.getProperty("warren.home", "target/warren"));
    static final Path SCRIPT = LAYOUT.resolve("bin/warrenctl");
    /** RabbitMQ updates the API's message counts every 5 s; Warren at once. Either way this is plenty. */
    private static final Duration EVENTUALLY = Duration.ofSeconds(20);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    final String prefix = "ctl-" + UUID.randomUUID().toString().substring(0, 8);

    /** The node's management API, e.g. {@code http://127.0.0.1:15672}. */
    abstract String managementUrl();

    abstract int amqpPort();

    Warrenctl warrenctl() {
        return Warrenctl.at(SCRIPT, dir, managementUrl());
    }

    Warrenctl.Result run(String... args) throws Exception {
        return warrenctl().run(args);
    }

    /** Runs the command until {@code done} holds for its result (stats may lag), at most 20 s; the last result. */
    Warrenctl.Result eventually(Predicate<Warrenctl.Result> done, String... args) throws Exception {
        long deadline = System.nanoTime() + EVENTUALLY.toNanos();
        while (true) {
            Warrenctl.Result result = run(args);
            if (done.test(result) || System.nanoTime() > deadline) {
                return result;
            }
            Thread.sleep(500);
        }
    }

    Connection connect(String user, String password, String vhost) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(amqpPort());
        factory.setUsername(user);
        factory.setPassword(password);
        factory.setVirtualHost(vhost);
        factory.setAutomaticRecoveryEnabled(false);
        return factory.newConnection(prefix);
    }

    Connection connect() throws Exception {
        return connect("guest", "guest", "/");
    }

    static void assertOk(Warrenctl.Result result) {
        assertThat(result.exitCode()).as("%s", result).isZero();
        assertThat(result.err()).as("%s", result).isEmpty();
    }

    static void publish(Channel channel, String queue, int count) throws Exception {
        channel.confirmSelect();
        for (int i = 0; i < count; i++) {
            channel.basicPublish("", queue, MessageProperties.PERSISTENT_TEXT_PLAIN,
                    ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        channel.waitForConfirmsOrDie(10_000);
    }

    @Test
    void listQueuesShowsDeclaredQueuesWithTheirCountsInTheColumnsAsked() throws Exception {
        String a = prefix + "-a";
        String b = prefix + "-b";
        try (Connection connection = connect()) {
            Channel channel = connection.createChannel();
            channel.queueDeclare(a, false, false, false, null);
            // Warren refuses the arguments it does not implement yet (x-max-length...); x-queue-mode it takes.
            channel.queueDeclare(b, true, false, false, Map.of("x-queue-mode", "lazy"));
            try {
                publish(channel, a, 3);
                channel.basicConsume(b, true, new DefaultConsumer(channel));

                Warrenctl.Result columns = eventually(r -> r.lines().contains(a + "\t3\t0\tfalse")
                                && r.lines().contains(b + "\t0\t1\ttrue"),
                        "list_queues", "-q", "name", "messages", "consumers", "durable");
                assertOk(columns);
                assertThat(columns.lines()).first().isEqualTo("name\tmessages\tconsumers\tdurable");
                assertThat(columns.lines()).contains(a + "\t3\t0\tfalse", b + "\t0\t1\ttrue");

                Warrenctl.Result defaults = run("list_queues");
                assertOk(defaults);
                assertThat(defaults.lines()).startsWith("Timeout: 60.0 seconds ...", "Listing queues for vhost / ...",
                        "name\tmessages");
                assertThat(defaults.lines()).contains(a + "\t3", b + "\t0");

                Warrenctl.Result json = run("list_queues", "--formatter", "json", "name", "messages", "arguments");
                assertOk(json);
                JsonNode rows = JSON.readTree(json.out());
                assertThat(rows.isArray()).as(json.out()).isTrue();
                JsonNode rowB = find(rows, "name", b);
                assertThat(rowB.path("messages").asInt(-1)).isZero();
                assertThat(rowB.path("arguments").path("x-queue-mode").asText()).isEqualTo("lazy");
            } finally {
                channel.queueDelete(a);
                channel.queueDelete(b);
            }
        }
    }

    @Test
    void listExchangesAndBindingsShowWhatWasDeclared() throws Exception {
        String exchange = prefix + "-x";
        String queue = prefix + "-q";
        try (Connection connection = connect()) {
            Channel channel = connection.createChannel();
            channel.exchangeDeclare(exchange, "topic", false);
            channel.queueDeclare(queue, false, false, false, null);
            channel.queueBind(queue, exchange, "orders.#");
            try {
                Warrenctl.Result exchanges = run("list_exchanges");
                assertOk(exchanges);
                assertThat(exchanges.lines()).startsWith("Listing exchanges for vhost / ...", "name\ttype")
                        .contains(exchange + "\ttopic", "amq.fanout\tfanout", "\tdirect");

                Warrenctl.Result bindings = run("list_bindings", "-q");
                assertOk(bindings);
                assertThat(bindings.lines()).first()
                        .isEqualTo("source_name\tsource_kind\tdestination_name\tdestination_kind\trouting_key\targuments");
                assertThat(bindings.lines()).contains(exchange + "\texchange\t" + queue + "\tqueue\torders.#\t[]",
                        "\texchange\t" + queue + "\tqueue\t" + queue + "\t[]");
            } finally {
                channel.queueDelete(queue);
                channel.exchangeDelete(exchange);
            }
        }
    }

    @Test
    void addUserAndSetPermissionsLetTheUserLogInOverAmqpAndTheRestOfTheUserCommandsWork() throws Exception {
        String user = prefix + "-user";
        try {
            Warrenctl.Result added = run("add_user", user, "pw-1");
            assertOk(added);
            assertThat(added.lines()).first().isEqualTo("Adding user \"" + user + "\" ...");
            Warrenctl.Result exists = run("add_user", user, "other");
            assertThat(exists.exitCode()).as("%s", exists).isEqualTo(70);
            assertThat(exists.err()).isEqualTo("Error: User \"" + user + "\" already exists\n");

            // No permissions yet: the vhost is closed to them.
            assertThatThrownBy(() -> connect(user, "pw-1", "/").close()).isInstanceOf(IOException.class);

            Warrenctl.Result granted = run("set_permissions", "-p", "/", user, ".*", ".*", ".*");
            assertOk(granted);
            assertThat(granted.out()).isEqualTo("Setting permissions for user \"" + user + "\" in vhost \"/\" ...\n");
            try (Connection connection = connect(user, "pw-1", "/")) {
                String queue = connection.createChannel().queueDeclare().getQueue();
                assertThat(queue).isNotEmpty();
            }

            assertThat(run("list_users", "-q").lines()).contains(user + "\t[]");
            assertThat(run("list_permissions", "-q").lines()).contains(user + "\t.*\t.*\t.*");
            Warrenctl.Result userPermissions = run("list_user_permissions", user);
            assertOk(userPermissions);
            assertThat(userPermissions.lines()).containsExactly("Listing permissions for user \"" + user + "\" ...",
                    "vhost\tconfigure\twrite\tread", "/\t.*\t.*\t.*");

            // Tags change, the password stays.
            assertOk(run("set_user_tags", user, "monitoring", "policymaker"));
            assertThat(run("list_users", "-q").lines())
                    .anyMatch(line -> line.equals(user + "\t[monitoring, policymaker]")
                            || line.equals(user + "\t[policymaker, monitoring]"));
            connect(user, "pw-1", "/").close();

            // A new password from standard input, as rabbitmqctl reads it when it is not an argument.
            assertOk(warrenctl().runWithInput("pw-2\n", "change_password", user));
            assertThatThrownBy(() -> connect(user, "pw-1", "/").close()).isInstanceOf(IOException.class);
            connect(user, "pw-2", "/").close();

            assertOk(run("clear_permissions", user));
            assertThat(run("list_permissions", "-q").lines()).noneMatch(line -> line.startsWith(user + "\t"));

            assertOk(run("delete_user", user));
            assertThat(run("list_users", "-q").lines()).noneMatch(line -> line.startsWith(user + "\t"));
            Warrenctl.Result again = run("delete_user", user);
            assertThat(again.exitCode()).as("%s", again).isEqualTo(67);
            assertThat(again.err()).isEqualTo("Error: User \"" + user + "\" does not exist\n");
        } finally {
            run("delete_user", user);
        }
    }

    @Test
    void purgeQueueEmptiesAQueueAndDeleteQueueRemovesItHonouringIfEmpty() throws Exception {
        String queue = prefix + "-q";
        try (Connection connection = connect()) {
            Channel channel = connection.createChannel();
            channel.queueDeclare(queue, true, false, false, null);
            try {
                publish(channel, queue, 5);
                Warrenctl.Result purged = run("purge_queue", queue);
                assertOk(purged);
                assertThat(purged.out()).isEqualTo("Purging queue '" + queue + "' in vhost '/' ...\n");
                assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isZero();

                publish(channel, queue, 2);
                // The count delete_queue reports comes from the API, which RabbitMQ updates every 5 s.
                assertThat(eventually(r -> r.lines().contains(queue + "\t2"), "list_queues", "-q").lines())
                        .contains(queue + "\t2");
                Warrenctl.Result notEmpty = run("delete_queue", queue, "--if-empty");
                assertThat(notEmpty.exitCode()).as("%s", notEmpty).isEqualTo(65);
                assertThat(notEmpty.out()).isEqualTo("Deleting queue '" + queue + "' on vhost '/' if queue is empty ...\n");
                assertThat(notEmpty.err()).isEqualTo("Error: Queue is not empty\n");
                assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isEqualTo(2);

                Warrenctl.Result deleted = run("delete_queue", queue);
                assertOk(deleted);
                assertThat(deleted.lines()).containsExactly("Deleting queue '" + queue + "' on vhost '/' ...",
                        "Queue was successfully deleted with 2 ready messages");
                assertThatThrownBy(() -> connection.createChannel().queueDeclarePassive(queue))
                        .isInstanceOf(IOException.class);
            } finally {
                connection.createChannel().queueDelete(queue);
            }
        }
    }

    @Test
    void aMissingQueueVhostOrConnectionIsExitCode65NamingIt() throws Exception {
        Warrenctl.Result queue = run("purge_queue", prefix + "-nosuch");
        assertThat(queue.exitCode()).as("%s", queue).isEqualTo(65);
        assertThat(queue.err()).isEqualTo("Error: queue '" + prefix + "-nosuch' in vhost '/' not found\n");

        Warrenctl.Result deleteQueue = run("delete_queue", prefix + "-nosuch");
        assertThat(deleteQueue.exitCode()).isEqualTo(65);
        assertThat(deleteQueue.err()).isEqualTo("Error: queue '" + prefix + "-nosuch' in vhost '/' not found\n");

        Warrenctl.Result vhost = run("list_queues", "-p", prefix + "-vh");
        assertThat(vhost.exitCode()).as("%s", vhost).isEqualTo(65);
        assertThat(vhost.err()).isEqualTo("Error: Virtual host '" + prefix + "-vh' does not exist\n");

        Warrenctl.Result connection = run("close_connection", "127.0.0.1:1 -> 127.0.0.1:2", "bye");
        assertThat(connection.exitCode()).isEqualTo(65);
        assertThat(connection.err()).startsWith("Error: connection '127.0.0.1:1 -> 127.0.0.1:2' not found");
    }

    @Test
    void closeConnectionClosesTheClientsConnectionWithTheReasonGiven() throws Exception {
        String queue = prefix + "-q";
        Connection connection = connect();
        try {
            Channel channel = connection.createChannel();
            channel.queueDeclare(queue, false, false, true, null);
            channel.basicQos(10);
            channel.basicConsume(queue, false, prefix + "-tag", new DefaultConsumer(channel));
            CompletableFuture<ShutdownSignalException> closed = new CompletableFuture<>();
            connection.addShutdownListener(closed::complete);
            // The connection's name in the API ends with the client's address: ours is known by its local port.
            String port = String.valueOf(((AMQConnection) connection).getLocalPort());

            // RabbitMQ fills in the channel count a little after listing the connection.
            Warrenctl.Result connections = eventually(r -> r.lines().stream()
                            .anyMatch(l -> l.contains("\t" + port + "\t") && l.endsWith("\t1\t/")),
                    "list_connections", "-q", "name", "user", "peer_port", "state", "channels", "vhost");
            assertOk(connections);
            assertThat(connections.lines()).first().isEqualTo("name\tuser\tpeer_port\tstate\tchannels\tvhost");
            String line = connections.lines().stream().filter(l -> l.contains("\t" + port + "\t")).findFirst()
                    .orElseThrow(() -> new AssertionError("our connection is not listed\n" + connections));
            String name = line.substring(0, line.indexOf('\t'));
            assertThat(line).isEqualTo(name + "\tguest\t" + port + "\trunning\t1\t/");

            Warrenctl.Result consumers = eventually(r -> r.out().contains(prefix + "-tag"),
                    "list_consumers", "-q", "queue_name", "consumer_tag", "ack_required", "prefetch_count");
            assertThat(consumers.lines()).contains(queue + "\t" + prefix + "-tag\ttrue\t10");
            Warrenctl.Result channels = eventually(r -> r.out().contains(name),
                    "list_channels", "-q", "connection", "user", "consumer_count", "prefetch_count");
            assertThat(channels.lines()).contains(name + "\tguest\t1\t10");

            Warrenctl.Result closing = run("close_connection", name, "closed by warrenctl test");
            assertOk(closing);
            assertThat(closing.out()).isEqualTo("Closing connection " + name + ", reason: closed by warrenctl test...\n");
            ShutdownSignalException signal = closed.get(10, TimeUnit.SECONDS);
            assertThat(signal.getReason()).isInstanceOf(AMQP.Connection.Close.class);
            AMQP.Connection.Close close = (AMQP.Connection.Close) signal.getReason();
            assertThat(close.getReplyCode()).isEqualTo(320);
            assertThat(close.getReplyText()).contains("closed by warrenctl test");
        } finally {
            // Closed by the broker by now, unless the test failed first; abort() never throws.
            connection.abort();
        }
    }

    @Test
    void vhostsAreAddedListedAndDeleted() throws Exception {
        String vhost = prefix + "-vh";
        try {
            Warrenctl.Result added = run("add_vhost", vhost);
            assertOk(added);
            assertThat(added.out()).isEqualTo("Adding vhost \"" + vhost + "\" ...\n");
            assertThat(run("list_vhosts", "-q").lines()).startsWith("name").contains(vhost, "/");
            Warrenctl.Result queues = run("list_queues", "-p", vhost);
            assertOk(queues);
            // No rows, so no header row either, as with rabbitmqctl.
            assertThat(queues.lines()).containsExactly("Timeout: 60.0 seconds ...",
                    "Listing queues for vhost " + vhost + " ...");

            Warrenctl.Result deleted = run("delete_vhost", vhost);
            assertOk(deleted);
            assertThat(deleted.out()).isEqualTo("Deleting vhost \"" + vhost + "\" ...\n");
            assertThat(run("list_vhosts", "-q").lines()).doesNotContain(vhost);
            Warrenctl.Result again = run("delete_vhost", vhost);
            assertThat(again.exitCode()).isEqualTo(65);
            assertThat(again.err()).isEqualTo("Error: Virtual host '" + vhost + "' does not exist\n");
        } finally {
            run("delete_vhost", vhost);
        }
    }

    @Test
    void policiesAreSetListedAndCleared() throws Exception {
        String policy = prefix + "-pol";
        try {
            Warrenctl.Result set = run("set_policy", "--priority", "3", "--apply-to", "queues",
                    policy, "^" + prefix, "{\"max-length\":5}");
            assertOk(set);
            assertThat(set.out()).isEqualTo("Setting policy \"" + policy + "\" for pattern \"^" + prefix
                    + "\" to \"{\"max-length\":5}\" with priority \"3\" for vhost \"/\" ...\n");
            assertThat(run("list_policies", "-q").lines()).contains(
                    "/\t" + policy + "\t^" + prefix + "\tqueues\t{\"max-length\":5}\t3");
            Warrenctl.Result policies = run("list_policies", "--formatter", "json");
            assertOk(policies);
            JsonNode listed = find(JSON.readTree(policies.out()), "name", policy);
            assertThat(listed.path("vhost").asText()).isEqualTo("/");
            assertThat(listed.path("apply-to").asText()).isEqualTo("queues");
            assertThat(listed.path("priority").asInt()).isEqualTo(3);
            // As rabbitmqctl prints it: the definition as JSON text.
            assertThat(JSON.readTree(listed.path("definition").asText()).path("max-length").asInt()).isEqualTo(5);

            Warrenctl.Result bad = run("set_policy", policy, "^x", "max-length=5");
            assertThat(bad.exitCode()).isEqualTo(65);
            assertThat(bad.err()).startsWith("Error: the policy definition is not valid JSON");
            Warrenctl.Result refused = run("set_policy", policy, "^x", "{\"no-such-setting\":1}");
            assertThat(refused.exitCode()).as("%s", refused).isEqualTo(65);
            assertThat(refused.err()).startsWith("Error: the node refused the request (HTTP 400): ")
                    .contains("no-such-setting").doesNotContain("\n\n");

            assertOk(run("clear_policy", policy));
            assertThat(run("list_policies", "-q").lines()).noneMatch(l -> l.contains(policy));
            Warrenctl.Result again = run("clear_policy", policy);
            assertThat(again.exitCode()).isEqualTo(65);
            assertThat(again.err()).isEqualTo("Error: policy '" + policy + "' in vhost '/' not found\n");
        } finally {
            run("clear_policy", policy);
        }
    }

    @Test
    void exportedDefinitionsImportBackAfterTheirObjectsAreDeleted() throws Exception {
        String vhost = prefix + "-vh";
        String user = prefix + "-user";
        String queue = prefix + "-q";
        String exchange = prefix + "-x";
        try {
            assertOk(run("add_vhost", vhost));
            assertOk(run("add_user", user, "pw"));
            assertOk(run("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"));
            assertOk(run("set_permissions", "-p", vhost, user, "^" + prefix, ".*", ".*"));
            assertOk(run("set_policy", "-p", vhost, prefix + "-pol", "^" + prefix, "{\"max-length\":7}"));
            try (Connection connection = connect("guest", "guest", vhost)) {
                Channel channel = connection.createChannel();
                channel.exchangeDeclare(exchange, "topic", true);
                channel.queueDeclare(queue, true, false, false, Map.of("x-queue-mode", "lazy"));
                channel.queueBind(queue, exchange, "a.*");
            }

            Path file = dir.resolve("definitions.json");
            Warrenctl.Result exported = run("export_definitions", file.toString());
            assertOk(exported);
            assertThat(exported.out()).isEqualTo("Exporting definitions in JSON to a file at \"" + file + "\" ...\n");
            JsonNode all = JSON.readTree(file.toFile());
            Warrenctl.Result toStdout = run("export_definitions", "-");
            assertOk(toStdout);
            assertThat(JSON.readTree(toStdout.out()).path("queues").isArray()).isTrue();

            // Only this test's objects go back: on a shared node, re-importing everything would
            // resurrect what others deleted meanwhile.
            ObjectNode mine = ours(all, vhost, user);
            assertThat(mine.path("queues")).hasSize(1);
            assertThat(mine.path("exchanges")).hasSize(1);
            assertThat(mine.path("bindings")).hasSize(1);
            assertThat(mine.path("policies")).hasSize(1);
            assertThat(mine.path("users")).hasSize(1);
            Path subset = Files.writeString(dir.resolve("mine.json"), mine.toString());

            assertOk(run("delete_vhost", vhost));
            assertOk(run("delete_user", user));
            assertThat(run("list_vhosts", "-q").lines()).doesNotContain(vhost);

            Warrenctl.Result imported = run("import_definitions", subset.toString());
            assertOk(imported);
            assertThat(imported.lines()).first()
                    .isEqualTo("Importing definitions in JSON from a file at \"" + subset + "\" ...");

            assertThat(run("list_queues", "-p", vhost, "-q", "name", "durable", "arguments").lines())
                    .containsExactly("name\tdurable\targuments", queue + "\ttrue\t[{\"x-queue-mode\",\"lazy\"}]");
            assertThat(run("list_exchanges", "-p", vhost, "-q", "name", "type", "durable").lines())
                    .contains(exchange + "\ttopic\ttrue");
            assertThat(run("list_bindings", "-p", vhost, "-q").lines())
                    .contains(exchange + "\texchange\t" + queue + "\tqueue\ta.*\t[]");
            assertThat(run("list_permissions", "-p", vhost, "-q").lines())
                    .contains(user + "\t^" + prefix + "\t.*\t.*", "guest\t.*\t.*\t.*");
            assertThat(run("list_policies", "-p", vhost, "-q", "name", "pattern").lines())
                    .contains(prefix + "-pol\t^" + prefix);
            // The user came back with their password.
            try (Connection connection = connect(user, "pw", vhost)) {
                assertThat(connection.createChannel().queueDeclarePassive(queue).getMessageCount()).isZero();
            }

            Warrenctl.Result missing = run("import_definitions", dir.resolve("nosuch.json").toString());
            assertThat(missing.exitCode()).isEqualTo(65);
            assertThat(missing.err()).contains("nosuch.json: no such file or directory");
            Path broken = Files.writeString(dir.resolve("broken.json"), "{\"queues\": [");
            Warrenctl.Result notJson = run("import_definitions", broken.toString());
            assertThat(notJson.exitCode()).isEqualTo(65);
            assertThat(notJson.err()).startsWith("Error: " + broken + " is not valid JSON");
        } finally {
            run("delete_vhost", vhost);
            run("delete_user", user);
        }
    }

    @Test
    void statusAndClusterStatusDescribeTheNode() throws Exception {
        Warrenctl.Result status = run("status");
        assertOk(status);
        assertThat(status.lines().get(0)).startsWith("Status of node ");
        assertThat(status.lines()).contains("Runtime", "Alarms", "Listeners", "Totals");
        assertThat(status.lines()).anyMatch(l -> l.matches("Interface: .*, port: " + amqpPort()
                + ", protocol: amqp, purpose: AMQP 0-9-1"));

        Warrenctl.Result json = run("status", "--formatter", "json");
        assertOk(json);
        JsonNode parsed = JSON.readTree(json.out());
        assertThat(parsed.path("node_name").asText()).isNotEmpty();
        assertThat(parsed.path("alarms").isArray()).isTrue();

        Warrenctl.Result cluster = run("cluster_status");
        assertOk(cluster);
        assertThat(cluster.lines().get(0)).startsWith("Cluster status of node ");
        assertThat(cluster.lines()).contains("Disk Nodes", "Running Nodes", "Network Partitions", "(none)");
    }

    @Test
    void anUnreachableNodeIsExitCode69NamingTheUrl() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        Warrenctl.Result result = Warrenctl.at(SCRIPT, dir, url).run("list_queues");

        assertThat(result.exitCode()).as("%s", result).isEqualTo(69);
        assertThat(result.err()).startsWith("Error: unable to connect to " + url + ": ")
                .doesNotContain("Exception", "\tat ");
        assertThat(result.out()).isEqualTo("Timeout: 60.0 seconds ...\nListing queues for vhost / ...\n");
    }

    @Test
    void badCredentialsAreExitCode77WhetherFromFlagsOrEnvironment() throws Exception {
        Warrenctl.Result flag = run("--password", "wrong", "list_queues");
        assertThat(flag.exitCode()).as("%s", flag).isEqualTo(77);
        assertThat(flag.err()).isEqualTo("Error: authentication failed: " + managementUrl() + " refused user 'guest' "
                + "(HTTP 401: Login failed). Check --username and --password, or WARREN_USERNAME and WARREN_PASSWORD.\n");

        Warrenctl.Result environment = warrenctl()
                .withEnvironment(Map.of("WARREN_USERNAME", prefix, "WARREN_PASSWORD", "nope")).run("list_vhosts");
        assertThat(environment.exitCode()).isEqualTo(77);
        assertThat(environment.err()).contains("refused user '" + prefix + "'");

        Warrenctl.Result right = warrenctl()
                .withEnvironment(Map.of("WARREN_USERNAME", "guest", "WARREN_PASSWORD", "guest")).run("list_vhosts");
        assertOk(right);
    }

    @Test
    void aUserWithoutTheAdministratorTagMayListButNotAddVhosts() throws Exception {
        String user = prefix + "-mon";
        try {
            assertOk(run("add_user", user, "pw"));
            assertOk(run("set_user_tags", user, "monitoring"));
            Warrenctl.Result refused = run("--username", user, "--password", "pw", "add_vhost", prefix + "-vh");
            assertThat(refused.exitCode()).as("%s", refused).isEqualTo(77);
            assertThat(refused.err()).startsWith("Error: user '" + user + "' is not allowed to do this (HTTP 40");
            assertThat(run("list_vhosts", "-q").lines()).doesNotContain(prefix + "-vh");
        } finally {
            run("delete_user", user);
            run("delete_vhost", prefix + "-vh");
        }
    }

    @Test
    void badCommandLinesAreExitCode64WithTheUsage() throws Exception {
        Warrenctl.Result missing = run("set_permissions", "bob", ".*");
        assertThat(missing.exitCode()).as("%s", missing).isEqualTo(64);
        assertThat(missing.err()).contains("Missing required parameters", "Usage: warrenctl set_permissions");

        Warrenctl.Result column = run("list_queues", "name", "nosuchcolumn");
        assertThat(column.exitCode()).isEqualTo(64);
        assertThat(column.err()).contains("Info key(s) nosuchcolumn are not supported");

        Warrenctl.Result command = run("list_queus");
        assertThat(command.exitCode()).isEqualTo(64);
        assertThat(command.err()).contains("list_queus", "list_queues");

        Warrenctl.Result help = warrenctl().withoutNode().run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("list_queues", "close_connection", "export_definitions", "await_startup");
    }

    @Test
    void awaitStartupReturnsAtOnceForARunningNode() throws Exception {
        assertOk(run("await_startup", "--timeout", "10"));
    }

    static JsonNode find(JsonNode rows, String field, String value) {
        for (JsonNode row : rows) {
            if (value.equals(row.path(field).asText())) {
                return row;
            }
        }
        throw new AssertionError("no row with " + field + " = " + value + " in " + rows);
    }

    /** The parts of an export that belong to {@code vhost} or {@code user}, in the same format. */
    static ObjectNode ours(JsonNode all, String vhost, String user) {
        ObjectNode mine = JSON.createObjectNode();
        mine.set("vhosts", filter(all.path("vhosts"), "name", vhost));
        mine.set("users", filter(all.path("users"), "name", user));
        mine.set("permissions", filter(all.path("permissions"), "vhost", vhost));
        for (String kind : new String[] {"queues", "exchanges", "bindings", "policies"}) {
            mine.set(kind, filter(all.path(kind), "vhost", vhost));
        }
        return mine;
    }

    private static ArrayNode filter(JsonNode items, String field, String value) {
        ArrayNode kept = JSON.createArrayNode();
        for (JsonNode item : items) {
            if (value.equals(item.path(field).asText())) {
                kept.add(item);
            }
        }
        return kept;
    }
}
