package io.warren.broker.queue;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * The messages of a queue waiting for a consumer, oldest first.
 *
 * <p>A requeued message goes back to where it was, as in RabbitMQ's classic queues. Every requeued
 * message is older than every never-delivered one (delivery takes from the head), so two
 * structures suffice: a heap of requeued entries by position, served first, and a plain FIFO of
 * fresh ones. Both operations stay O(1) in the common case of no requeues.
 */
final class ReadyMessages {
    private final ArrayDeque<QueueEntry> fresh = new ArrayDeque<>();
    private PriorityQueue<QueueEntry> requeued;

    void addFresh(QueueEntry entry) {
        fresh.addLast(entry);
    }

    void addRequeued(QueueEntry entry) {
        if (requeued == null) {
            requeued = new PriorityQueue<>(Comparator.comparingLong(QueueEntry::sequence));
        }
        requeued.add(entry);
    }

    QueueEntry poll() {
        if (requeued != null && !requeued.isEmpty()) {
            return requeued.poll();
        }
        return fresh.pollFirst();
    }

    boolean isEmpty() {
        return fresh.isEmpty() && (requeued == null || requeued.isEmpty());
    }

    int size() {
        return fresh.size() + (requeued == null ? 0 : requeued.size());
    }

    /** Removes every entry, handing each to {@code sink}. */
    int drainTo(Consumer<QueueEntry> sink) {
        int count = 0;
        QueueEntry entry;
        while ((entry = poll()) != null) {
            sink.accept(entry);
            count++;
        }
        requeued = null;
        return count;
    }
}
