package io.warren.broker.it;

import io.warren.broker.testing.RestartableBroker;
import static io.warren.broker.it.ClientSupport.bytes;
import static io.warren.broker.it.ClientSupport.eventually;
import static io.warren.broker.it.ClientSupport.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.CancelCallback;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import io.warren.broker.config.BrokerConfig;
import io.warren.broker.config.CoreSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Persistent messages across restarts of an in-process broker on one data directory, and queues
 * deeper than they may keep in memory: what RabbitMQ promises (confirmed persistent messages in
 * durable queues come back in order; delivered-but-unacked ones come back redelivered; acked,
 * purged, deleted and transient ones do not) driven through amqp-client.
 */
class DurableMessagesIT {
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

    private static void publishPersistent(Channel ch, String exchange, String key, String body) throws IOException {
        ch.basicPublish(exchange, key, MessageProperties.PERSISTENT_TEXT_PLAIN, bytes(body));
    }

    /** Every message in {@code queue}, fetched with basic.get and acked; "!" marks a redelivered one. */
    private static List<String> getAll(Channel ch, String queue) throws IOException {
        List<String> bodies = new ArrayList<>();
        GetResponse response;
        while ((response = ch.basicGet(queue, false)) != null) {
            bodies.add(text(response.getBody()) + (response.getEnvelope().isRedeliver() ? "!" : ""));
            ch.basicAck(response.getEnvelope().getDeliveryTag(), false);
        }
        return bodies;
    }

