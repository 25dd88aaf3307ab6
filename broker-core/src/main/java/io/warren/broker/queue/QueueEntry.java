package io.warren.broker.queue;

import io.warren.store.Locations;
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
    private final long location;
    private final boolean recorded;
    private PublisherFlow flow;
    private long sequence;
    private boolean redelivered;

    /** An entry for a message just published; {@code flow} is credited once the queue takes it. */
    public QueueEntry(Message message, PublisherFlow flow) {
        this(message, flow, Locations.NONE, false);
    }

    /**
     * An entry whose message is in the message store at {@code location}; {@code recorded} when the
     * store lists this queue among the message's holders (a persistent message in a durable queue), so
     * the queue's acknowledgement must be recorded too. Otherwise the entry holds an unrecorded
     * reference (a body paged out of memory).
     */
    public QueueEntry(Message message, PublisherFlow flow, long location, boolean recorded) {
        this.message = message;
        this.flow = flow;
        this.location = location;
        this.recorded = recorded;
    }

    /** Where the message is stored, or {@link Locations#NONE}. */
    public long location() {
        return location;
    }

    boolean isRecorded() {
        return recorded;
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
