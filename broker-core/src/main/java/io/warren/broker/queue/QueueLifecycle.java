package io.warren.broker.queue;

/** Who hears when a queue ends by itself, so it can forget the queue and its bindings. */
@FunctionalInterface
public interface QueueLifecycle {
    /** An auto-delete queue lost its last consumer and deleted itself. Called on the queue's thread. */
    void autoDeleted(MessageQueue queue);
}
