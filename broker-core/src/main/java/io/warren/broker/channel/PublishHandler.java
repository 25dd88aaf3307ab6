package io.warren.broker.channel;

import io.warren.amqp.content.ContentHeader;
import io.warren.amqp.frame.ContentCommand;
import io.warren.amqp.method.BasicAck;
import io.warren.amqp.method.BasicNack;
import io.warren.amqp.method.BasicPublish;
import io.warren.amqp.method.BasicReturn;
import io.warren.amqp.method.ConfirmSelect;
import io.warren.amqp.method.ConfirmSelectOk;
import io.warren.amqp.method.Method;
import io.warren.amqp.ReplyCode;
import io.warren.broker.AmqpException;
import io.warren.broker.Resource;
import io.warren.broker.config.CoreSettings;
import io.warren.broker.connection.AmqpConnection;
import io.warren.broker.flow.PublisherFlow;
import io.warren.broker.message.Message;
import io.warren.broker.message.StoredMessages;
import io.warren.broker.queue.MessageQueue;
import io.warren.broker.queue.QueueEntry;
import io.warren.broker.security.AccessKind;
import io.warren.broker.stats.ChannelStats;
import io.warren.broker.stats.Metric;
import io.warren.broker.vhost.Exchange;
import io.warren.broker.vhost.RouteCollector;
import io.warren.broker.vhost.VirtualHost;
import io.warren.store.Locations;
import io.warren.store.MessageStore;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code basic.publish}: the checks RabbitMQ makes, in its order, then routing, enqueueing on every
 * queue reached (one shared message, one body reference per queue), {@code basic.return} for
 * unroutable mandatory messages, and publisher confirms ({@code confirm.select}).
 *
 * <p>Confirms are batched: each read batch ends with at most one {@code basic.ack} (multiple=true
 * when it covers several messages).
 */
final class PublishHandler {
    /** The largest per-message TTL RabbitMQ accepts: its {@code MAX_EXPIRY_TIMER}, milliseconds. */
    private static final BigInteger MAX_EXPIRY = BigInteger.valueOf(4294967295L);

    private final AmqpChannel channel;
    private final RouteCollector routes = new RouteCollector();
    private final List<String> singleKey = new ArrayList<>(1);
    private final long maxMessageSize;

    private String permittedExchange;
    private boolean confirms;
    private final MessageStore store;
    private final long[] storeQueueIds = new long[64];
    private long publishSequence;
    /** Publishes routed (or refused) so far: what the next confirm may cover. */
    private long confirmedUpTo;
    /** The highest sequence a confirm has been asked for (sent, or waiting for the store). */
    private long confirmRequested;
    private long lastConfirmSent;
    /** Messages this channel has handed to the store, written or refused. */
    private long storedMessages;
    /** A message went to the store since the last confirm was asked for. */
    private boolean storedSinceRequest;
    /** Confirms waiting for the store to sync; later ones wait behind them so acks go out in order. */
    private int syncsInFlight;
    /** A message could not be stored: the confirms that cover it must be nacks. */
    private boolean storeFailedSinceRequest;

    PublishHandler(AmqpChannel channel) {
        this.channel = channel;
        this.maxMessageSize = channel.connection().services().config().get(CoreSettings.MAX_MESSAGE_SIZE);
        this.store = channel.connection().services().messageStore();
        singleKey.add("");
    }

    boolean confirmsEnabled() {
        return confirms;
    }

    void handleConfirm(Method method) {
        if (!(method instanceof ConfirmSelect select)) {
            throw AmqpException.commandInvalid("unimplemented method");
        }
        if (channel.transaction() != null) {
            throw AmqpException.preconditionFailed("cannot switch from tx to confirm mode");
        }
        confirms = true;
        if (!select.nowait()) {
            channel.send(new ConfirmSelectOk());
        }
    }

    /** Takes {@code command} over: it is routed, buffered in a transaction, or released. */
    void publish(ContentCommand command) {
        try {
            check(command);
        } catch (AmqpException e) {
            command.release();
            throw e;
        }
        if (confirms) {
            publishSequence++;
        }
        if (channel.transaction() != null) {
            channel.transaction().addPublish(command);
            return;
        }
        route(command);
    }

