package io.warren.broker.queue;

import io.warren.broker.flow.PublisherFlow;
import io.warren.broker.message.Message;

/**
 * A message's place in one queue: the shared {@link Message}, its position, and whether it has been
 * delivered before. The queue that holds it owns one reference to the message body.
 *
 * <p>Its mutable fields are written by the owning queue's thread only; other threads read them
 * after receiving the entry through a mailbox, which orders the accesses.
 */
public final class QueueEntry {
    private final Message message;
    private PublisherFlow flow;
    private long sequence;
    private boolean redelivered;

    /** An entry for a message just published; {@code flow} is credited once the queue takes it. */
    public QueueEntry(Message message, PublisherFlow flow) {
        this.message = message;
        this.flow = flow;
    }

    public Message message() {
        return message;
    }

    public long sequence() {
        return sequence;
    }

    public boolean isRedelivered() {
        return redelivered;
    }

    void accepted(long sequence) {
        this.sequence = sequence;
    }

    void markRedelivered() {
        redelivered = true;
    }

    /** Hands back the publisher to credit, once. */
    PublisherFlow takeFlow() {
        PublisherFlow f = flow;
        flow = null;
        return f;
    }

    @Override
    public String toString() {
        return "QueueEntry[" + sequence + (redelivered ? ", redelivered" : "") + "]";
    }
}
