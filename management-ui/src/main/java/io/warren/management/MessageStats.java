package io.warren.management;

import io.warren.broker.connection.ConnectionView;
import io.warren.broker.channel.ChannelView;
import io.warren.broker.queue.MessageQueue;
import io.warren.broker.stats.HistoryRange;
import io.warren.broker.vhost.Exchange;
import io.warren.broker.vhost.VirtualHost;
import java.util.Map;

/**
 * Where the API's JSON gets each object's {@code message_stats} (RabbitMQ's rate counters:
 * {@code publish}, {@code publish_details.rate}, ...). Every object the API shows asks here, in one
 * place ({@link io.warren.management.api.Rows}); an answer of null leaves the field out, as RabbitMQ
 * leaves it out for objects that have seen no traffic. {@link #NONE} answers nothing (tests of
 * the API's other fields); {@link BrokerMessageStats} answers from the broker's statistics.
 */
public interface MessageStats {
    MessageStats NONE = new MessageStats() {
    };

    /**
     * For {@code /api/overview}.
     *
     * @param rates the {@code msg_rates_age}/{@code msg_rates_incr} asked for (samples for charts), or null
     */
    default Map<String, Object> overall(HistoryRange rates) {
        return null;
    }

    /**
     * The {@code messages_details}, {@code messages_ready_details} and
     * {@code messages_unacknowledged_details} of {@code /api/overview}'s {@code queue_totals}.
     *
     * @param lengths the {@code lengths_age}/{@code lengths_incr} asked for (samples for charts), or null
     */
    default Map<String, Object> queueTotalDetails(HistoryRange lengths) {
        return null;
    }

    default Map<String, Object> vhost(VirtualHost vhost) {
        return null;
    }

    default Map<String, Object> exchange(Exchange exchange) {
        return null;
    }

    /** One exchange's, with samples over {@code rates} (null: none), for its own page's charts. */
    default Map<String, Object> exchange(Exchange exchange, HistoryRange rates) {
        return exchange(exchange);
    }

    default Map<String, Object> queue(MessageQueue queue) {
        return null;
    }

    /** One queue's, with samples over {@code rates} (null: none), for its own page's charts. */
    default Map<String, Object> queue(MessageQueue queue, HistoryRange rates) {
        return queue(queue);
    }

    /**
     * One queue's {@code messages_details}, {@code messages_ready_details} and
     * {@code messages_unacknowledged_details}, with samples over {@code lengths} (null: none).
     */
    default Map<String, Object> queueLengthDetails(MessageQueue queue, HistoryRange lengths) {
        return null;
    }

    default Map<String, Object> connection(ConnectionView connection) {
        return null;
    }

    default Map<String, Object> channel(ConnectionView connection, ChannelView channel) {
        return null;
    }
}
