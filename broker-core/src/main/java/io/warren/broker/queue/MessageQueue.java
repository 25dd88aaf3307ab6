package io.warren.broker.queue;

import io.warren.broker.AmqpException;
import io.warren.broker.Resource;
import io.warren.broker.flow.MessageMemory;
import io.warren.broker.flow.PublisherFlow;
import io.warren.broker.stats.Metric;
import io.warren.broker.stats.MessageCounters;
import io.warren.broker.util.Mailbox;
import io.warren.store.RecoveredQueue;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A queue: messages waiting for consumers, the consumers, and what has been delivered but not yet
 * settled.
 *
 * <p>Design: a queue is an actor. Its state belongs to one thread at a time (a broker event loop),
 * and everything other threads ask of it — publish, settle, consume, purge, delete — arrives through
 * its {@link Mailbox}, in order, without locks. After each batch of mail it gives publishers their
 * credit back and hands out messages to consumers that have room. Answers go back through callbacks,
 * which the caller arranges to run on its own thread.
 *
 * <p>Counts for {@code queue.declare-ok} and management are published in volatile fields after each
 * batch; they may trail in-flight mail by a moment, as RabbitMQ's do.
 */
public final class MessageQueue {
    /** Messages handed out per batch before yielding the thread to others. */
    private static final int DISPATCH_LIMIT = 1024;
    /**
     * What a paged-out message costs in memory: its word in the queue's {@link LongDeque}. Counted,
     * so that millions of them raise the memory alarm before they exhaust a small heap.
     */
    private static final long PAGED_COST = 8;

    private final String vhost;
    private final String name;
    private final QueueSettings settings;
    private final QueueLifecycle lifecycle;
    private final MessageMemory memory;
    private final QueueStorage storage;
    private final int inMemoryLimit;
    private final Mailbox<Object> mailbox;

    // Owned by the queue's thread.
    private final ReadyMessages ready = new ReadyMessages();
    private final ConsumerSet consumers = new ConsumerSet();
    private final Map<PublisherFlow, long[]> credits = new IdentityHashMap<>();
    private long nextSequence;
    private int unacknowledged;
    private boolean everConsumed;
    private boolean deleted;
    /** The broker is stopping: bodies are let go, and nothing is settled in the store. */
    private boolean stopped;
    /**
     * Whether all queues together hold enough to page, as of the last batch: read once per batch
     * rather than per message, since summing the shared counter touches every thread's cells.
     */
    private boolean memoryPressure;

    // Published for other threads.
    private volatile int readyCount;
    private volatile int unacknowledgedCount;
    private volatile int consumerCount;
    private volatile boolean deletedFlag;
    /**
     * Message statistics, written by the queue's thread only; created on the first message, so a
     * queue that never had traffic costs one null reference.
     */
    private volatile MessageCounters counters;

    public MessageQueue(String vhost, String name, QueueSettings settings, Executor executor,
                        QueueLifecycle lifecycle, QueueResources resources) {
        this.vhost = vhost;
        this.name = name;
        this.settings = settings;
        this.lifecycle = lifecycle;
        this.memory = resources.memory();
        this.storage = new QueueStorage(resources.store(), vhost, name, settings.durable() && !settings.isExclusive());
        this.inMemoryLimit = resources.inMemoryLimit();
        this.mailbox = new Mailbox<>(executor, this::handle, this::afterBatch, 4096);
        ready.pageInWith(word -> {
            memory.release(PAGED_COST);
            stats().increment(Metric.DISK_READS);
            return storage.pageIn(word);
        }, this::pagedIn);
    }

    /** The id the message store knows this queue by. */
    public long storeId() {
        return storage.queueId();
    }

    /** Whether persistent messages published here go to the message store (durable, not exclusive). */
    public boolean persistsMessages() {
        return storage.persistsMessages();
    }

    public String vhost() {
        return vhost;
    }

    public String name() {
        return name;
    }

    public QueueSettings settings() {
        return settings;
    }

    public Resource resource() {
        return Resource.queue(vhost, name);
    }

    public int messageCount() {
        return readyCount;
    }

    public int unacknowledgedCount() {
        return unacknowledgedCount;
    }

    public int consumerCount() {
        return consumerCount;
    }

    public boolean isDeleted() {
        return deletedFlag;
    }

    /** The queue's message counters, or null while it has had no traffic; read them from any thread. */
    public MessageCounters counters() {
        return counters;
    }

    /** The counters, created on first use; the queue's thread only. */
    private MessageCounters stats() {
        MessageCounters c = counters;
        if (c == null) {
            c = new MessageCounters();
            counters = c;
        }
        return c;
    }

    // ---- what other threads may ask ----------------------------------------------------------

