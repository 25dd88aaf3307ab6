package io.warren.management;

import io.warren.broker.channel.ChannelView;
import io.warren.broker.connection.ConnectionView;
import io.warren.broker.queue.MessageQueue;
import io.warren.broker.stats.BrokerStatistics;
import io.warren.broker.stats.HistoryRange;
import io.warren.broker.vhost.Exchange;
import io.warren.broker.vhost.VirtualHost;
import java.util.Map;

/**
 * {@code message_stats} from the broker's statistics sampler. Lists show the latest rates without
 * samples; the overview and the pages of one queue or exchange take history ranges, for charts. Connections get the
 * sum of their channels' figures (closed channels included), which RabbitMQ does not show but
 * operators ask for: which client is publishing all this?
 */
public final class BrokerMessageStats implements MessageStats {
    private final BrokerStatistics statistics;

    public BrokerMessageStats(BrokerStatistics statistics) {
        this.statistics = statistics;
    }

    @Override
    public Map<String, Object> overall(HistoryRange rates) {
        return statistics.overall(rates);
    }

    @Override
    public Map<String, Object> queueTotalDetails(HistoryRange lengths) {
        Map<String, Object> totals = statistics.queueTotals(lengths);
        totals.keySet().removeIf(key -> !key.endsWith("_details"));
        return totals;
    }

    @Override
    public Map<String, Object> vhost(VirtualHost vhost) {
        return orNull(statistics.vhost(vhost.name(), null));
    }

    @Override
    public Map<String, Object> exchange(Exchange exchange) {
        return exchange(exchange, null);
    }

    @Override
    public Map<String, Object> exchange(Exchange exchange, HistoryRange rates) {
        return orNull(statistics.exchange(exchange, rates));
    }

    @Override
    public Map<String, Object> queue(MessageQueue queue) {
        return queue(queue, null);
    }

    @Override
    public Map<String, Object> queue(MessageQueue queue, HistoryRange rates) {
        return orNull(statistics.queue(queue, rates));
    }

    @Override
    public Map<String, Object> queueLengthDetails(MessageQueue queue, HistoryRange lengths) {
        return statistics.queueLengthDetails(queue, lengths);
    }

    @Override
    public Map<String, Object> connection(ConnectionView connection) {
        return orNull(statistics.connection(connection.source(), null));
    }

    @Override
    public Map<String, Object> channel(ConnectionView connection, ChannelView channel) {
        return channel.stats() == null ? null : orNull(statistics.channel(channel.stats(), null));
    }

    /** RabbitMQ leaves {@code message_stats} out for an object that has seen no traffic. */
    private static Map<String, Object> orNull(Map<String, Object> stats) {
        return stats == null || stats.isEmpty() ? null : stats;
    }
}
