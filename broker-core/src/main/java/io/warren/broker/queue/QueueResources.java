package io.warren.broker.queue;

import io.warren.broker.flow.MessageMemory;
import io.warren.store.MessageStore;

/**
 * What every queue shares: the account of message memory, the message store, and how many messages
 * a queue keeps in memory before it pages the rest out.
 *
 * @param store null for a broker without one (tests of other parts); queues then keep everything
 *     in memory
 */
public record QueueResources(MessageMemory memory, MessageStore store, int inMemoryLimit) {
    /** Memory only: no store, no paging. */
    public static QueueResources inMemory(MessageMemory memory) {
        return new QueueResources(memory, null, Integer.MAX_VALUE);
    }
}
