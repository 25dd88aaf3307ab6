package io.warren.broker.queue;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The messages of a queue waiting for a consumer, oldest first.
 *
 * <p>A requeued message goes back to where it was, as in RabbitMQ's classic queues. Every requeued
 * message is older than every never-delivered one (delivery takes from the head), so a heap of
 * requeued entries by position, served first, and a FIFO of fresh ones suffice.
 *
 * <p>The fresh FIFO has two parts: entries in memory, then — once the queue grows past what it may
 * keep in memory — messages paged out to the store, kept as one {@code long} each (see
 * {@link QueueStorage}). Every paged message is newer than every in-memory one: once paging starts,
 * new messages join the paged part until it has drained, and the head is read back in batches as
 * the in-memory part runs dry.
 */
final class ReadyMessages {
    /** Messages read back from the store at a time. */
    private static final int PAGE_IN_BATCH = 256;

    /** Reads a paged-out message back; null when it is lost (already settled and logged). */
    interface PageIn {
        QueueEntry load(long word);
    }

    private final ArrayDeque<QueueEntry> fresh = new ArrayDeque<>();
    private final LongDeque paged = new LongDeque();
    private PriorityQueue<QueueEntry> requeued;
    private PageIn pageIn;
    /** Called for each entry read back, e.g. to count its memory and give it a position. */
    private Consumer<QueueEntry> onPagedIn;

    void pageInWith(PageIn pageIn, Consumer<QueueEntry> onPagedIn) {
        this.pageIn = pageIn;
        this.onPagedIn = onPagedIn;
    }

    void addFresh(QueueEntry entry) {
        fresh.addLast(entry);
    }

    /** Adds a paged-out message at the tail. */
    void addPaged(long word) {
        paged.addLast(word);
    }

    /** Whether new messages must join the paged part to keep their order. */
    boolean isPaging() {
        return !paged.isEmpty();
    }

    int inMemory() {
        return fresh.size();
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
        if (fresh.isEmpty() && !paged.isEmpty()) {
            readBack();
        }
        return fresh.pollFirst();
    }

    private void readBack() {
        while (fresh.size() < PAGE_IN_BATCH && !paged.isEmpty()) {
            QueueEntry entry = pageIn.load(paged.pollFirst());
            if (entry != null) {
                onPagedIn.accept(entry);
                fresh.addLast(entry);
            }
        }
    }

    boolean isEmpty() {
        return fresh.isEmpty() && paged.isEmpty() && (requeued == null || requeued.isEmpty());
    }

    int size() {
        return fresh.size() + paged.size() + (requeued == null ? 0 : requeued.size());
    }

    /**
     * Removes every message: entries in memory go to {@code sink}, paged ones to {@code pagedSink}
     * without being read back.
     */
    int drainTo(Consumer<QueueEntry> sink, LongConsumer pagedSink) {
        int count = 0;
        if (requeued != null) {
            QueueEntry entry;
            while ((entry = requeued.poll()) != null) {
                sink.accept(entry);
                count++;
            }
            requeued = null;
        }
        QueueEntry entry;
        while ((entry = fresh.pollFirst()) != null) {
            sink.accept(entry);
            count++;
        }
        while (!paged.isEmpty()) {
            pagedSink.accept(paged.pollFirst());
            count++;
        }
        return count;
    }
}
