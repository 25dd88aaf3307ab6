package io.warren.broker.stats;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Message counters with a single writer: the thread that owns the counted object (a queue's thread,
 * a channel's connection event loop) adds with plain arithmetic and an opaque store, which on x86 is
 * an ordinary store: no lock prefix, no fence, no shared cache line with other writers. Other threads
 * (the sampler, the metrics endpoint) read with opaque loads, seeing each value whole and at most a
 * moment late.
 *
 * <p>The values sit between 64 bytes of padding on either side, so that no object another thread
 * writes (a queue entry, a task posted to a mailbox) can share their cache line.
 *
 * <p>Never write one instance from two threads: increments would be lost.
 */
public final class MessageCounters {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
    /** Longs of padding before the first value (and after the last). */
    static final int PAD = 8;

    private final long[] values = new long[PAD + Metric.COUNT + PAD];

    /** Adds one; owner thread only. */
    public void increment(Metric metric) {
        int i = PAD + metric.ordinal();
        SLOT.setOpaque(values, i, values[i] + 1);
    }

    /** Adds {@code amount} (which may be negative, to take back a count); owner thread only. */
    public void add(Metric metric, long amount) {
        int i = PAD + metric.ordinal();
        SLOT.setOpaque(values, i, values[i] + amount);
    }

    /** The current value, from any thread. */
    public long get(Metric metric) {
        return (long) SLOT.getOpaque(values, PAD + metric.ordinal());
    }

    /** Adds every counter into {@code totals}, indexed by {@link Metric#ordinal()}; any thread. */
    public void addTo(long[] totals) {
        for (int i = 0; i < totals.length && i < Metric.COUNT; i++) {
            totals[i] += (long) SLOT.getOpaque(values, PAD + i);
        }
    }
}
