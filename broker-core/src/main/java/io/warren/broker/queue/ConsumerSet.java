package io.warren.broker.queue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A queue's consumers, in the order RabbitMQ serves them: highest {@code x-priority} first while
 * any of them has room, round-robin among consumers of equal priority.
 *
 * <p>Consumers come and go rarely and messages flow often, so the set keeps a sorted array rebuilt
 * on change and one round-robin cursor per priority level.
 */
final class ConsumerSet {
    private final List<QueueConsumer> consumers = new ArrayList<>();
    private QueueConsumer[] sorted = new QueueConsumer[0];
    /** For each index of {@code sorted}: where its priority group ends (exclusive). */
    private int[] groupEnd = new int[0];
    /** For each group start index: the next consumer to try. */
    private int[] cursor = new int[0];

    void add(QueueConsumer consumer) {
        consumers.add(consumer);
        rebuild();
    }

    boolean remove(QueueConsumer consumer) {
        boolean removed = consumers.remove(consumer);
        if (removed) {
            rebuild();
        }
        return removed;
    }

    boolean isEmpty() {
        return consumers.isEmpty();
    }

    int size() {
        return consumers.size();
    }

    /** The longest-standing consumer; the set must not be empty. */
    QueueConsumer first() {
        return consumers.get(0);
    }

    List<QueueConsumer> all() {
        return List.copyOf(consumers);
    }

    boolean hasExclusive() {
        for (QueueConsumer c : consumers) {
            if (c.isExclusive()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The next consumer to give a message to, reserved with its channel, or null when none can take
     * one now (those whose channel is blocked will wake the queue).
     */
    QueueConsumer next(MessageQueue queue) {
        int start = 0;
        while (start < sorted.length) {
            int end = groupEnd[start];
            int size = end - start;
            int first = cursor[start];
            for (int i = 0; i < size; i++) {
                int index = start + (first - start + i) % size;
                QueueConsumer candidate = sorted[index];
                if (candidate.hasRoom() && candidate.target().tryReserve(queue, candidate)) {
                    cursor[start] = index + 1 < end ? index + 1 : start;
                    return candidate;
                }
            }
            start = end;
        }
        return null;
    }

    private void rebuild() {
        List<QueueConsumer> ordered = new ArrayList<>(consumers);
        ordered.sort(Comparator.comparingInt(QueueConsumer::priority).reversed());
        sorted = ordered.toArray(new QueueConsumer[0]);
        groupEnd = new int[sorted.length];
        cursor = new int[sorted.length];
        int i = 0;
        while (i < sorted.length) {
            int j = i;
            while (j < sorted.length && sorted[j].priority() == sorted[i].priority()) {
                j++;
            }
            for (int k = i; k < j; k++) {
                groupEnd[k] = j;
            }
            cursor[i] = i;
            i = j;
        }
    }
}
