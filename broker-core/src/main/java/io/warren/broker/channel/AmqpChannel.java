package io.warren.broker.channel;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import io.warren.amqp.frame.ContentCommand;
import io.warren.amqp.frame.MethodFrame;
import io.warren.amqp.method.AccessRequest;
import io.warren.amqp.method.AccessRequestOk;
import io.warren.amqp.method.BasicCancel;
import io.warren.amqp.method.BasicPublish;
import io.warren.amqp.method.ChannelClose;
import io.warren.amqp.method.ChannelCloseOk;
import io.warren.amqp.method.ChannelFlow;
import io.warren.amqp.method.ChannelFlowOk;
import io.warren.amqp.method.Method;
import io.warren.amqp.method.TxCommitOk;
import io.warren.amqp.method.TxRollbackOk;
import io.warren.amqp.method.TxSelectOk;
import io.warren.broker.AmqpException;
import io.warren.broker.Resource;
import io.warren.broker.connection.AmqpConnection;
import io.warren.broker.connection.ReplyTexts;
import io.warren.broker.message.Message;
import io.warren.broker.queue.DeliveryTarget;
import io.warren.broker.queue.Handouts;
import io.warren.broker.queue.MessageQueue;
import io.warren.broker.queue.QueueConsumer;
import io.warren.broker.queue.QueueEntry;
import io.warren.broker.security.AccessKind;
import io.warren.broker.stats.ChannelStats;
import io.warren.broker.stats.Metric;
import io.warren.broker.vhost.VirtualHost;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AMQP channel: its state, and the dispatch of its methods to small handlers by class
 * (exchange, queue, publishing, consuming, acknowledgements, transactions).
 *
 * <p>A channel runs on its connection's thread. When a method needs an answer from a queue
 * (consume, get, purge, delete), the channel suspends: commands that arrive meanwhile wait, in
 * order, until the answer comes back through the connection's mailbox, so replies keep the order
 * of requests, as the protocol requires.
 *
 * <p>It is also the {@link DeliveryTarget} its consumers' queues deliver to; those calls come from
 * queue threads and touch only thread-safe state.
 */
public final class AmqpChannel implements DeliveryTarget {
    private static final Logger log = LoggerFactory.getLogger(AmqpChannel.class);

    private enum State { OPEN, CLOSING, CLOSED }

    private final int number;
    private final AmqpConnection connection;
    private final ExchangeHandler exchanges;
    private final QueueHandler queues;
    private final PublishHandler publisher;
    private final ConsumerHandler consumerHandler;
    private final AckHandler acks;
    private final ChannelStats stats;

    final Map<String, ConsumerRecord> consumers = new HashMap<>();
    final UnackedDeliveries unacked = new UnackedDeliveries();
    final SharedPrefetch sharedPrefetch = new SharedPrefetch();
    final DirectReplyTo directReplyTo = new DirectReplyTo(this);
    private final Set<MessageQueue> waitingQueues = ConcurrentHashMap.newKeySet();
    private final ArrayDeque<Object> suspendedCommands = new ArrayDeque<>();

    private State state = State.OPEN;
    private volatile boolean accepting = true;
    private boolean suspended;
    private long deliveryTag;
    private String lastDeclaredQueue;
    private Transaction transaction;

    public AmqpChannel(int number, AmqpConnection connection) {
        this.number = number;
        this.connection = connection;
        this.exchanges = new ExchangeHandler(this);
        this.queues = new QueueHandler(this);
        this.publisher = new PublishHandler(this);
        this.consumerHandler = new ConsumerHandler(this);
        this.acks = new AckHandler(this);
        this.stats = connection.services().statistics().channelOpened(connection, connection.vhost().name(), number);
    }

    public int number() {
        return number;
    }

    /** This channel's message counters, for {@code BrokerStatistics.channel(...)}. */
    public ChannelStats stats() {
        return stats;
    }

    // ---- inbound -------------------------------------------------------------------------------

    /** A method frame or content command for this channel, in arrival order. */
    public void handle(Object command) {
        if (state != State.OPEN) {
            handleWhileClosing(command);
        } else if (suspended) {
            suspendedCommands.add(command);
            connection.suspendedBacklog(1);
        } else {
            execute(command);
        }
    }

