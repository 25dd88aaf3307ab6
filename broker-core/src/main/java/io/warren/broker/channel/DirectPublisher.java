package io.warren.broker.channel;

import io.netty.buffer.Unpooled;
import io.warren.amqp.content.BasicProperties;
import io.warren.amqp.content.ContentHeader;
import io.warren.broker.AmqpException;
import io.warren.broker.BrokerServices;
import io.warren.broker.Resource;
import io.warren.broker.config.CoreSettings;
import io.warren.broker.message.Message;
import io.warren.broker.message.StoredMessages;
import io.warren.broker.queue.MessageQueue;
import io.warren.broker.queue.QueueEntry;
import io.warren.broker.security.AccessKind;
import io.warren.broker.vhost.Exchange;
import io.warren.broker.vhost.RouteCollector;
import io.warren.broker.vhost.VirtualHost;
import io.warren.store.Locations;
import io.warren.store.MessageStore;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Publishing from outside an AMQP channel: the management API's {@code .../publish} and its
 * aliveness test. It applies the checks {@code basic.publish} applies (write permission, the
 * exchange exists and is not internal, maximum size, {@code user_id}, {@code expiration}), routes
 * through the virtual host the same way (CC/BCC included), and writes a persistent message for
 * durable queues to the message store once, answering only after the store has synced it, as a
 * publisher confirm would.
 */
public final class DirectPublisher {
    private final BrokerServices services;

    public DirectPublisher(BrokerServices services) {
        this.services = services;
    }

    /**
     * Publishes {@code body} as {@code user}; the result says whether any queue got it, and
     * completes once it is safe (synced, for a persistent message in a durable queue).
     *
     * @throws AmqpException for what {@code basic.publish} refuses, with its text
     */
    public CompletableFuture<Boolean> publish(String user, VirtualHost vhost, String exchangeName, String routingKey,
                                              BasicProperties properties, byte[] body) {
        long maxSize = services.config().get(CoreSettings.MAX_MESSAGE_SIZE);
        if (body.length > maxSize) {
            throw AmqpException.preconditionFailed("message size " + body.length
                    + " is larger than configured max size " + maxSize);
        }
        services.accessControl().check(user, AccessKind.WRITE, Resource.exchange(vhost.name(), exchangeName));
        Exchange exchange = vhost.requireExchange(exchangeName);
        if (exchange.isInternal()) {
            throw AmqpException.accessRefused("cannot publish to internal " + exchange.resource());
        }
        if (properties.userId() != null && !properties.userId().equals(user)) {
            throw AmqpException.preconditionFailed("user_id property set to '" + properties.userId()
                    + "' but authenticated user was '" + user + "'");
        }
        if (properties.expiration() != null) {
            String problem = PublishHandler.expirationProblem(properties.expiration());
            if (problem != null) {
                throw AmqpException.preconditionFailed("invalid expiration '" + properties.expiration() + "': "
                        + problem);
            }
        }
        Map<String, Object> headers = properties.headers();
        if (headers != null && headers.containsKey("BCC")) {
            java.util.Map<String, Object> visible = new java.util.LinkedHashMap<>(headers);
            visible.remove("BCC");
            properties = properties.toBuilder().headers(visible).build();
        }
        RouteCollector routes = new RouteCollector();
        vhost.route(exchange, routingKeys(routingKey, headers), headers, routes);
        if (routes.isEmpty()) {
            return CompletableFuture.completedFuture(false);
        }
        Message message = new Message(exchangeName, routingKey, ContentHeader.of(properties, body.length),
                Unpooled.wrappedBuffer(body));
        try {
            return enqueue(message, routes.queues());
        } finally {
            message.release();
        }
    }

    private CompletableFuture<Boolean> enqueue(Message message, List<MessageQueue> queues) {
        MessageStore store = services.messageStore();
        long location = Locations.NONE;
        if (store != null && message.isPersistent()) {
            long[] ids = new long[queues.size()];
            int count = 0;
            for (MessageQueue queue : queues) {
                if (queue.persistsMessages()) {
                    ids[count++] = queue.storeId();
                }
            }
            if (count > 0) {
                try {
                    location = store.appendDurable(ids, count, StoredMessages.encode(message));
                } catch (UncheckedIOException | IllegalStateException e) {
                    throw AmqpException.internalError("message could not be written to disk: " + e.getMessage());
                }
            }
        }
        for (MessageQueue queue : queues) {
            message.retain();
            queue.publish(location != Locations.NONE && queue.persistsMessages()
                    ? new QueueEntry(message, null, location, true)
                    : new QueueEntry(message, null));
        }
        if (location == Locations.NONE) {
            return CompletableFuture.completedFuture(true);
        }
        return store.sync().thenApply(ignored -> true);
    }

    /** The routing key plus RabbitMQ's sender-selected distribution keys ({@code CC}, {@code BCC} headers). */
    private static List<String> routingKeys(String routingKey, Map<String, Object> headers) {
        List<String> keys = new ArrayList<>();
        keys.add(routingKey);
        if (headers != null) {
            for (String header : List.of("CC", "BCC")) {
                if (headers.get(header) instanceof List<?> list) {
                    for (Object key : list) {
                        if (key instanceof String s) {
                            keys.add(s);
                        }
                    }
                }
            }
        }
        return keys;
    }
}
