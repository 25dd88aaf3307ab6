package io.warren.broker.queue;

import java.util.concurrent.Executor;

/**
 * Where a queue sends a consumer's messages: the consumer's channel. A queue calls these methods on
 * its own thread; the channel hands the work to its connection's thread.
 */
public interface DeliveryTarget {
    /**
     * The thread the target lives on. A queue moves to its first consumer's thread, so handing that
     * consumer a message wakes no other thread.
     */
    Executor executor();

    /**
     * Whether one more message may go to {@code consumer} now. When the channel cannot take it —
     * the client paused it with {@code channel.flow}, the socket is full, or the channel's shared
     * prefetch ({@code basic.qos global}) is used up — it answers false and remembers to wake
     * {@code queue} when that changes. A true answer for an acknowledging consumer takes one unit
     * of the channel's shared prefetch, returned when the message is settled.
     */
    boolean tryReserve(MessageQueue queue, QueueConsumer consumer);

    /**
     * Sends each handed-out entry to its consumer, in order. For a no-ack consumer the entry's body
     * reference passes to the target.
     */
    void deliver(MessageQueue queue, Handouts handouts);

    /** The queue went away under the consumer (deleted); the channel tells the client with {@code basic.cancel}. */
    void consumerCancelled(MessageQueue queue, QueueConsumer consumer);
}