    private void check(ContentCommand command) {
        BasicPublish publish = (BasicPublish) command.method();
        AmqpConnection connection = channel.connection();
        connection.publishing();
        if (publish.immediate()) {
            throw AmqpException.notImplemented("immediate=true");
        }
        int size = command.body().readableBytes();
        if (size > maxMessageSize) {
            throw AmqpException.preconditionFailed("message size " + size + " is larger than configured max size "
                    + maxMessageSize);
        }
        VirtualHost vhost = channel.vhost();
        if (!publish.exchange().equals(permittedExchange)) {
            channel.check(AccessKind.WRITE, Resource.exchange(vhost.name(), publish.exchange()));
            permittedExchange = publish.exchange();
        }
        Exchange exchange = vhost.requireExchange(publish.exchange());
        if (exchange.isInternal()) {
            throw AmqpException.accessRefused("cannot publish to internal " + exchange.resource());
        }
        if (DirectReplyTo.PSEUDO_QUEUE.equals(command.header().properties().replyTo())) {
            channel.directReplyTo.address(); // 406 unless this channel has a reply consumer
        }
        String userId = command.header().properties().userId();
        if (userId != null && !userId.equals(connection.user().name())) {
            throw AmqpException.preconditionFailed("user_id property set to '" + userId
                    + "' but authenticated user was '" + connection.user().name() + "'");
        }
        String expiration = command.header().properties().expiration();
        if (expiration != null) {
            String problem = expirationProblem(expiration);
            if (problem != null) {
                throw AmqpException.preconditionFailed("invalid expiration '" + expiration + "': " + problem);
            }
        }
    }

    /**
     * What RabbitMQ finds wrong with an {@code expiration} property (its {@code parse_expiration}:
     * Erlang's {@code string:to_integer}, then {@code check_expiry}), printed as its error term; null
     * when it is a valid per-message TTL.
     */
    static String expirationProblem(String expiration) {
        int i = 0;
        if (i < expiration.length() && (expiration.charAt(i) == '+' || expiration.charAt(i) == '-')) {
            i++;
        }
        int digits = i;
        while (i < expiration.length() && expiration.charAt(i) >= '0' && expiration.charAt(i) <= '9') {
            i++;
        }
        if (i == digits) {
            return "no_integer";
        }
        if (i < expiration.length()) {
            return "{leftover_string,\"" + expiration.substring(i) + "\"}";
        }
        BigInteger value = new BigInteger(expiration);
        if (value.signum() < 0) {
            return "{value_negative," + value + "}";
        }
        if (value.compareTo(MAX_EXPIRY) > 0) {
            return "{value_too_big," + value + "}";
        }
        return null;
    }

    /** Routes a checked publish and hands it to its queues. Takes {@code command}'s body over. */
    void route(ContentCommand command) {
        BasicPublish publish = (BasicPublish) command.method();
        VirtualHost vhost = channel.vhost();
        Exchange exchange = vhost.exchange(publish.exchange());
        ContentHeader header = command.header();
        Map<String, Object> headers = header.properties().headers();
        List<String> keys = routingKeys(publish.routingKey(), headers);
        if (DirectReplyTo.PSEUDO_QUEUE.equals(header.properties().replyTo()) && channel.directReplyTo.isActive()) {
            header = header.withReplyTo(channel.directReplyTo.address());
        }
        if (headers != null && headers.containsKey("BCC")) {
            // BCC keys route the message but are removed from what consumers see, as in RabbitMQ.
            header = header.withoutHeader("BCC");
        }
        Message message = new Message(publish.exchange(), publish.routingKey(), header, command.body());
        ChannelStats stats = channel.stats();
        stats.counters().increment(Metric.PUBLISH);
        boolean replied = false;
        if (exchange != null && exchange.isDefault() && DirectReplyTo.isAddress(publish.routingKey())) {
            routes.clear();
            VirtualHost.ReplyTarget target = vhost.replyTarget(publish.routingKey());
            if (target != null) {
                target.deliverReply(message.retain());
                replied = true;
            }
        } else if (exchange != null) {
            vhost.route(exchange, keys, headers, routes);
        } else {
            routes.clear(); // deleted since the check: unroutable
        }
        if (exchange != null) {
            stats.published(exchange, routes.queues().size());
        }
        if (replied) {
            // Delivered straight to the requester's channel.
        } else if (routes.isEmpty()) {
            if (publish.mandatory()) {
                stats.counters().increment(Metric.RETURN_UNROUTABLE);
                channel.write(new ContentCommand(channel.number(), new BasicReturn(ReplyCode.NO_ROUTE.code(),
                        "NO_ROUTE", publish.exchange(), publish.routingKey()), header, message.retainedBody()));
            } else {
                stats.counters().increment(Metric.DROP_UNROUTABLE);
            }
        } else {
            message = message.detached();
            enqueue(message, routes.queues());
        }
        message.release();
        if (confirms) {
            confirmedUpTo = publishSequence;
            channel.hasBatchWork();
        }
    }

