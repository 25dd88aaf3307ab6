package io.warren.broker.channel;

import io.warren.broker.queue.MessageQueue;
import io.warren.broker.queue.MessageQueue.Settlement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Passes settled deliveries back to their queues: one message per (queue, consumer) rather than one
 * per delivery, so a multiple-ack of thousands costs each queue one mailbox post.
 */
final class Settlements {
    private Settlements() {
    }

    static void apply(List<Unacked> settled, Settlement settlement) {
        if (settled.isEmpty()) {
            return;
        }
        if (settled.size() == 1) {
            Unacked only = settled.get(0);
            only.queue.settle(only.consumer, List.of(only.entry), settlement);
            return;
        }
        Map<Object, List<Unacked>> byConsumer = new LinkedHashMap<>();
        for (Unacked u : settled) {
            byConsumer.computeIfAbsent(u.consumer != null ? u.consumer : u.queue, k -> new ArrayList<>()).add(u);
        }
        for (List<Unacked> group : byConsumer.values()) {
            Unacked first = group.get(0);
            MessageQueue queue = first.queue;
            List<io.warren.broker.queue.QueueEntry> entries = new ArrayList<>(group.size());
            for (Unacked u : group) {
                entries.add(u.entry);
            }
            queue.settle(first.consumer, entries, settlement);
        }
    }

    static void requeue(List<Unacked> settled) {
        apply(settled, Settlement.REQUEUE);
    }

    /** How many of {@code settled} came to consumers (as opposed to {@code basic.get}): their prefetch units. */
    static int consumerDeliveries(List<Unacked> settled) {
        int count = 0;
        for (Unacked u : settled) {
            if (u.consumer != null) {
                count++;
            }
        }
        return count;
    }
}
