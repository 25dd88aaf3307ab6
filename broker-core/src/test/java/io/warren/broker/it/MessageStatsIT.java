package io.warren.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import io.warren.broker.connection.AmqpConnection;
import io.warren.broker.queue.MessageQueue;
import io.warren.broker.security.Permission;
import io.warren.broker.stats.BrokerStatistics;
import io.warren.broker.stats.ChannelStats;
import io.warren.broker.stats.HistoryRange;
import io.warren.broker.testing.BrokerExtension;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Message statistics counted by a real broker for traffic from the RabbitMQ Java client: known
 * numbers of publishes, returns, drops, confirms, deliveries, gets, acks, nacks and rejects, checked
 * field by field per queue, exchange, channel, connection, virtual host and broker, also after the
 * channels and connections that did the work have closed. The expected figures are what RabbitMQ
 * 3.10 showed for the same traffic.
 */
class MessageStatsIT {
    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    private static final String VHOST = "stats-it";
    private static final byte[] BODY = "hello".getBytes(StandardCharsets.UTF_8);

    private BrokerStatistics stats() {
        return broker.services().statistics();
    }

    private Connection connect(String name) throws Exception {
        broker.services().vhosts().create(VHOST);
        broker.services().users().setPermission("guest", VHOST, Permission.all());
        var factory = broker.factory();
        factory.setVirtualHost(VHOST);
        return broker.track(factory.newConnection(name));
    }

    private static Map<String, Long> counts(Map<String, Object> messageStats) {
        Map<String, Long> counts = new HashMap<>();
        messageStats.forEach((key, value) -> {
            if (!key.endsWith("_details")) {
                counts.put(key, ((Number) value).longValue());
            }
        });
        return counts;
    }

    private MessageQueue queue(String name) {
        return broker.services().vhosts().get(VHOST).orElseThrow().queue(name);
    }

    private io.warren.broker.vhost.Exchange exchange(String name) {
        return broker.services().vhosts().get(VHOST).orElseThrow().exchange(name);
    }

    private AmqpConnection connectionNamed(String name) {
        return broker.services().connections().all().stream()
                .filter(c -> name.equals(String.valueOf(c.clientProperties().get("connection_name"))))
                .findFirst().orElseThrow();
    }

    /** Receives deliveries into a queue the test can wait on. */
    private static final class Collector extends DefaultConsumer {
        final BlockingQueue<Envelope> deliveries = new LinkedBlockingQueue<>();

        Collector(Channel channel) {
            super(channel);
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
            deliveries.add(envelope);
        }

        Envelope next() throws InterruptedException {
            Envelope envelope = deliveries.poll(5, TimeUnit.SECONDS);
            assertThat(envelope).as("a delivery within 5 s").isNotNull();
            return envelope;
        }
    }

