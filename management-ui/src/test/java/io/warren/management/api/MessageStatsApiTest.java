package io.warren.management.api;

import static io.warren.management.api.ApiBroker.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.warren.broker.queue.MessageQueue;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The broker's message counters as the API shows them: {@code message_stats} per object, history on the overview. */
class MessageStatsApiTest {
    @RegisterExtension
    static final ApiBroker broker = new ApiBroker();

    @Test
    void messagesPublishedAndFetchedShowInEveryObjectsMessageStats() throws Exception {
        // The broker is shared with the other test: broker-wide figures are compared with where they started.
        broker.services().statistics().sample();
        long vhostBefore = publishes(json(broker.get("/api/vhosts/%2F")));
        long overallBefore = publishes(json(broker.get("/api/overview")));
        try (Connection connection = broker.connect("stats-client")) {
            Channel channel = connection.createChannel();
            channel.exchangeDeclare("stats.x", "fanout");
            channel.queueDeclare("stats.q", false, false, false, null);
            channel.queueBind("stats.q", "stats.x", "");
            channel.confirmSelect();
            for (int i = 0; i < 7; i++) {
                channel.basicPublish("stats.x", "", null, ("m" + i).getBytes(StandardCharsets.UTF_8));
            }
            assertThat(channel.waitForConfirms(5000)).isTrue();
            for (int i = 0; i < 3; i++) {
                channel.basicAck(channel.basicGet("stats.q", false).getEnvelope().getDeliveryTag(), false);
            }
            channel.queueDeclarePassive("stats.q"); // answered after the queue has taken the acks
            broker.services().statistics().sample();

            JsonNode queue = json(broker.get("/api/queues/%2F/stats.q")).get("message_stats");
            assertThat(queue.get("publish").asLong()).isEqualTo(7);
            assertThat(queue.get("get").asLong()).isEqualTo(3);
            assertThat(queue.get("ack").asLong()).isEqualTo(3);
            assertThat(queue.get("publish_details").has("rate")).isTrue();

            JsonNode exchange = json(broker.get("/api/exchanges/%2F/stats.x")).get("message_stats");
            assertThat(exchange.get("publish_in").asLong()).isEqualTo(7);
            assertThat(exchange.get("publish_out").asLong()).isEqualTo(7);
            assertThat(json(broker.get("/api/exchanges/%2F/stats.x?msg_rates_age=30&msg_rates_incr=10"))
                    .get("message_stats").get("publish_in_details").get("samples").size()).isEqualTo(4);

            JsonNode channels = json(broker.get("/api/channels"));
            assertThat(channels.size()).isEqualTo(1);
            JsonNode channelStats = channels.get(0).get("message_stats");
            assertThat(channelStats.get("publish").asLong()).isEqualTo(7);
            assertThat(channelStats.get("confirm").asLong()).isEqualTo(7);

            JsonNode connections = json(broker.get("/api/connections"));
            assertThat(connections.size()).isEqualTo(1);
            assertThat(connections.get(0).get("message_stats").get("publish").asLong()).isEqualTo(7);
            assertThat(publishes(json(broker.get("/api/vhosts/%2F")))).isEqualTo(vhostBefore + 7);
            assertThat(publishes(json(broker.get("/api/overview")))).isEqualTo(overallBefore + 7);
        }
    }

    private static long publishes(JsonNode object) {
        JsonNode stats = object.get("message_stats");
        return stats == null || !stats.has("publish") ? 0 : stats.get("publish").asLong();
    }

    @Test
    void theOverviewGivesSamplesForChartsWhenAskedForAHistoryRange() throws Exception {
        try (Connection connection = broker.connect("stats-history")) {
            Channel channel = connection.createChannel();
            channel.queueDeclare("stats.h", false, false, false, null);
            channel.basicPublish("", "stats.h", null, new byte[1]);
            channel.queueDeclarePassive("stats.h"); // the publish has been taken once this answers
            // The depth the sampler reads is published at the end of the queue's batch, a moment later.
            MessageQueue queue = broker.services().vhosts().get("/").orElseThrow().queue("stats.h");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (queue.messageCount() != 1 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            broker.services().statistics().sample();
        }
        JsonNode overview = json(broker.get("/api/overview?msg_rates_age=60&msg_rates_incr=5"
                + "&lengths_age=60&lengths_incr=5"));
        JsonNode publishSamples = overview.get("message_stats").get("publish_details").get("samples");
        assertThat(publishSamples.size()).isPositive();
        assertThat(publishSamples.get(0).get("sample").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(publishSamples.get(0).has("timestamp")).isTrue();
        JsonNode depth = overview.get("queue_totals").get("messages_details");
        assertThat(depth.get("samples").size()).isPositive();
        assertThat(overview.get("queue_totals").get("messages").asLong()).isGreaterThanOrEqualTo(1);

        JsonNode queue = json(broker.get("/api/queues/%2F/stats.h?msg_rates_age=60&msg_rates_incr=5"
                + "&lengths_age=60&lengths_incr=5"));
        assertThat(queue.get("message_stats").get("publish_details").get("samples").size()).isPositive();
        assertThat(queue.get("messages_details").get("samples").get(0).get("sample").asLong()).isEqualTo(1);
        assertThat(broker.get("/api/queues/%2F/stats.h?lengths_age=1&lengths_incr=x").statusCode()).isEqualTo(400);

        assertThat(json(broker.get("/api/overview")).get("message_stats").get("publish_details").has("samples"))
                .as("no samples unless asked").isFalse();
        assertThat(broker.get("/api/overview?msg_rates_age=x&msg_rates_incr=5").statusCode()).isEqualTo(400);
    }
}
