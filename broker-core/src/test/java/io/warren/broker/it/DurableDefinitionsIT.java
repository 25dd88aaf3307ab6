package io.warren.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.warren.broker.it.ClientSupport.bytes;
import static io.warren.broker.it.ClientSupport.channelError;
import static io.warren.broker.it.ClientSupport.drain;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.warren.broker.Broker;
import io.warren.broker.config.BrokerConfig;
import io.warren.broker.config.CoreSettings;
import io.warren.broker.config.Listener;
import io.warren.broker.security.Permission;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Definitions across restarts of an in-process broker on one data directory: what RabbitMQ keeps
 * (durable vhosts, users, permissions, exchanges, queues, bindings between durable ends) comes back
 * exactly, and nothing else does.
 */
class DurableDefinitionsIT {
    @TempDir
    Path dataDir;

    private Broker broker;
    private Connection connection;

    @AfterEach
    void stop() throws IOException {
        closeConnection();
        if (broker != null) {
            broker.close();
        }
    }

    private void start() throws Exception {
        broker = Broker.start(BrokerConfig.defaults()
                .with(CoreSettings.AMQP_LISTENER, new Listener("127.0.0.1", 0))
                .with(CoreSettings.DATA_DIR, dataDir), List.of());
    }

    private void restart() throws Exception {
        closeConnection();
        broker.close();
        broker = null;
        start();
    }

    private void closeConnection() throws IOException {
        if (connection != null && connection.isOpen()) {
            connection.close(2000);
        }
        connection = null;
    }

