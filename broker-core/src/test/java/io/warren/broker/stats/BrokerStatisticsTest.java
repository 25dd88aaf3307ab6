package io.warren.broker.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.warren.broker.connection.ConnectionRegistry;
import io.warren.broker.flow.MessageMemory;
import io.warren.broker.queue.MessageQueue;
import io.warren.broker.queue.QueueResources;
import io.warren.broker.queue.QueueSettings;
import io.warren.broker.vhost.DefinitionChanges;
import io.warren.broker.vhost.Exchange;
import io.warren.broker.vhost.VirtualHost;
import io.warren.broker.vhost.VirtualHostRegistry;
import io.warren.routing.ExchangeTypeRegistry;
import java.util.Map;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sampler's sums, retirement of closed channels and rates, on a clock the test moves. */
class BrokerStatisticsTest {
    private final Object connection = new Object();
    private long now = 100_000;
    private VirtualHostRegistry vhosts;
    private VirtualHost vhost;
    private BrokerStatistics stats;

    @BeforeEach
    void setUp() {
        Executor direct = Runnable::run;
        vhosts = new VirtualHostRegistry(ExchangeTypeRegistry.load(), () -> direct,
                new QueueResources(new MessageMemory(), null, 16384), DefinitionChanges.NONE);
        vhost = vhosts.create("/");
        stats = new BrokerStatistics(vhosts, new ConnectionRegistry(), 5000, () -> now);
    }

    private void sampleAfter(long millis) {
        now += millis;
        stats.sample();
    }

    private static long count(Map<String, Object> messageStats, String key) {
        return ((Number) messageStats.get(key)).longValue();
    }

    @SuppressWarnings("unchecked")
    private static double rate(Map<String, Object> messageStats, String key) {
        return (double) ((Map<String, Object>) messageStats.get(key + "_details")).get("rate");
    }

    @Test
    void channelsAddUpPerExchangeVhostAndBrokerAndClosedOnesAreKept() {
        Exchange direct = vhost.exchange("amq.direct");
        Exchange fanout = vhost.exchange("amq.fanout");
        ChannelStats one = stats.channelOpened(connection, "/", 1);
        ChannelStats two = stats.channelOpened(connection, "/", 2);
        for (int i = 0; i < 3; i++) {
            one.counters().increment(Metric.PUBLISH);
            one.published(direct, 1);
        }
        one.counters().increment(Metric.PUBLISH);
        one.published(fanout, 4);
        two.counters().increment(Metric.PUBLISH);
        two.published(direct, 0);
        two.counters().increment(Metric.DROP_UNROUTABLE);
        two.counters().add(Metric.DELIVER, 7);
        sampleAfter(5000);

        assertThat(count(stats.exchange(direct, null), "publish_in")).isEqualTo(4);
        assertThat(count(stats.exchange(direct, null), "publish_out")).isEqualTo(3);
        assertThat(count(stats.exchange(fanout, null), "publish_out")).isEqualTo(4);
        assertThat(count(stats.vhost("/", null), "publish")).isEqualTo(5);
        assertThat(count(stats.vhost("/", null), "deliver")).isEqualTo(7);
        assertThat(count(stats.connection(connection, null), "drop_unroutable")).isEqualTo(1);
        assertThat(count(stats.channel(one, null), "publish")).isEqualTo(4);
        assertThat(stats.channel(one, null)).as("it never consumed").doesNotContainKey("deliver");
        assertThat(count(stats.overall(null), "publish")).isEqualTo(5);
        assertThat(stats.openChannels()).isEqualTo(2);

        stats.channelClosed(one);
        stats.channelClosed(one); // twice: counted once
        sampleAfter(5000);

        assertThat(stats.openChannels()).isEqualTo(1);
        assertThat(stats.channel(one, null)).isEmpty();
        assertThat(count(stats.exchange(direct, null), "publish_in")).isEqualTo(4);
        assertThat(count(stats.exchange(fanout, null), "publish_out")).isEqualTo(4);
        assertThat(count(stats.vhost("/", null), "publish")).isEqualTo(5);
        assertThat(count(stats.overall(null), "publish")).isEqualTo(5);
        assertThat(rate(stats.overall(null), "publish")).as("nothing new in the last interval").isZero();
    }

    @Test
    void ratesArePerSecondBetweenSamples() {
        ChannelStats channel = stats.channelOpened(connection, "/", 1);
        stats.sample();
        channel.counters().add(Metric.PUBLISH, 50);
        channel.counters().add(Metric.ACK, 20);
        sampleAfter(5000);

        assertThat(rate(stats.vhost("/", null), "publish")).isEqualTo(10.0);
        assertThat(rate(stats.overall(null), "ack")).isEqualTo(4.0);
        assertThat(rate(stats.channel(channel, null), "publish")).isEqualTo(10.0);

        channel.counters().add(Metric.PUBLISH, 10);
        sampleAfter(10_000);
        assertThat(rate(stats.vhost("/", null), "publish")).isEqualTo(1.0);
    }

    @Test
    void queuesWithoutTrafficCostNoSeries() {
        for (int i = 0; i < 10_000; i++) {
            vhost.declareQueue("idle-" + i, false, new QueueSettings(false, false, null, Map.of()), null);
        }
        sampleAfter(5000);
        sampleAfter(5000);

        MessageQueue idle = vhost.queue("idle-42");
        assertThat(idle.counters()).isNull();
        assertThat(stats.queueSeries(idle)).isNull();
        assertThat(stats.queuesWithHistory()).isZero();
        assertThat(stats.queue(idle, null)).isEmpty();
        assertThat(stats.queueLengthDetails(idle, null))
                .containsOnlyKeys("messages_details", "messages_ready_details", "messages_unacknowledged_details");
        assertThat(count(stats.queueTotals(null), "messages")).isZero();
    }

    @Test
    void aDeletedExchangeLosesItsFigures() {
        Exchange exchange = vhost.declareExchange("gone", "direct", false, false, false, false, Map.of());
        ChannelStats channel = stats.channelOpened(connection, "/", 1);
        channel.published(exchange, 0);
        sampleAfter(5000);
        assertThat(count(stats.exchange(exchange, null), "publish_in")).isEqualTo(1);

        vhost.deleteExchange("gone", false);
        stats.channelClosed(channel);
        sampleAfter(5000);

        assertThat(stats.exchange(exchange, null)).isEmpty();
    }

    @Test
    void theBrokerAlwaysShowsEveryField() {
        sampleAfter(5000);

        assertThat(stats.overall(null)).containsKeys("ack", "confirm", "deliver", "deliver_get", "deliver_no_ack",
                "disk_reads", "disk_writes", "drop_unroutable", "get", "get_empty", "get_no_ack", "publish",
                "redeliver", "return_unroutable").hasSize(28);
        assertThat(stats.vhost("/", null)).as("no traffic in the vhost yet").isEmpty();
    }
}