    private static List<String> numbered(String prefix, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    private long storeBytes() throws IOException {
        try (Stream<Path> files = Files.list(dataDir.resolve("messages"))) {
            return files.filter(p -> p.toString().endsWith(".seg")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void confirmedPersistentMessagesInADurableQueueComeBackInOrderAndNothingElseDoes() throws Exception {
        node.start();
        Channel ch = node.channel();
        ch.queueDeclare("orders", true, false, false, null);
        ch.queueDeclare("scratch", false, false, false, null);
        ch.confirmSelect();
        for (int i = 1; i <= 300; i++) {
            publishPersistent(ch, "", "orders", "p" + i);
            ch.basicPublish("", "orders", MessageProperties.TEXT_PLAIN, bytes("transient" + i));
            publishPersistent(ch, "", "scratch", "s" + i);
        }
        ch.waitForConfirmsOrDie(10_000);
        node.restart();
        ch = node.channel();
        assertThat(ch.queueDeclarePassive("orders").getMessageCount()).isEqualTo(300);
        assertThat(getAll(ch, "orders")).isEqualTo(numbered("p", 1, 300));
        assertThat(ClientSupport.queueExists(node.connection(), "scratch")).as("non-durable queue").isFalse();
    }

    @Test
    void deliveredButUnackedMessagesComeBackRedeliveredAndAckedOnesDoNot() throws Exception {
        node.start();
        Channel ch = node.channel();
        ch.queueDeclare("work", true, false, false, null);
        ch.confirmSelect();
        for (int i = 1; i <= 10; i++) {
            publishPersistent(ch, "", "work", "m" + i);
        }
        ch.waitForConfirmsOrDie(5000);
        Channel consumer = node.channel();
        for (int i = 1; i <= 6; i++) {
            GetResponse response = consumer.basicGet("work", false);
            assertThat(text(response.getBody())).isEqualTo("m" + i);
            if (i <= 3) {
                consumer.basicAck(response.getEnvelope().getDeliveryTag(), false);
            }
        }
        consumer.basicQos(1); // a round trip: the acks above have reached the broker
        node.restart();
        List<String> expected = new ArrayList<>(List.of("m4!", "m5!", "m6!"));
        expected.addAll(numbered("m", 7, 10));
        assertThat(getAll(node.channel(), "work")).isEqualTo(expected);
    }

    @Test
    void aMessageForThreeDurableQueuesIsStoredOnceAndComesBackInEach() throws Exception {
        node.start();
        Channel ch = node.channel();
        ch.exchangeDeclare("fan", BuiltinExchangeType.FANOUT, true);
        for (String q : List.of("a", "b", "c")) {
            ch.queueDeclare(q, true, false, false, null);
            ch.queueBind(q, "fan", "");
        }
        ch.confirmSelect();
        byte[] big = new byte[1 << 20];
        big[12345] = 42;
        ch.basicPublish("fan", "", MessageProperties.PERSISTENT_BASIC, big);
        ch.waitForConfirmsOrDie(5000);
        assertThat(storeBytes()).as("one copy on disk").isBetween(1L << 20, (1L << 20) + 4096);
        node.restart();
        ch = node.channel();
        for (String q : List.of("a", "b", "c")) {
            GetResponse response = ch.basicGet(q, true);
            assertThat(response.getBody()).as(q).isEqualTo(big);
        }
    }

    @Test
    void deletedAndPurgedMessagesStayGoneAndAQueueDeclaredAgainStartsEmpty() throws Exception {
        node.start();
        Channel ch = node.channel();
        ch.queueDeclare("recreated", true, false, false, null);
        ch.queueDeclare("purged", true, false, false, null);
        ch.confirmSelect();
        for (int i = 0; i < 50; i++) {
            publishPersistent(ch, "", "recreated", "old" + i);
            publishPersistent(ch, "", "purged", "old" + i);
        }
        ch.waitForConfirmsOrDie(5000);
        ch.queueDelete("recreated");
        assertThat(ch.queuePurge("purged").getMessageCount()).isEqualTo(50);
        ch.queueDeclare("recreated", true, false, false, null);
        publishPersistent(ch, "", "recreated", "new");
        publishPersistent(ch, "", "purged", "after purge");
        ch.waitForConfirmsOrDie(5000);
        node.restart();
        ch = node.channel();
        assertThat(getAll(ch, "recreated")).containsExactly("new");
        assertThat(getAll(ch, "purged")).containsExactly("after purge");
    }

    @Test
    void transactionsCommitPersistentMessagesToDisk() throws Exception {
        node.start();
        Channel ch = node.channel();
        ch.queueDeclare("tx", true, false, false, null);
        ch.txSelect();
        publishPersistent(ch, "", "tx", "committed");
        ch.txCommit();
        publishPersistent(ch, "", "tx", "rolled back");
        ch.txRollback();
        node.restart();
        assertThat(getAll(node.channel(), "tx")).containsExactly("committed");
    }

    @Test
    void aQueueDeeperThanItsMemoryLimitPagesToDiskAndDeliversEverythingInOrder() throws Exception {
        node.start(BrokerConfig.defaults().with(CoreSettings.QUEUE_MESSAGES_IN_MEMORY, 100));
        Channel ch = node.channel();
        ch.queueDeclare("deep", false, false, false, null);
        ch.queueDeclare("deep-durable", true, false, false, null);
        ch.confirmSelect();
        for (int i = 0; i < 5000; i++) {
            ch.basicPublish("", "deep", null, bytes("t" + i));
            publishPersistent(ch, "", "deep-durable", "d" + i);
        }
        ch.waitForConfirmsOrDie(10_000);
        eventually("paged out", () -> storeBytes() > 5000 * 10);
        assertThat(ch.queueDeclarePassive("deep").getMessageCount()).isEqualTo(5000);

        // A consumer with acks, requeueing some: order and redelivery flags hold across the paged part.
        Channel consumer = node.channel();
        consumer.basicQos(50);
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        consumer.basicConsume("deep", false, (tag, delivery) -> {
            long deliveryTag = delivery.getEnvelope().getDeliveryTag();
            String body = text(delivery.getBody());
            received.add(body + (delivery.getEnvelope().isRedeliver() ? "!" : ""));
            if (body.equals("t10") && !delivery.getEnvelope().isRedeliver()) {
                consumer.basicReject(deliveryTag, true);
            } else {
                consumer.basicAck(deliveryTag, false);
            }
        }, (CancelCallback) tag -> { });
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 5001; i++) {
            String body = received.poll(10, TimeUnit.SECONDS);
            assertThat(body).as("message %d", i).isNotNull();
            bodies.add(body);
        }
        assertThat(bodies).contains("t10", "t10!");
        bodies.removeIf(b -> b.equals("t10") || b.equals("t10!"));
        List<String> expected = numbered("t", 0, 4999);
        expected.remove("t10");
        assertThat(bodies).isEqualTo(expected);

        node.restart();
        ch = node.channel();
        assertThat(ClientSupport.queueExists(node.connection(), "deep")).isFalse();
        assertThat(getAll(ch, "deep-durable")).isEqualTo(numbered("d", 0, 4999));
    }

    @Test
    void diskUseReturnsToNearlyNothingOnceQueuesDrain() throws Exception {
        node.start(BrokerConfig.defaults().with(CoreSettings.MESSAGE_STORE_SEGMENT_SIZE, 64L * 1024));
        Channel ch = node.channel();
        ch.queueDeclare("drained", true, false, false, null);
        ch.confirmSelect();
        byte[] kilobyte = new byte[1024];
        for (int i = 0; i < 3000; i++) {
            ch.basicPublish("", "drained", MessageProperties.PERSISTENT_BASIC, kilobyte);
        }
        ch.waitForConfirmsOrDie(10_000);
        assertThat(storeBytes()).isGreaterThan(3000L * 1024);
        Channel consumer = node.channel();
        consumer.basicQos(100);
        consumer.basicConsume("drained", false, (tag, delivery) ->
                consumer.basicAck(delivery.getEnvelope().getDeliveryTag(), true), (CancelCallback) tag -> { });
        eventually("queue drained", () -> ch.queueDeclarePassive("drained").getMessageCount() == 0
                && ch.queueDeclarePassive("drained").getConsumerCount() == 1);
        long deadline = System.currentTimeMillis() + 10_000;
        while (storeBytes() > 3 * 64 * 1024 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(storeBytes()).isLessThanOrEqualTo(3 * 64 * 1024);
        node.restart();
        assertThat(node.channel().queueDeclarePassive("drained").getMessageCount()).isZero();
    }

    @Test
    void aRecoveredBacklogIsReportedByDeclareAndConsumedWithBasicConsume() throws Exception {
        node.start();
        Channel ch = node.channel();
        ch.queueDeclare("backlog", true, false, false, null);
        ch.confirmSelect();
        for (int i = 0; i < 2000; i++) {
            publishPersistent(ch, "", "backlog", "b" + i);
        }
        ch.waitForConfirmsOrDie(10_000);
        node.restart();
        ch = node.channel();
        AMQP.Queue.DeclareOk ok = ch.queueDeclare("backlog", true, false, false, null);
        assertThat(ok.getMessageCount()).isEqualTo(2000);
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        ch.basicConsume("backlog", true, (tag, delivery) -> received.add(text(delivery.getBody())),
                (CancelCallback) tag -> { });
        for (int i = 0; i < 2000; i++) {
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("b" + i);
        }
        node.restart();
        assertThat(node.channel().queueDeclarePassive("backlog").getMessageCount()).as("no-ack deliveries are settled").isZero();
    }
}