    /** Enqueues a message; the entry holds a body reference taken for this queue. */
    public void publish(QueueEntry entry) {
        mailbox.post(entry);
    }

    /**
     * Settles delivered entries: acknowledged, requeued at their old position (marked redelivered),
     * or discarded. {@code consumer} is null for messages fetched with {@code basic.get}.
     */
    public void settle(QueueConsumer consumer, List<QueueEntry> entries, Settlement settlement) {
        mailbox.post((Runnable) () -> doSettle(consumer, entries, settlement));
    }

    /**
     * Takes back an entry that was handed to a consumer but never reached the client (its channel
     * closed or the consumer was cancelled first). It returns to its old place, not marked redelivered.
     *
     * @param consumer the consumer it was handed to, or null for {@code basic.get}
     * @param noAck whether it was handed out without acknowledgement (and so not counted as unacked)
     */
    public void returnUndelivered(QueueConsumer consumer, QueueEntry entry, boolean noAck) {
        mailbox.post((Runnable) () -> doReturnUndelivered(consumer, entry, noAck));
    }

    /**
     * Adds a consumer; {@code done} runs on the queue's thread with null, or the error to answer
     * {@code basic.consume} with. The consumer receives messages from the next batch on.
     */
    public void addConsumer(QueueConsumer consumer, Consumer<AmqpException> done) {
        mailbox.post((Runnable) () -> done.accept(doAddConsumer(consumer)));
    }

    /** Removes a consumer; its unsettled messages stay with its channel until settled. */
    public void removeConsumer(QueueConsumer consumer) {
        mailbox.post((Runnable) () -> doRemoveConsumer(consumer));
    }

    /**
     * Takes the next message for {@code basic.get}; {@code done} runs on the queue's thread with the
     * entry (or null when empty) and the number of messages left. With {@code noAck} the entry's body
     * reference passes to the caller; otherwise the entry stays unacknowledged until settled.
     */
    public void get(boolean noAck, GetCallback done) {
        mailbox.post((Runnable) () -> doGet(noAck, done));
    }

    /**
     * The queue's counts as of now, after everything already in its mailbox: what
     * {@code queue.declare-ok} reports, so a client that publishes and then declares sees its messages.
     */
    public void counts(CountsCallback done) {
        mailbox.post((Runnable) () -> done.counts(ready.size(), consumers.size()));
    }

    /** Discards every ready message; {@code done} gets how many. */
    public void purge(Consumer<Integer> done) {
        mailbox.post((Runnable) () -> done.accept(doPurge()));
    }

    /**
     * Deletes the queue unless a condition says no; {@code done} gets the number of ready messages
     * deleted, or the error for {@code queue.delete}. Consumers are cancelled.
     */
    public void delete(boolean ifUnused, boolean ifEmpty, DeleteCallback done) {
        mailbox.post((Runnable) () -> doDelete(ifUnused, ifEmpty, done));
    }

    /** Deletes the queue unconditionally (its exclusive owner left, its vhost went). */
    public void forceDelete() {
        mailbox.post((Runnable) this::markDeleted);
    }

    /**
     * Takes back the messages the store recovered for this queue, after a restart, behind anything
     * already in it. They stay on disk until consumers come for them.
     */
    public void restore(RecoveredQueue recovered) {
        mailbox.post((Runnable) () -> {
            if (deleted) {
                recovered.forEach((location, delivered) -> storage.settledPaged(QueueStorage.word(location, true, false)));
                return;
            }
            recovered.forEach((location, delivered) -> {
                memory.hold(PAGED_COST);
                ready.addPaged(QueueStorage.word(location, true, delivered));
            });
        });
    }

