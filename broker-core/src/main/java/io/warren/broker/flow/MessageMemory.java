package io.warren.broker.flow;

import java.util.concurrent.atomic.LongAdder;

/**
 * The memory the broker's queues hold for messages: each entry's body plus a fixed allowance for
 * the objects that carry it, counted as queues take messages in and let them go. Java brokers
 * (Artemis' global-max-size, Qpid's flow to disk) bound message memory this way rather than by
 * reading the heap, which also holds garbage and allocator caches and would keep an alarm up long
 * after the messages were gone.
 *
 * <p>A message routed to several queues counts once per queue: conservative, as the alarm should be.
 */
public final class MessageMemory {
    /** Per-entry allowance for the queue entry, message, header and buffer objects (and small bodies' framing). */
    public static final int ENTRY_OVERHEAD = 320;

    private final LongAdder bytes = new LongAdder();
    private volatile long pagingLimit = Long.MAX_VALUE;

    /** What holding a message of {@code bodySize} bytes costs. */
    public static long cost(int bodySize) {
        return bodySize + ENTRY_OVERHEAD;
    }

    public void hold(long cost) {
        bytes.add(cost);
    }

    public void release(long cost) {
        bytes.add(-cost);
    }

    public long bytes() {
        return bytes.sum();
    }

    /**
     * Above {@code limit} bytes, queues page new messages out to the store rather than keep them
     * (set below the memory alarm, so that a backlog goes to disk before publishers are blocked).
     */
    public void pageAbove(long limit) {
        pagingLimit = limit;
    }

    public boolean overPagingLimit() {
        return bytes.sum() > pagingLimit;
    }
}