    private void execute(Object command) {
        Method method = command instanceof ContentCommand c ? c.method() : ((MethodFrame) command).method();
        if (command instanceof ContentCommand content && method instanceof BasicPublish) {
            try {
                publisher.publish(content); // takes the content over, also when it fails
            } catch (AmqpException e) {
                fail(e, method);
            }
            return;
        }
        try {
            switch (method.classId()) {
                case 20 -> onChannelMethod(method);
                case 30 -> onAccessMethod(method);
                case 40 -> exchanges.handle(method);
                case 50 -> queues.handle(method);
                case 60 -> onBasicMethod(method);
                case 85 -> publisher.handleConfirm(method);
                case 90 -> onTxMethod(method);
                default -> throw AmqpException.commandInvalid("unimplemented method");
            }
        } catch (AmqpException e) {
            fail(e, method);
        } finally {
            ReferenceCountUtil.release(command);
        }
    }

    private void onBasicMethod(Method method) {
        switch (method.methodId()) {
            case 10, 20, 30, 70 -> consumerHandler.handle(method);
            case 80, 90, 100, 110, 120 -> acks.handle(method);
            default -> throw AmqpException.commandInvalid("unimplemented method");
        }
    }

    private void onChannelMethod(Method method) {
        if (method instanceof ChannelClose) {
            shutdown();
            connection.send(number, new ChannelCloseOk());
            connection.channelClosed(this);
        } else if (method instanceof ChannelFlow flow) {
            if (!flow.active()) {
                throw AmqpException.notImplemented("active=false");
            }
            connection.send(number, new ChannelFlowOk(true));
        } else if (method instanceof ChannelCloseOk || method instanceof ChannelFlowOk) {
            // Answers to something this server never asked: ignored.
        } else if (method.methodId() == 10) {
            throw AmqpException.channelError("second 'channel.open' seen");
        } else {
            throw AmqpException.commandInvalid("unimplemented method");
        }
    }

    private void onAccessMethod(Method method) {
        if (method instanceof AccessRequest) {
            connection.send(number, new AccessRequestOk(1));
        } else {
            throw AmqpException.commandInvalid("unimplemented method");
        }
    }

    private void onTxMethod(Method method) {
        switch (method.methodId()) {
            case 10 -> {
                if (publisher.confirmsEnabled()) {
                    throw AmqpException.preconditionFailed("cannot switch from confirm to tx mode");
                }
                if (transaction == null) {
                    transaction = new Transaction();
                }
                connection.send(number, new TxSelectOk());
            }
            case 20 -> {
                long storedBefore = publisher.storedMessages();
                requireTransaction().commit(this);
                if (publisher.storedMessages() == storedBefore) {
                    connection.send(number, new TxCommitOk());
                } else {
                    // As RabbitMQ: commit-ok only once the transaction's persistent messages are on disk.
                    suspend();
                    replyWhenSynced(connection.services().messageStore().sync(), method, new TxCommitOk(),
                            "messages could not be written to disk: ");
                }
            }
            case 30 -> {
                requireTransaction().rollback();
                connection.send(number, new TxRollbackOk());
            }
            default -> throw AmqpException.commandInvalid("unimplemented method");
        }
    }

    private Transaction requireTransaction() {
        if (transaction == null) {
            throw AmqpException.preconditionFailed("channel is not transactional");
        }
        return transaction;
    }

    private void handleWhileClosing(Object command) {
        Method method = command instanceof ContentCommand c ? c.method() : ((MethodFrame) command).method();
        ReferenceCountUtil.release(command);
        if (state == State.CLOSING) {
            if (method instanceof ChannelCloseOk) {
                state = State.CLOSED;
                connection.channelClosed(this);
            } else if (method instanceof ChannelClose) {
                connection.send(number, new ChannelCloseOk());
                state = State.CLOSED;
                connection.channelClosed(this);
            }
        }
    }

    // ---- errors and closing --------------------------------------------------------------------