    private void enqueue(Message message, List<MessageQueue> queues) {
        long location = Locations.NONE;
        if (store != null && message.isPersistent()) {
            location = store(message, queues);
            if (location == STORE_FAILED) {
                return; // nacked: the publisher must not believe it is safe
            }
        }
        PublisherFlow flow = channel.connection().flow();
        int size = message.bodySize();
        for (int i = 0; i < queues.size(); i++) {
            MessageQueue queue = queues.get(i);
            message.retain();
            flow.sent(size);
            queue.publish(location != Locations.NONE && queue.persistsMessages()
                    ? new QueueEntry(message, flow, location, true)
                    : new QueueEntry(message, flow));
        }
    }

    private static final long STORE_FAILED = -2;

    /**
     * Writes a persistent message once for all the durable queues it reached; its confirm waits for
     * the sync. Returns the location, NONE when no queue keeps it across restarts, or STORE_FAILED.
     */
    private long store(Message message, List<MessageQueue> queues) {
        int count = 0;
        long[] ids = queues.size() <= storeQueueIds.length ? storeQueueIds : new long[queues.size()];
        for (int i = 0; i < queues.size(); i++) {
            if (queues.get(i).persistsMessages()) {
                ids[count++] = queues.get(i).storeId();
            }
        }
        if (count == 0) {
            return Locations.NONE;
        }
        storedSinceRequest = true;
        storedMessages++; // counted even when refused: a transaction's commit must then fail on the sync
        try {
            return store.appendDurable(ids, count, StoredMessages.encode(message));
        } catch (UncheckedIOException | IllegalStateException e) {
            storeFailedSinceRequest = true;
            return STORE_FAILED;
        }
    }

    /** How many messages this channel has handed to the store (a transaction compares before and after). */
    long storedMessages() {
        return storedMessages;
    }

    /** The routing key plus RabbitMQ's sender-selected distribution keys ({@code CC}, {@code BCC} headers). */
    private List<String> routingKeys(String routingKey, Map<String, Object> headers) {
        if (headers == null || (!headers.containsKey("CC") && !headers.containsKey("BCC"))) {
            singleKey.set(0, routingKey);
            return singleKey;
        }
        List<String> keys = new ArrayList<>();
        keys.add(routingKey);
        addKeys(keys, headers.get("CC"));
        addKeys(keys, headers.get("BCC"));
        return keys;
    }

    private static void addKeys(List<String> keys, Object value) {
        if (value instanceof List<?> list) {
            for (Object key : list) {
                if (key instanceof String s) {
                    keys.add(s);
                }
            }
        }
    }

    /**
     * Sends the confirms gathered in this batch — at once, or, when a message of the batch went to
     * the store (or an earlier confirm still waits for it), once the store has synced: one fsync then
     * confirms the whole batch. A failed write turns the confirm into a nack.
     */
    void flushConfirms() {
        if (confirmedUpTo <= confirmRequested) {
            return;
        }
        long upTo = confirmedUpTo;
        confirmRequested = upTo;
        if (storeFailedSinceRequest) {
            storeFailedSinceRequest = false;
            storedSinceRequest = false;
            if (syncsInFlight == 0) {
                confirm(upTo, false);
                return;
            }
        }
        if (!storedSinceRequest && syncsInFlight == 0) {
            confirm(upTo, true);
            return;
        }
        storedSinceRequest = false;
        syncsInFlight++;
        store.sync().whenComplete((ignored, error) -> channel.onConnectionThread(() -> {
            syncsInFlight--;
            confirm(upTo, error == null);
        }));
    }

    private void confirm(long upTo, boolean ack) {
        if (upTo > lastConfirmSent && channel.isOpen()) {
            boolean multiple = upTo - lastConfirmSent > 1;
            if (ack) {
                channel.stats().counters().add(Metric.CONFIRM, upTo - lastConfirmSent);
            }
            channel.send(ack ? new BasicAck(upTo, multiple) : new BasicNack(upTo, multiple, false));
            lastConfirmSent = upTo;
        }
    }
}