    @Test
    void countsEveryKindOfTrafficPerObjectAndKeepsItAfterChannelsAndConnectionsClose() throws Exception {
        stats().sample();
        Map<String, Long> overallBefore = counts(stats().overall(null));

        // ---- connection 1: a publisher channel (confirms) and a basic.get channel
        Connection publisherConnection = connect("stats-publisher");
        Channel publisher = publisherConnection.createChannel();
        publisher.exchangeDeclare("x", BuiltinExchangeType.DIRECT);
        publisher.exchangeDeclare("f", BuiltinExchangeType.FANOUT);
        for (String q : List.of("q", "a", "b", "e", "idle")) {
            publisher.queueDeclare(q, false, false, false, null);
        }
        publisher.queueBind("q", "x", "k");
        publisher.queueBind("a", "f", "");
        publisher.queueBind("b", "f", "");
        publisher.confirmSelect();
        for (int i = 0; i < 10; i++) {
            publisher.basicPublish("x", "k", null, BODY); // routed
        }
        for (int i = 0; i < 3; i++) {
            publisher.basicPublish("x", "nowhere", true, null, BODY); // returned
        }
        for (int i = 0; i < 2; i++) {
            publisher.basicPublish("x", "nowhere", null, BODY); // dropped
        }
        for (int i = 0; i < 4; i++) {
            publisher.basicPublish("", "q", null, BODY); // through the default exchange
        }
        for (int i = 0; i < 5; i++) {
            publisher.basicPublish("f", "", null, BODY); // to two queues each
        }
        publisher.waitForConfirmsOrDie(5000);

        Channel getter = publisherConnection.createChannel();
        GetResponse first = getter.basicGet("q", false);
        getter.basicAck(first.getEnvelope().getDeliveryTag(), false);
        assertThat(getter.basicGet("q", true)).isNotNull();
        GetResponse requeued = getter.basicGet("q", false);
        getter.basicNack(requeued.getEnvelope().getDeliveryTag(), false, true);
        GetResponse again = getter.basicGet("q", false);
        assertThat(again.getEnvelope().isRedeliver()).isTrue();
        getter.basicAck(again.getEnvelope().getDeliveryTag(), false);
        assertThat(getter.basicGet("e", true)).isNull();
        assertThat(getter.basicGet("e", false)).isNull();
        getter.queueDeclarePassive("q"); // a round trip through q's mailbox: the last ack is settled

        // ---- connection 2: a consumer with acknowledgements on q, and a no-ack consumer on a
        Connection consumerConnection = connect("stats-consumer");
        Channel consumer = consumerConnection.createChannel();
        consumer.basicQos(100);
        Collector collector = new Collector(consumer);
        consumer.basicConsume("q", false, collector);
        for (int i = 1; i <= 11; i++) {
            assertThat(collector.next().getDeliveryTag()).isEqualTo(i);
        }
        consumer.basicAck(8, true);
        consumer.basicReject(9, false);
        consumer.basicNack(11, true, true); // 10 and 11 come back, redelivered
        assertThat(collector.next().isRedeliver()).isTrue();
        assertThat(collector.next().isRedeliver()).isTrue();
        consumer.basicAck(13, true);
        consumer.queueDeclarePassive("q");

        Channel noAck = consumerConnection.createChannel();
        Collector noAckCollector = new Collector(noAck);
        noAck.basicConsume("a", true, noAckCollector);
        for (int i = 0; i < 5; i++) {
            noAckCollector.next();
        }
        noAck.queueDeclarePassive("a");

        stats().sample();
        AmqpConnection publishing = connectionNamed("stats-publisher");
        AmqpConnection consuming = connectionNamed("stats-consumer");
        ChannelStats publisherStats = channelStats(publishing, 1);
        ChannelStats getterStats = channelStats(publishing, 2);
        ChannelStats consumerStats = channelStats(consuming, 1);
        ChannelStats noAckStats = channelStats(consuming, 2);

        // ---- queues
        assertThat(counts(stats().queue(queue("q"), null))).isEqualTo(Map.of("publish", 14L, "deliver", 13L,
                "deliver_no_ack", 0L, "get", 3L, "get_no_ack", 1L, "get_empty", 0L, "redeliver", 3L, "ack", 12L,
                "deliver_get", 17L));
        assertThat(counts(stats().queue(queue("a"), null))).isEqualTo(Map.of("publish", 5L, "deliver", 0L,
                "deliver_no_ack", 5L, "get", 0L, "get_no_ack", 0L, "get_empty", 0L, "redeliver", 0L, "ack", 0L,
                "deliver_get", 5L));
        assertThat(stats().queue(queue("b"), null)).as("published to, never consumed from")
                .containsOnlyKeys("publish", "publish_details");
        assertThat(counts(stats().queue(queue("e"), null))).as("only empty gets").isEqualTo(Map.of("deliver", 0L,
                "deliver_no_ack", 0L, "get", 0L, "get_no_ack", 0L, "get_empty", 2L, "redeliver", 0L, "ack", 0L,
                "deliver_get", 0L));
        assertThat(stats().queue(queue("idle"), null)).as("no traffic, no message_stats").isEmpty();

        // ---- exchanges
        assertThat(counts(stats().exchange(exchange("x"), null)))
                .isEqualTo(Map.of("publish_in", 15L, "publish_out", 10L));
        assertThat(counts(stats().exchange(exchange("f"), null)))
                .isEqualTo(Map.of("publish_in", 5L, "publish_out", 10L));
        assertThat(counts(stats().exchange(exchange(""), null)))
                .isEqualTo(Map.of("publish_in", 4L, "publish_out", 4L));
        assertThat(stats().exchange(exchange("amq.topic"), null)).isEmpty();

        // ---- channels
        Map<String, Long> publisherFigures = Map.of("publish", 24L, "confirm", 24L, "return_unroutable", 3L,
                "drop_unroutable", 2L);
        Map<String, Long> getterFigures = Map.of("deliver", 0L, "deliver_no_ack", 0L, "get", 3L, "get_no_ack", 1L,
                "get_empty", 2L, "redeliver", 1L, "ack", 2L, "deliver_get", 4L);
        Map<String, Long> consumerFigures = Map.of("deliver", 13L, "deliver_no_ack", 0L, "get", 0L,
                "get_no_ack", 0L, "get_empty", 0L, "redeliver", 2L, "ack", 10L, "deliver_get", 13L);
        assertThat(counts(stats().channel(publisherStats, null))).isEqualTo(publisherFigures);
        assertThat(counts(stats().channel(getterStats, null))).isEqualTo(getterFigures);
        assertThat(counts(stats().channel(consumerStats, null))).isEqualTo(consumerFigures);
        assertThat(counts(stats().channel(noAckStats, null))).isEqualTo(Map.of("deliver", 0L,
                "deliver_no_ack", 5L, "get", 0L, "get_no_ack", 0L, "get_empty", 0L, "redeliver", 0L, "ack", 0L,
                "deliver_get", 5L));

        // ---- connections, vhost, broker
        Map<String, Long> publishingConnection = merge(publisherFigures, getterFigures);
        assertThat(counts(stats().connection(publishing, null))).isEqualTo(publishingConnection);
        Map<String, Long> consumingActual = counts(stats().connection(consuming, null));
        assertThat(consumingActual).containsAllEntriesOf(Map.of("deliver", 13L, "deliver_no_ack", 5L,
                "redeliver", 2L, "ack", 10L, "deliver_get", 18L)).doesNotContainKey("publish");
        Map<String, Long> vhostFigures = Map.ofEntries(Map.entry("publish", 24L), Map.entry("confirm", 24L),
                Map.entry("return_unroutable", 3L), Map.entry("drop_unroutable", 2L), Map.entry("deliver", 13L),
                Map.entry("deliver_no_ack", 5L), Map.entry("get", 3L), Map.entry("get_no_ack", 1L),
                Map.entry("get_empty", 2L), Map.entry("redeliver", 3L), Map.entry("ack", 12L),
                Map.entry("deliver_get", 22L));
        assertThat(counts(stats().vhost(VHOST, null))).isEqualTo(vhostFigures);
        assertThat(minus(counts(stats().overall(null)), overallBefore)).containsAllEntriesOf(vhostFigures);
        assertThat(stats().overall(null)).containsKeys("disk_reads", "disk_writes", "publish_details");

        // ---- the queue totals: q holds 0, a 0, b 5
        Map<String, Long> totals = counts(stats().vhostQueueTotals(VHOST, null));
        assertThat(totals).isEqualTo(Map.of("messages", 5L, "messages_ready", 5L, "messages_unacknowledged", 0L));

        // ---- closing channels and connections loses nothing
        consumer.close();
        publisher.close();
        stats().sample();
        assertThat(stats().channel(noAckStats, null)).as("still open").isNotEmpty();
        assertThat(stats().channel(consumerStats, null)).as("closed").isEmpty();
        assertThat(counts(stats().connection(consuming, null))).isEqualTo(consumingActual);
        assertThat(counts(stats().vhost(VHOST, null))).isEqualTo(vhostFigures);
        assertThat(counts(stats().exchange(exchange("x"), null)))
                .isEqualTo(Map.of("publish_in", 15L, "publish_out", 10L));

        publisherConnection.close();
        consumerConnection.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (broker.services().connections().all().contains(consuming) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        stats().sample();
        assertThat(counts(stats().vhost(VHOST, null))).isEqualTo(vhostFigures);
        assertThat(minus(counts(stats().overall(null)), overallBefore)).containsAllEntriesOf(vhostFigures);
        assertThat(counts(stats().exchange(exchange("f"), null)))
                .isEqualTo(Map.of("publish_in", 5L, "publish_out", 10L));
        assertThat(stats().connection(consuming, null)).as("a closed connection has no figures of its own").isEmpty();

        // ---- history, as msg_rates_age/msg_rates_incr ask for it
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> samples = (List<Map<String, Object>>) ((Map<String, Object>) stats()
                .queue(queue("q"), new HistoryRange(60, 5)).get("publish_details")).get("samples");
        assertThat(samples).hasSize(13);
        assertThat(samples.get(0).get("sample")).isEqualTo(14L);
    }

    private ChannelStats channelStats(AmqpConnection connection, int number) {
        return stats().openChannelStats().stream()
                .filter(c -> c.connection() == connection && c.number() == number)
                .findFirst().orElseThrow();
    }

    private static Map<String, Long> merge(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> merged = new HashMap<>(a);
        b.forEach((key, value) -> merged.merge(key, value, Long::sum));
        return merged;
    }

    private static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> delta = new HashMap<>();
        after.forEach((key, value) -> delta.put(key, value - before.getOrDefault(key, 0L)));
        return delta;
    }
}
