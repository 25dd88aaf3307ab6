package io.warren.broker.it;

import io.warren.broker.testing.RestartableBroker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.warren.broker.it.ClientSupport.bytes;
import static io.warren.broker.it.ClientSupport.channelError;
import static io.warren.broker.it.ClientSupport.drain;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.warren.broker.Broker;
import io.warren.broker.security.Permission;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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

    private RestartableBroker node;

    @BeforeEach
    void create() {
        node = new RestartableBroker(dataDir);
    }

    @AfterEach
    void stop() throws IOException {
        node.close();
    }

    @Test
    void durableExchangesQueuesAndBindingsComeBackAndTransientOnesDoNot() throws Exception {
        node.start();
        Channel ch = node.channel();
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

        node.restart();

        Channel after = node.channel();
        after.exchangeDeclarePassive("orders");
        after.exchangeDeclarePassive("audit");
        after.queueDeclarePassive("orders.eu");
        channelError(404, "NOT_FOUND - no exchange 'scratch' in vhost '/'",
                () -> node.channel().exchangeDeclarePassive("scratch"));
        for (String missing : List.of("orders.tmp", "mine")) {
            channelError(404, "NOT_FOUND - no queue '" + missing + "' in vhost '/'",
                    () -> node.channel().queueDeclarePassive(missing));
        }
        // Same properties and arguments: accepted; a different one: 406, as before the restart.
        Channel redeclare = node.channel();
        redeclare.exchangeDeclare("audit", BuiltinExchangeType.FANOUT, true, false, true, Map.of());
        redeclare.queueDeclare("orders.eu", true, false, false, Map.of("x-queue-mode", "lazy"));
        channelError(406, "PRECONDITION_FAILED - inequivalent arg 'type' for exchange 'orders' in vhost '/': "
                + "received 'direct' but current is 'topic'",
                () -> node.channel().exchangeDeclare("orders", BuiltinExchangeType.DIRECT, true));

        // The bindings route as before: topic, amq.direct, and through the exchange-to-exchange binding.
        Channel pub = node.channel();
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
        node.start();
        Channel ch = node.channel();
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

        node.restart();

        Channel after = node.channel();
        channelError(404, "NOT_FOUND - no exchange 'gone' in vhost '/'", () -> node.channel().exchangeDeclarePassive("gone"));
        channelError(404, "NOT_FOUND - no queue 'q-gone' in vhost '/'", () -> node.channel().queueDeclarePassive("q-gone"));
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
        node.start();
        var users = node.broker().services().users();
        node.broker().services().vhosts().create("shop");
        users.addUser("alice", "wonderland", Set.of("management"));
        users.setPermission("alice", "shop", new Permission("^alice\\.", ".*", ".*"));
        users.deleteUser("guest");

        node.restart();

        assertThat(users().user("guest")).isEmpty();
        assertThat(users().user("alice")).hasValueSatisfying(u -> assertThat(u.tags()).containsExactly("management"));
        try (Connection alice = node.factory("alice", "wonderland", "shop").newConnection()) {
            Channel ch = alice.createChannel();
            ch.queueDeclare("alice.inbox", true, false, false, null);
            channelError(403, "ACCESS_REFUSED - configure access to queue 'bob.inbox' in vhost 'shop' refused for user 'alice'",
                    () -> alice.createChannel().queueDeclare("bob.inbox", true, false, false, null));
        }
        assertThatThrownBy(() -> node.factory("guest", "guest", "/").newConnection())
                .as("guest was deleted before the restart").isInstanceOf(IOException.class);
        assertThatThrownBy(() -> node.factory("alice", "wrong", "shop").newConnection()).isInstanceOf(IOException.class);
    }

    private io.warren.broker.security.UserStore users() {
        return node.broker().services().users();
    }

    @Test
    void aDeletedVhostTakesItsDefinitionsWithIt() throws Exception {
        node.start();
        node.broker().services().vhosts().create("temp");
        users().setPermission("guest", "temp", Permission.all());
        try (Connection c = node.factory("guest", "guest", "temp").newConnection()) {
            Channel ch = c.createChannel();
            ch.exchangeDeclare("x", BuiltinExchangeType.FANOUT, true);
            ch.queueDeclare("q", true, false, false, null);
            ch.queueBind("q", "x", "");
        }
        node.broker().services().vhosts().delete("temp");
        users().clearPermissionsOn("temp");
        node.broker().services().definitions().synced().get();

        node.restart();

        assertThat(node.broker().services().vhosts().get("temp")).isEmpty();
        assertThat(users().permission("guest", "temp")).isEmpty();
        node.broker().services().vhosts().create("temp");
        assertThat(node.broker().services().vhosts().get("temp").orElseThrow().queue("q")).isNull();
    }

    @Test
    void aSecondNodeOnTheSameDataDirectoryIsRefused() throws Exception {
        node.start();
        assertThatThrownBy(() -> Broker.start(node.config(), List.of()))
                .hasMessageContaining("in use by another running Warren node");
        node.channel().queueDeclare("still-works", true, false, false, null);
    }

    @Test
    void aDamagedDefinitionIsSkippedAndTheRestRestored() throws Exception {
        node.start();
        Channel ch = node.channel();
        for (int i = 0; i < 5; i++) {
            ch.queueDeclare("q" + i, true, false, false, null);
        }
        node.stop();
        Path log = dataDir.resolve("metadata").resolve("metadata.log");
        byte[] data = Files.readAllBytes(log);
        int at = indexOf(data, bytes("q2"));
        data[at + 1] ^= 0x01; // "q2" becomes "q3"... with a CRC that no longer matches
        Files.write(log, data);

        node.start();

        Channel after = node.channel();
        for (String name : List.of("q0", "q1", "q3", "q4")) {
            after.queueDeclarePassive(name);
        }
        channelError(404, "NOT_FOUND - no queue 'q2' in vhost '/'", () -> node.channel().queueDeclarePassive("q2"));
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
