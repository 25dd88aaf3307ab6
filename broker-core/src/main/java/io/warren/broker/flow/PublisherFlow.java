package io.warren.broker.flow;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Credit-based backpressure for one publishing connection, after RabbitMQ's credit flow: every
 * message handed to a queue costs credit, which the queue gives back once it has taken the message
 * off its inbox. When too much is outstanding the connection stops reading its socket, so a
 * publisher can never outrun its queues by more than a bounded amount of memory.
 *
 * <p>{@link #sent} runs on the connection's thread; {@link #processed} on queue threads.
 */
public final class PublisherFlow {
    /** Outstanding messages, or bytes, at which reading stops; it resumes at half. */
    public static final int MAX_MESSAGES = 4000;
    public static final long MAX_BYTES = 64L * 1024 * 1024;

    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final Throttle throttle;
    private volatile boolean paused;

    /** What the connection does when it must stop or may resume reading. */
    public interface Throttle {
        /** Called on the connection's thread. */
        void pause();

        /** Called from any thread; the connection hops to its own thread. */
        void resume();
    }

    public PublisherFlow(Throttle throttle) {
        this.throttle = throttle;
    }

    /** A message of {@code size} bytes was handed to one queue. */
    public void sent(int size) {
        long m = messages.incrementAndGet();
        long b = bytes.addAndGet(size);
        if (!paused && (m >= MAX_MESSAGES || b >= MAX_BYTES)) {
            paused = true;
            throttle.pause();
        }
    }

    /** A queue took {@code count} messages totalling {@code size} bytes off its inbox. */
    public void processed(int count, long size) {
        long m = messages.addAndGet(-count);
        long b = bytes.addAndGet(-size);
        if (paused && m <= MAX_MESSAGES / 2 && b <= MAX_BYTES / 2) {
            paused = false;
            throttle.resume();
        }
    }

    public boolean isPaused() {
        return paused;
    }

    public long outstandingMessages() {
        return messages.get();
    }
}
