package io.warren.store;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The messages recovery found for one queue, in the order they were appended, with whether each had
 * been handed to a consumer. Built while scanning: locations only ever grow, so an acknowledgement
 * finds its message by binary search, and a queue of ten million messages costs ten million longs.
 */
public final class RecoveredQueue {
    private final long queueId;
    private long[] locations = new long[16];
    private int size;
    private int dead;
    private BitSet gone = new BitSet();
    private BitSet delivered = new BitSet();

    RecoveredQueue(long queueId) {
        this.queueId = queueId;
    }

    public long queueId() {
        return queueId;
    }

    /** Messages still in the queue. */
    public int messageCount() {
        return size - dead;
    }

    /** Calls {@code visitor} for each live message, oldest first. */
    public void forEach(Visitor visitor) {
        for (int i = gone.nextClearBit(0); i < size; i = gone.nextClearBit(i + 1)) {
            visitor.message(locations[i], delivered.get(i));
        }
    }

    /** What {@link #forEach} hands out. */
    @FunctionalInterface
    public interface Visitor {
        void message(long location, boolean delivered);
    }

    void add(long location) {
        if (size == locations.length) {
            locations = Arrays.copyOf(locations, size * 2);
        }
        locations[size++] = location;
    }

    void acked(long location) {
        int i = indexOf(location);
        if (i >= 0 && !gone.get(i)) {
            gone.set(i);
            dead++;
        }
    }

    void delivered(long location) {
        int i = indexOf(location);
        if (i >= 0) {
            delivered.set(i);
        }
    }

    /** The queue was deleted: everything so far is dead. */
    void clear() {
        locations = new long[16];
        size = 0;
        dead = 0;
        gone = new BitSet();
        delivered = new BitSet();
    }

    private int indexOf(long location) {
        return Arrays.binarySearch(locations, 0, size, location);
    }
}