    /** Ends the channel (soft error) or the connection (hard error), as the reply code says. */
    void fail(AmqpException error, Method method) {
        if (error.replyCode().isHardError()) {
            connection.fail(error, method.classId(), method.methodId());
            return;
        }
        if (state != State.OPEN) {
            return;
        }
        log.info("channel {} of connection {}: {}", number, connection.name(), error.replyText());
        shutdown();
        state = State.CLOSING;
        connection.send(number, new ChannelClose(error.replyCode().code(), ReplyTexts.fit(error.replyText()),
                method.classId(), method.methodId()));
    }

    /**
     * Releases everything the channel holds: consumers leave their queues, unacknowledged messages
     * go back (marked redelivered), an open transaction is dropped. Sends nothing.
     */
    public void shutdown() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        accepting = false;
        connection.services().statistics().channelClosed(stats);
        for (ConsumerRecord record : consumers.values()) {
            record.queue().removeConsumer(record.consumer());
        }
        consumers.clear();
        directReplyTo.stop();
        List<Unacked> outstanding = new ArrayList<>();
        unacked.removeAll(outstanding);
        Settlements.requeue(outstanding);
        if (transaction != null) {
            transaction.rollback();
            transaction = null;
        }
        Object pending;
        while ((pending = suspendedCommands.poll()) != null) {
            ReferenceCountUtil.release(pending);
            connection.suspendedBacklog(-1);
        }
        waitingQueues.clear();
    }

    boolean isOpen() {
        return state == State.OPEN;
    }

    // ---- suspension while a queue answers ------------------------------------------------------

    void suspend() {
        suspended = true;
    }

    /** Called on the connection's thread once the awaited answer was handled. */
    void resume() {
        suspended = false;
        Object command;
        while (!suspended && (command = suspendedCommands.poll()) != null) {
            connection.suspendedBacklog(-1);
            if (state == State.OPEN) {
                execute(command);
            } else {
                handleWhileClosing(command);
            }
        }
    }

    /** Runs {@code task} on the connection's thread: how queue answers get back to the channel. */
    void onConnectionThread(Runnable task) {
        connection.post(task);
    }

    // ---- deliveries (DeliveryTarget) -----------------------------------------------------------

    @Override
    public Executor executor() {
        return connection.executor();
    }

    @Override
    public boolean tryReserve(MessageQueue queue, QueueConsumer consumer) {
        if (!readyForDeliveries()) {
            waitingQueues.add(queue);
            if (!readyForDeliveries() || !waitingQueues.remove(queue)) {
                return false;
            }
        }
        if (consumer.isNoAck() || sharedPrefetch.tryAcquire()) {
            connection.deliveryHandedOut();
            return true;
        }
        waitingQueues.add(queue);
        if (sharedPrefetch.tryAcquire()) {
            waitingQueues.remove(queue);
            connection.deliveryHandedOut();
            return true;
        }
        return false;
    }

    private boolean readyForDeliveries() {
        return accepting && connection.acceptsDeliveries();
    }

    @Override
    public void deliver(MessageQueue queue, Handouts handouts) {
        connection.post(() -> {
            for (int i = 0; i < handouts.size(); i++) {
                writeDelivery(queue, handouts.consumer(i), handouts.entry(i));
            }
        });
    }

    @Override
    public void consumerCancelled(MessageQueue queue, QueueConsumer consumer) {
        connection.post(() -> {
            ConsumerRecord record = consumers.get(consumer.tag());
            if (record != null && record.consumer() == consumer) {
                consumers.remove(consumer.tag());
                if (state == State.OPEN && connection.hasCapability("consumer_cancel_notify")) {
                    connection.send(number, new BasicCancel(consumer.tag(), true));
                }
            }
        });
    }

    private void writeDelivery(MessageQueue queue, QueueConsumer consumer, QueueEntry entry) {
        connection.deliveryWritten();
        ConsumerRecord record = consumers.get(consumer.tag());
        if (state != State.OPEN || record == null || record.consumer() != consumer) {
            if (!consumer.isNoAck()) {
                sharedPrefetch.release(1);
            }
            queue.returnUndelivered(consumer, entry, consumer.isNoAck());
            return;
        }
        long tag = ++deliveryTag;
        Message message = entry.message();
        stats.counters().increment(consumer.isNoAck() ? Metric.DELIVER_NO_ACK : Metric.DELIVER);
        if (entry.isRedelivered()) {
            stats.counters().increment(Metric.REDELIVER);
        }
        ByteBuf body;
        if (consumer.isNoAck()) {
            body = message.body(); // the queue's reference passes to the write
        } else {
            unacked.add(new Unacked(tag, queue, consumer, entry));
            body = message.body().retain();
        }
        connection.writeDelivery(number, consumer.encodedTag(), tag, entry.isRedelivered(), message.encodedAddress(),
                message.header(), body);
    }

    /** Issues the next delivery tag (shared by deliveries and {@code basic.get-ok}). */
    long nextDeliveryTag() {
        return ++deliveryTag;
    }

    /** Wakes queues that stopped delivering because this channel could not take more. */
    public void wakeWaitingQueues() {
        if (waitingQueues.isEmpty()) {
            return;
        }
        for (MessageQueue queue : waitingQueues) {
            if (waitingQueues.remove(queue)) {
                queue.wake();
            }
        }
    }

    // ---- end of a read batch -------------------------------------------------------------------

    /** Sends what was batched during the read: publisher confirms. */
    public void endOfBatch() {
        publisher.flushConfirms();
    }

    void hasBatchWork() {
        connection.hasWork(this);
    }

    // ---- shared context for the handlers -------------------------------------------------------

    AmqpConnection connection() {
        return connection;
    }

    VirtualHost vhost() {
        return connection.vhost();
    }

    Transaction transaction() {
        return transaction;
    }

    PublishHandler publisher() {
        return publisher;
    }

    AckHandler acks() {
        return acks;
    }

    int consumerPrefetch() {
        return consumerHandler.consumerPrefetch();
    }

    /** A snapshot for management; call on the connection's thread. */
    public ChannelView view() {
        return ChannelView.of(this);
    }

    void send(Method method) {
        connection.send(number, method);
    }

    /**
     * Sends {@code reply} to {@code request} once every definition change made so far is on disk, so
     * a client told its durable queue exists can count on it surviving a crash. The channel waits
     * meanwhile; when nothing is pending the reply goes at once. If the disk write fails the
     * connection is closed with 541 INTERNAL_ERROR, because the change cannot be promised.
     */
    void sendWhenDurable(Method request, Method reply) {
        suspend();
        sendWhenDurableThenResume(request, reply);
    }

    /** {@link #sendWhenDurable}, for a channel already suspended while a queue answered: resumes after sending. */
    void sendWhenDurableThenResume(Method request, Method reply) {
        replyWhenSynced(connection.services().definitions().synced(), request, reply,
                "definitions could not be written to disk: ");
    }

    /**
     * Sends {@code reply} once {@code synced} completes, then resumes the (suspended) channel; a failed
     * sync closes the connection with 541 INTERNAL_ERROR, {@code failure} followed by the cause.
     */
    private void replyWhenSynced(java.util.concurrent.CompletableFuture<Void> synced, Method request, Method reply,
                                 String failure) {
        if (synced.isDone() && !synced.isCompletedExceptionally()) {
            send(reply);
            resume();
            return;
        }
        synced.whenComplete((ignored, error) -> onConnectionThread(() -> {
            if (error != null) {
                fail(AmqpException.internalError(failure + error.getMessage()), request);
            } else if (isOpen()) {
                send(reply);
            }
            resume();
        }));
    }

    void write(Object frame) {
        connection.write(frame);
    }

    void check(AccessKind kind, Resource resource) {
        connection.services().accessControl().check(connection.user().name(), kind, resource);
    }

    void rememberDeclaredQueue(String name) {
        lastDeclaredQueue = name;
    }

    /** The queue a method names, where the empty name means the last queue declared on this channel. */
    String queueName(String given) {
        if (!given.isEmpty()) {
            return given;
        }
        if (lastDeclaredQueue == null) {
            throw AmqpException.notFound("no previously declared queue");
        }
        return lastDeclaredQueue;
    }

    @Override
    public String toString() {
        return "AmqpChannel[" + number + " of " + connection.name() + "]";
    }
}
