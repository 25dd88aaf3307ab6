package io.warren.broker.channel;

import io.warren.broker.queue.QueueConsumer;
import io.warren.broker.stats.ChannelStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of one channel for management: what RabbitMQ's {@code /api/channels} and
 * {@code /api/consumers} show. Taken on the connection's thread ({@link
 * io.warren.broker.connection.AmqpConnection#channelViews()}), since channel state belongs to it.
 *
 * @param prefetchCount the per-consumer prefetch given to new consumers ({@code basic.qos}, global=false)
 * @param globalPrefetchCount the channel's shared prefetch ({@code basic.qos}, global=true); 0 for none
 * @param unacknowledged deliveries not yet acknowledged
 * @param stats the channel's message counters, for its {@code message_stats}
 */
public record ChannelView(int number, int prefetchCount, int globalPrefetchCount, boolean confirm,
                          boolean transactional, int unacknowledged, List<ConsumerView> consumers,
                          ChannelStats stats) {
    /** One consumer of the channel. */
    public record ConsumerView(String tag, String vhost, String queue, boolean ackRequired, boolean exclusive,
                               int prefetchCount, Map<String, Object> arguments) {
    }

    /** Must run on the channel's connection thread. */
    static ChannelView of(AmqpChannel channel) {
        List<ConsumerView> consumers = new ArrayList<>(channel.consumers.size());
        for (ConsumerRecord record : channel.consumers.values()) {
            QueueConsumer c = record.consumer();
            consumers.add(new ConsumerView(c.tag(), record.queue().vhost(), record.queue().name(), !c.isNoAck(),
                    c.isExclusive(), c.prefetch(), c.arguments()));
        }
        return new ChannelView(channel.number(), channel.consumerPrefetch(), channel.sharedPrefetch.limit(),
                channel.publisher().confirmsEnabled(), channel.transaction() != null, channel.unacked.size(),
                List.copyOf(consumers), channel.stats());
    }
}
