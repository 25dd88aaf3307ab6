package io.warren.broker.channel;

import java.util.List;

/**
 * A channel's unsettled deliveries by delivery tag.
 *
 * <p>Tags grow by one per delivery, and clients mostly acknowledge in order, so a circular array
 * indexed by {@code tag - firstTag} gives O(1) lookup and removal with no per-delivery map node.
 * Tags of no-ack deliveries leave empty slots, trimmed as the head advances.
 */
final class UnackedDeliveries {
    private Unacked[] slots = new Unacked[64];
    private int start;
    private int length;
    private int count;
    private long firstTag;

    void add(Unacked unacked) {
        if (count == 0) {
            start = 0;
            length = 0;
            firstTag = unacked.tag;
        }
        long offset = unacked.tag - firstTag;
        if (offset < length || offset > Integer.MAX_VALUE - 1) {
            throw new IllegalStateException("delivery tags must grow: " + unacked.tag);
        }
        int index = (int) offset;
        ensureCapacity(index + 1);
        for (int i = length; i < index; i++) {
            slots[slot(i)] = null;
        }
        slots[slot(index)] = unacked;
        length = index + 1;
        count++;
    }

    Unacked get(long tag) {
        long offset = tag - firstTag;
        if (count == 0 || offset < 0 || offset >= length) {
            return null;
        }
        return slots[slot((int) offset)];
    }

    Unacked remove(long tag) {
        Unacked found = get(tag);
        if (found != null) {
            slots[slot((int) (tag - firstTag))] = null;
            count--;
            trimHead();
        }
        return found;
    }

    /** Removes every delivery with a tag up to and including {@code tag}, oldest first, into {@code out}. */
    void removeUpTo(long tag, List<Unacked> out) {
        if (count == 0 || tag < firstTag) {
            return;
        }
        int last = (int) Math.min(tag - firstTag, length - 1);
        for (int i = 0; i <= last; i++) {
            int s = slot(i);
            if (slots[s] != null) {
                out.add(slots[s]);
                slots[s] = null;
                count--;
            }
        }
        trimHead();
    }

    /** Adds every delivery up to and including {@code tag} to {@code out}, without removing them. */
    void collectUpTo(long tag, List<Unacked> out) {
        if (count == 0 || tag < firstTag) {
            return;
        }
        int last = (int) Math.min(tag - firstTag, length - 1);
        for (int i = 0; i <= last; i++) {
            Unacked u = slots[slot(i)];
            if (u != null) {
                out.add(u);
            }
        }
    }

    void removeAll(List<Unacked> out) {
        removeUpTo(Long.MAX_VALUE, out);
    }

    int size() {
        return count;
    }

    boolean isEmpty() {
        return count == 0;
    }

    private void trimHead() {
        if (count == 0) {
            start = 0;
            length = 0;
            return;
        }
        while (length > 0 && slots[start] == null) {
            start = (start + 1) % slots.length;
            length--;
            firstTag++;
        }
    }

    private int slot(int index) {
        return (start + index) % slots.length;
    }

    private void ensureCapacity(int needed) {
        if (needed <= slots.length) {
            return;
        }
        int capacity = slots.length;
        while (capacity < needed) {
            capacity *= 2;
        }
        Unacked[] grown = new Unacked[capacity];
        for (int i = 0; i < length; i++) {
            grown[i] = slots[slot(i)];
        }
        slots = grown;
        start = 0;
    }
}
