package io.warren.broker.channel;

import io.warren.broker.queue.MessageQueue;
import io.warren.broker.queue.QueueConsumer;
import io.warren.broker.queue.QueueEntry;

/**
 * A delivery the client has yet to settle: which queue it came from, which consumer got it (null
 * for {@code basic.get}), and the entry itself.
 */
final class Unacked {
    final long tag;
    final MessageQueue queue;
    final QueueConsumer consumer;
    final QueueEntry entry;
    /** Acknowledged inside an open transaction, which has not yet committed. */
    boolean settledInTransaction;

    Unacked(long tag, MessageQueue queue, QueueConsumer consumer, QueueEntry entry) {
        this.tag = tag;
        this.queue = queue;
        this.consumer = consumer;
        this.entry = entry;
    }
}