    private ConnectionFactory factory(String user, String password, String vhost) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(broker.amqpPort());
        factory.setUsername(user);
        factory.setPassword(password);
        factory.setVirtualHost(vhost);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setChannelRpcTimeout(5000);
        return factory;
    }

    private Channel channel() throws IOException, TimeoutException {
        if (connection == null || !connection.isOpen()) {
            connection = factory("guest", "guest", "/").newConnection();
        }
        return connection.createChannel();
    }

    @Test
    void durableExchangesQueuesAndBindingsComeBackAndTransientOnesDoNot() throws Exception {
        start();
        Channel ch = channel();
        ch.exchangeDeclare("orders", BuiltinExchangeType.TOPIC, true);
        ch.exchangeDeclare("audit", BuiltinExchangeType.FANOUT, true, false, true, Map.of());
        ch.exchangeDeclare("scratch", BuiltinExchangeType.DIRECT, false);
        ch.queueDeclare("orders.eu", true, false, false, Map.of("x-queue-mode", "lazy"));
        ch.queueDeclare("orders.tmp", false, false, false, null);
        ch.queueDeclare("mine", true, true, false, null); // exclusive: never durable
        ch.queueBind("orders.eu", "orders", "eu.#");
        ch.queueBind("orders.eu", "amq.direct", "eu");
        ch.queueBind("orders.tmp", "orders", "tmp.#"); // a transient end: the binding is transient
        ch.queueBind("orders.eu", "scratch", "x"); // likewise
        ch.exchangeBind("audit", "orders", "#", Map.of("x-origin", "test"));

        restart();

        Channel after = channel();
        after.exchangeDeclarePassive("orders");
        after.exchangeDeclarePassive("audit");
        after.queueDeclarePassive("orders.eu");
        channelError(404, "NOT_FOUND - no exchange 'scratch' in vhost '/'",
                () -> channel().exchangeDeclarePassive("scratch"));
        for (String missing : List.of("orders.tmp", "mine")) {
            channelError(404, "NOT_FOUND - no queue '" + missing + "' in vhost '/'",
                    () -> channel().queueDeclarePassive(missing));
        }
        // Same properties and arguments: accepted; a different one: 406, as before the restart.
        Channel redeclare = channel();
        redeclare.exchangeDeclare("audit", BuiltinExchangeType.FANOUT, true, false, true, Map.of());
        redeclare.queueDeclare("orders.eu", true, false, false, Map.of("x-queue-mode", "lazy"));
        channelError(406, "PRECONDITION_FAILED - inequivalent arg 'type' for exchange 'orders' in vhost '/': "
                + "received 'direct' but current is 'topic'",
                () -> channel().exchangeDeclare("orders", BuiltinExchangeType.DIRECT, true));

        // The bindings route as before: topic, amq.direct, and through the exchange-to-exchange binding.
        Channel pub = channel();
        pub.queueDeclare("audit.log", true, false, false, null);
        pub.queueBind("audit.log", "audit", "");
        pub.basicPublish("orders", "eu.de.new", null, bytes("topic"));
        pub.basicPublish("amq.direct", "eu", null, bytes("direct"));
        pub.basicPublish("orders", "tmp.x", null, bytes("unrouted"));
        assertThat(drain(pub, "orders.eu")).containsExactly("topic", "direct");
        assertThat(drain(pub, "audit.log")).containsExactly("topic", "unrouted");
    }

    @Test
    void deletionsAndUnbindingsAreRememberedToo() throws Exception {
        start();
        Channel ch = channel();
        ch.exchangeDeclare("gone", BuiltinExchangeType.DIRECT, true);
        ch.exchangeDeclare("kept", BuiltinExchangeType.DIRECT, true);
        ch.queueDeclare("q-gone", true, false, false, null);
        ch.queueDeclare("q-kept", true, false, false, null);
        ch.queueBind("q-kept", "kept", "a");
        ch.queueBind("q-kept", "kept", "b");
        ch.queueBind("q-gone", "kept", "c");
        ch.queueBind("q-kept", "gone", "d");
        ch.queueUnbind("q-kept", "kept", "b");
        ch.exchangeDelete("gone");
        ch.queueDelete("q-gone");

        restart();

        Channel after = channel();
        channelError(404, "NOT_FOUND - no exchange 'gone' in vhost '/'", () -> channel().exchangeDeclarePassive("gone"));
        channelError(404, "NOT_FOUND - no queue 'q-gone' in vhost '/'", () -> channel().queueDeclarePassive("q-gone"));
        // Re-created with the old names, they carry none of the old bindings.
        after.exchangeDeclare("gone", BuiltinExchangeType.DIRECT, true);
        after.queueDeclare("q-gone", true, false, false, null);
        for (String key : List.of("a", "b", "c")) {
            after.basicPublish("kept", key, null, bytes(key));
        }
        after.basicPublish("gone", "d", null, bytes("d"));
        assertThat(drain(after, "q-kept")).containsExactly("a");
        assertThat(after.basicGet("q-gone", true)).isNull();
    }

    @Test
    void usersPermissionsAndVhostsSurviveAndTheDefaultUserIsNotRecreated() throws Exception {
        start();
        var users = broker.services().users();
        broker.services().vhosts().create("shop");
        users.addUser("alice", "wonderland", Set.of("management"));
        users.setPermission("alice", "shop", new Permission("^alice\\.", ".*", ".*"));
        users.deleteUser("guest");

        restart();

        assertThat(users().user("guest")).isEmpty();
        assertThat(users().user("alice")).hasValueSatisfying(u -> assertThat(u.tags()).containsExactly("management"));
        try (Connection alice = factory("alice", "wonderland", "shop").newConnection()) {
            Channel ch = alice.createChannel();
            ch.queueDeclare("alice.inbox", true, false, false, null);
            channelError(403, "ACCESS_REFUSED - configure access to queue 'bob.inbox' in vhost 'shop' refused for user 'alice'",
                    () -> alice.createChannel().queueDeclare("bob.inbox", true, false, false, null));
        }
        assertThatThrownBy(() -> factory("guest", "guest", "/").newConnection())
                .as("guest was deleted before the restart").isInstanceOf(IOException.class);
        assertThatThrownBy(() -> factory("alice", "wrong", "shop").newConnection()).isInstanceOf(IOException.class);
    }

    private io.warren.broker.security.UserStore users() {
        return broker.services().users();
    }

    @Test
    void aDeletedVhostTakesItsDefinitionsWithIt() throws Exception {
        start();
        broker.services().vhosts().create("temp");
        users().setPermission("guest", "temp", Permission.all());
        try (Connection c = factory("guest", "guest", "temp").newConnection()) {
            Channel ch = c.createChannel();
            ch.exchangeDeclare("x", BuiltinExchangeType.FANOUT, true);
            ch.queueDeclare("q", true, false, false, null);
            ch.queueBind("q", "x", "");
        }
        broker.services().vhosts().delete("temp");
        users().clearPermissionsOn("temp");
        broker.services().definitions().synced().get();

        restart();

        assertThat(broker.services().vhosts().get("temp")).isEmpty();
        assertThat(users().permission("guest", "temp")).isEmpty();
        broker.services().vhosts().create("temp");
        assertThat(broker.services().vhosts().get("temp").orElseThrow().queue("q")).isNull();
    }

    @Test
    void aSecondNodeOnTheSameDataDirectoryIsRefused() throws Exception {
        start();
        assertThatThrownBy(() -> Broker.start(BrokerConfig.defaults()
                .with(CoreSettings.AMQP_LISTENER, new Listener("127.0.0.1", 0))
                .with(CoreSettings.DATA_DIR, dataDir), List.of()))
                .hasMessageContaining("in use by another running Warren node");
        channel().queueDeclare("still-works", true, false, false, null);
    }

    @Test
    void aDamagedDefinitionIsSkippedAndTheRestRestored() throws Exception {
        start();
        Channel ch = channel();
        for (int i = 0; i < 5; i++) {
            ch.queueDeclare("q" + i, true, false, false, null);
        }
        closeConnection();
        broker.close();
        broker = null;
        Path log = dataDir.resolve("metadata").resolve("metadata.log");
        byte[] data = Files.readAllBytes(log);
        int at = indexOf(data, bytes("q2"));
        data[at + 1] ^= 0x01; // "q2" becomes "q3"... with a CRC that no longer matches
        Files.write(log, data);

        start();

        Channel after = channel();
        for (String name : List.of("q0", "q1", "q3", "q4")) {
            after.queueDeclarePassive(name);
        }
        channelError(404, "NOT_FOUND - no queue 'q2' in vhost '/'", () -> channel().queueDeclarePassive("q2"));
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