    /**
     * The broker is stopping: lets go of every body held in memory without telling the store, so
     * that what is stored comes back at the next start. Anything arriving later is let go too. The
     * answer completes once the queue has done so.
     */
    public CompletableFuture<Void> stop() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        mailbox.post((Runnable) () -> {
            stopped = true;
            ready.drainTo(this::forget, word -> memory.release(PAGED_COST));
            done.complete(null);
        });
        return done;
    }

    private void forget(QueueEntry entry) {
        memory.release(cost(entry));
        entry.message().release();
    }

    /** Something a blocked consumer was waiting for has changed: try to deliver again. */
    public void wake() {
        mailbox.wake();
    }

    // ---- the queue's thread --------------------------------------------------------------------

    private void handle(Object item) {
        if (item instanceof QueueEntry entry) {
            accept(entry);
        } else {
            ((Runnable) item).run();
        }
    }

    private void accept(QueueEntry entry) {
        PublisherFlow flow = entry.takeFlow();
        if (flow != null) {
            long[] tally = credits.computeIfAbsent(flow, f -> new long[2]);
            tally[0]++;
            tally[1] += entry.message().bodySize();
        }
        if (stopped) {
            entry.message().release();
            return;
        }
        if (deleted) {
            storage.settled(entry);
            entry.message().release();
            return;
        }
        MessageCounters stats = stats();
        stats.increment(Metric.PUBLISH);
        if (entry.isRecorded()) {
            stats.increment(Metric.DISK_WRITES); // a persistent message this queue keeps in the store
        }
        if (shouldPage()) {
            long word = storage.pageOut(entry);
            if (word != -1) {
                if (!entry.isRecorded()) {
                    stats.increment(Metric.DISK_WRITES);
                }
                memory.hold(PAGED_COST);
                ready.addPaged(word);
                return;
            }
        }
        entry.accepted(nextSequence++);
        memory.hold(cost(entry));
        ready.addFresh(entry);
    }

    /**
     * Whether a new message goes to disk rather than memory: once the queue keeps its limit in
     * memory, or when all queues together hold enough that the memory alarm is near — and then until
     * what is on disk has been read back, so order holds.
     */
    private boolean shouldPage() {
        return storage.canPage()
                && (ready.isPaging() || ready.inMemory() >= inMemoryLimit || memoryPressure);
    }

    /** A paged-out message is back in memory, at the head of the fresh ones. */
    private void pagedIn(QueueEntry entry) {
        entry.accepted(nextSequence++);
        memory.hold(cost(entry));
    }

    private static long cost(QueueEntry entry) {
        return MessageMemory.cost(entry.message().bodySize());
    }

    /** The entry leaves this queue for good: its body reference and its memory go. */
    private void drop(QueueEntry entry) {
        memory.release(cost(entry));
        storage.settled(entry);
        entry.message().release();
    }

    private void dropPaged(long word) {
        memory.release(PAGED_COST);
        storage.settledPaged(word);
    }

    private void afterBatch() {
        if (!credits.isEmpty()) {
            credits.forEach((flow, tally) -> flow.processed((int) tally[0], tally[1]));
            credits.clear();
        }
        if (!deleted && !stopped) {
            dispatch();
        }
        storage.flush();
        memoryPressure = storage.canPage() && memory.overPagingLimit();
        publishCounts();
    }

    private void dispatch() {
        int handedOut = 0;
        int noAck = 0;
        int redelivered = 0;
        DeliveryTarget lastTarget = null;
        Handouts lastHandouts = null;
        Map<DeliveryTarget, Handouts> others = null;
        while (!ready.isEmpty()) {
            if (handedOut == DISPATCH_LIMIT) {
                mailbox.wake();
                break;
            }
            QueueConsumer consumer = consumers.next(this);
            if (consumer == null) {
                break;
            }
            QueueEntry entry = ready.poll();
            if (entry.isRedelivered()) {
                redelivered++;
            }
            if (consumer.isNoAck()) {
                noAck++;
                memory.release(cost(entry)); // gone from the queue; its reference travels with the delivery
                storage.settled(entry);
            } else {
                consumer.inFlight++;
                unacknowledged++;
                storage.handedOut(entry);
            }
            DeliveryTarget target = consumer.target();
            if (target != lastTarget) {
                if (lastTarget != null) {
                    if (others == null) {
                        others = new IdentityHashMap<>();
                    }
                    others.put(lastTarget, lastHandouts);
                }
                lastTarget = target;
                lastHandouts = others == null ? null : others.remove(target);
                if (lastHandouts == null) {
                    lastHandouts = new Handouts();
                }
            }
            lastHandouts.add(consumer, entry);
            handedOut++;
        }
        storage.recordDeliveries(); // before any consumer can see them
        if (handedOut > 0) {
            MessageCounters stats = stats();
            stats.add(Metric.DELIVER, handedOut - noAck);
            stats.add(Metric.DELIVER_NO_ACK, noAck);
            stats.add(Metric.REDELIVER, redelivered);
        }
        // One post per channel: the round's deliveries to it travel together, in order.
        if (lastTarget != null) {
            lastTarget.deliver(this, lastHandouts);
        }
        if (others != null) {
            others.forEach((target, handouts) -> target.deliver(this, handouts));
        }
    }

    private void doSettle(QueueConsumer consumer, List<QueueEntry> entries, Settlement settlement) {
        int count = entries.size();
        if (consumer != null) {
            consumer.inFlight -= count;
        }
        unacknowledged -= count;
        if (settlement == Settlement.ACK) {
            stats().add(Metric.ACK, count);
        }
        for (QueueEntry entry : entries) {
            if (stopped && settlement == Settlement.REQUEUE) {
                forget(entry);
            } else if (settlement == Settlement.REQUEUE && !deleted) {
                entry.markRedelivered();
                ready.addRequeued(entry);
            } else {
                drop(entry);
            }
        }
    }

    private void doReturnUndelivered(QueueConsumer consumer, QueueEntry entry, boolean noAck) {
        // It never reached the client: take back what handing it out counted.
        MessageCounters stats = stats();
        stats.add(consumer != null ? (noAck ? Metric.DELIVER_NO_ACK : Metric.DELIVER)
                : (noAck ? Metric.GET_NO_ACK : Metric.GET), -1);
        if (entry.isRedelivered()) {
            stats.add(Metric.REDELIVER, -1);
        }
        if (!noAck) {
            if (consumer != null) {
                consumer.inFlight--;
            }
            unacknowledged--;
        } else {
            memory.hold(cost(entry)); // it left the queue's count when handed out
        }
        if (stopped) {
            forget(entry);
        } else if (deleted) {
            drop(entry);
        } else {
            ready.addRequeued(entry);
        }
    }

    private AmqpException doAddConsumer(QueueConsumer consumer) {
        if (deleted) {
            return AmqpException.notFound("no queue '" + name + "' in vhost '" + vhost + "'");
        }
        if (consumers.hasExclusive() || (consumer.isExclusive() && !consumers.isEmpty())) {
            return AmqpException.accessRefused("queue '" + name + "' in vhost '" + vhost + "' in exclusive use");
        }
        if (consumers.isEmpty()) {
            liveWith(consumer);
        }
        consumers.add(consumer);
        everConsumed = true;
        return null;
    }

    private void doRemoveConsumer(QueueConsumer consumer) {
        if (!consumers.remove(consumer)) {
            return;
        }
        if (settings.autoDelete() && everConsumed && consumers.isEmpty() && !deleted) {
            markDeleted();
            lifecycle.autoDeleted(this);
        } else if (!consumers.isEmpty() && mailbox.livesOn(consumer.target().executor())) {
            liveWith(consumers.first());
        }
    }

    /**
     * Moves the queue to the thread {@code consumer}'s connection lives on, from the next batch on:
     * handing that consumer a message then wakes no other thread, a latency of its own and the larger
     * part of a message's trip when messages come one at a time.
     */
    private void liveWith(QueueConsumer consumer) {
        mailbox.moveTo(consumer.target().executor());
    }

    private void doGet(boolean noAck, GetCallback done) {
        QueueEntry entry = deleted ? null : ready.poll();
        MessageCounters stats = stats();
        if (entry == null) {
            stats.increment(Metric.GET_EMPTY);
        } else {
            stats.increment(noAck ? Metric.GET_NO_ACK : Metric.GET);
            if (entry.isRedelivered()) {
                stats.increment(Metric.REDELIVER);
            }
        }
        if (entry != null && !noAck) {
            unacknowledged++;
            storage.handedOut(entry);
            storage.recordDeliveries();
        } else if (entry != null) {
            memory.release(cost(entry));
            storage.settled(entry);
        }
        publishCounts();
        done.result(entry, ready.size());
    }

    private int doPurge() {
        int purged = ready.drainTo(this::drop, this::dropPaged);
        publishCounts();
        return purged;
    }

    private void doDelete(boolean ifUnused, boolean ifEmpty, DeleteCallback done) {
        if (deleted) {
            done.result(0, null);
            return;
        }
        if (ifUnused && !consumers.isEmpty()) {
            done.result(0, AmqpException.preconditionFailed(resource() + " in use"));
            return;
        }
        if (ifEmpty && !ready.isEmpty()) {
            done.result(0, AmqpException.preconditionFailed(resource() + " not empty"));
            return;
        }
        int count = ready.size();
        markDeleted();
        done.result(count, null);
    }

    private void markDeleted() {
        if (deleted) {
            return;
        }
        deleted = true;
        deletedFlag = true;
        storage.dropped();
        ready.drainTo(this::drop, this::dropPaged);
        for (QueueConsumer consumer : consumers.all()) {
            consumers.remove(consumer);
            consumer.target().consumerCancelled(this, consumer);
        }
        publishCounts();
    }

    private void publishCounts() {
        readyCount = ready.size();
        unacknowledgedCount = unacknowledged;
        consumerCount = consumers.size();
    }

    @Override
    public String toString() {
        return resource().toString();
    }

    /** How a delivered message ends. */
    public enum Settlement {
        ACK, REQUEUE, DISCARD
    }

    /** The answer to {@link #get}. */
    @FunctionalInterface
    public interface GetCallback {
        void result(QueueEntry entry, int remaining);
    }

    /** The answer to {@link #counts}. */
    @FunctionalInterface
    public interface CountsCallback {
        void counts(int messages, int consumers);
    }

    /** The answer to {@link #delete}. */
    @FunctionalInterface
    public interface DeleteCallback {
        void result(int messagesDeleted, AmqpException refused);
    }
}
