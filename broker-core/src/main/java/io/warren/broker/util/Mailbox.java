package io.warren.broker.util;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.PlatformDependent;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox of a single-owner component (a queue, a connection): any thread may {@link #post} to it;
 * items are handled one at a time, in order, on the owner's executor, so the owner's state needs no
 * lock. This is how channels talk to queues and queues to connections (DESIGN.md: "a queue has one
 * owner thread at a time").
 *
 * <p>Posting only schedules a drain when none is pending, so a burst of posts costs one task, and
 * the owner handles the whole burst in one go (then runs {@code afterBatch}, e.g. to flush a
 * socket once). A drain handles at most {@code batchLimit} items before yielding the thread, so one
 * busy owner cannot starve the others sharing its event loop.
 */
public final class Mailbox<T> {
    private static final Logger log = LoggerFactory.getLogger(Mailbox.class);

    private final Queue<T> items = PlatformDependent.newMpscQueue();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean wakeRequested = new AtomicBoolean();
    /**
     * Where drains run. Changed only by the owner during a drain ({@link #moveTo}); posters read it
     * only after winning {@code scheduled}, which the drain releases after the change, so they see it.
     */
    private volatile Executor executor;
    private final Consumer<T> handler;
    private final Runnable afterBatch;
    private final int batchLimit;
    private final Runnable drain = this::drain;

    public Mailbox(Executor executor, Consumer<T> handler, Runnable afterBatch, int batchLimit) {
        this.executor = executor;
        this.handler = handler;
        this.afterBatch = afterBatch;
        this.batchLimit = batchLimit;
    }

    public void post(T item) {
        items.offer(item);
        if (scheduled.compareAndSet(false, true)) {
            executor.execute(drain);
        }
    }

    /**
     * Asks for a drain even with nothing posted, so the owner's {@code afterBatch} runs (e.g. to
     * dispatch). A wake that arrives while a drain runs is remembered and earns another drain: the
     * running one may already be past its {@code afterBatch}.
     */
    public void wake() {
        wakeRequested.set(true);
        if (scheduled.compareAndSet(false, true)) {
            executor.execute(drain);
        }
    }

    private void drain() {
        wakeRequested.set(false);
        int handled = 0;
        T item;
        try {
            while (handled < batchLimit && (item = items.poll()) != null) {
                handled++;
                try {
                    handler.accept(item);
                } catch (RuntimeException e) {
                    log.error("mailbox item {} failed", item, e);
                }
            }
            afterBatch.run();
        } catch (RuntimeException e) {
            log.error("mailbox batch failed", e);
        } finally {
            scheduled.set(false);
            if ((!items.isEmpty() || wakeRequested.get()) && scheduled.compareAndSet(false, true)) {
                continueLater();
            }
        }
    }

    /**
     * Schedules the next drain of an owner that still has work. On an event loop it comes after the
     * loop's next look at its sockets: otherwise an owner fed without pause from other threads would
     * keep the loop busy with its drains, and the connections living on that loop would wait. Not
     * once the loop is shutting down: Netty cancels scheduled tasks then, but still runs queued ones.
     * (A continuation scheduled just before the shutdown began is cancelled with the rest; owners that
     * must finish something at shutdown are waited for before the loops stop, as the broker does
     * with its queues.)
     */
    private void continueLater() {
        Executor next = executor;
        try {
            if (next instanceof EventExecutor loop && loop.inEventLoop() && !loop.isShuttingDown()) {
                loop.schedule(drain, 0, TimeUnit.NANOSECONDS);
            } else {
                next.execute(drain);
            }
        } catch (RejectedExecutionException e) {
            // The owner's thread is gone (the broker stopped): what is left cannot be handled. Let a
            // later post try again, and fail visibly, rather than be swallowed by a stuck flag.
            scheduled.set(false);
            log.debug("mailbox: {} item(s) left behind, its executor has stopped", items.size());
        }
    }

    /**
     * Moves the owner to another thread: drains after the current one run on {@code next}. Only the
     * owner may call this, from within a drain; the state it owns passes over with the next drain's
     * task hand-off, so it still has one thread at a time.
     */
    public void moveTo(Executor next) {
        executor = next;
    }

    /** Whether the owner lives on {@code candidate} (the owner's thread only). */
    public boolean livesOn(Executor candidate) {
        return executor == candidate;
    }

    /** Items waiting, approximately (for statistics). */
    public int size() {
        return items.size();
    }
}
