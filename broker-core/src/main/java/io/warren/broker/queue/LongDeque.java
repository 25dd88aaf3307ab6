package io.warren.broker.queue;

/**
 * A first-in first-out ring of {@code long}s: how a queue remembers the messages it paged out, at
 * eight bytes each instead of a few hundred for an object graph.
 */
final class LongDeque {
    private long[] items = new long[16];
    private int head;
    private int size;

    void addLast(long value) {
        if (size == items.length) {
            grow();
        }
        items[(head + size) & (items.length - 1)] = value;
        size++;
    }

    long peekFirst() {
        if (size == 0) {
            throw new IllegalStateException("empty");
        }
        return items[head];
    }

    long pollFirst() {
        long value = peekFirst();
        head = (head + 1) & (items.length - 1);
        size--;
        if (size == 0) {
            head = 0;
            if (items.length > 1024) {
                items = new long[16]; // a drained backlog gives its memory back
            }
        }
        return value;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] bigger = new long[items.length * 2];
        int firstPart = Math.min(size, items.length - head);
        System.arraycopy(items, head, bigger, 0, firstPart);
        System.arraycopy(items, 0, bigger, firstPart, size - firstPart);
        items = bigger;
        head = 0;
    }

    @Override
    public String toString() {
        return "LongDeque[" + size + "]";
    }
}
