package io.warren.management;

import io.warren.broker.connection.ConnectionView;
import io.warren.broker.channel.ChannelView;
import io.warren.broker.queue.MessageQueue;
import io.warren.broker.vhost.Exchange;
import io.warren.broker.vhost.VirtualHost;
import java.util.Map;

/**
 * Where the API's JSON gets each object's {@code message_stats} (RabbitMQ's rate counters:
 * {@code publish}, {@code publish_details.rate}, ...). Every object the API shows asks here, in one
 * place ({@link io.warren.management.api.Rows}); an answer of null leaves the field out, as RabbitMQ
 * leaves it out for objects that have seen no traffic. {@link #NONE} is used until rate counters are
 * plugged in.
 */
public interface MessageStats {
    MessageStats NONE = new MessageStats() {
    };

    /** For {@code /api/overview}. */
    default Map<String, Object> overall() {
        return null;
    }

    default Map<String, Object> vhost(VirtualHost vhost) {
        return null;
    }

    default Map<String, Object> exchange(Exchange exchange) {
        return null;
    }

    default Map<String, Object> queue(MessageQueue queue) {
        return null;
    }

    default Map<String, Object> connection(ConnectionView connection) {
        return null;
    }

    default Map<String, Object> channel(ConnectionView connection, ChannelView channel) {
        return null;
    }
}
