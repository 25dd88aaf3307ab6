package io.warren.broker.queue;

import java.util.ArrayDeque;

/**
 * A first-in first-out queue of {@code long}s: how a queue remembers the messages it paged out, at
 * eight bytes each instead of a few hundred for an object graph.
 *
 * <p>It grows in chunks rather than by doubling one array: a backlog of millions never needs a
 * copy of itself (which would briefly take three times its size), and drained chunks go back to
 * the garbage collector as the backlog shrinks.
 */
final class LongDeque {
    private static final int CHUNK = 4096;

    private final ArrayDeque<long[]> chunks = new ArrayDeque<>();
    /** Next read index in the first chunk. */
    private int head;
    /** Next write index in the last chunk. */
    private int tail = CHUNK;
    private int size;

    void addLast(long value) {
        if (tail == CHUNK) {
            chunks.addLast(new long[CHUNK]);
            tail = 0;
        }
        chunks.peekLast()[tail++] = value;
        size++;
    }

    long pollFirst() {
        if (size == 0) {
            throw new IllegalStateException("empty");
        }
        long value = chunks.peekFirst()[head++];
        size--;
        if (head == CHUNK || size == 0) {
            if (size == 0) {
                chunks.clear();
                tail = CHUNK;
            } else {
                chunks.pollFirst();
            }
            head = 0;
        }
        return value;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    @Override
    public String toString() {
        return "LongDeque[" + size + "]";
    }
}
