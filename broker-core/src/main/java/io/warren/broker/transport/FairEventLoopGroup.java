package io.warren.broker.transport;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SingleThreadIoEventLoop;
import io.netty.util.concurrent.RejectedExecutionHandlers;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * Event loops that go back to their sockets after about {@link #TASK_QUANTUM_MILLIS} ms of queued
 * tasks, rather than Netty 4.2's default of up to a second. Netty checks the time every 64 tasks, so
 * the bound is 1 ms or 64 tasks, whichever ends later; a busy queue's drain is one task, and
 * {@link io.warren.broker.util.Mailbox} keeps a busy owner to one drain per poll.
 *
 * <p>Why: queues live on these loops and publishers on other threads post to them all the time, so a
 * loop's task queue may never run dry. With the default, a consumer sharing a loop with such a queue
 * had its socket written (and its acks read) about once a second and fell to ~2 000 msg/s while its
 * publisher went on at 280 000/s. A poll with work pending costs one non-blocking {@code epoll_wait}.
 */
final class FairEventLoopGroup extends MultiThreadIoEventLoopGroup {
    static final long TASK_QUANTUM_MILLIS = 1;

    FairEventLoopGroup(int threads, ThreadFactory threadFactory, IoHandlerFactory ioHandlerFactory) {
        super(threads, threadFactory, ioHandlerFactory);
    }

    @Override
    protected IoEventLoop newChild(Executor executor, IoHandlerFactory ioHandlerFactory, Object... args) {
        return new SingleThreadIoEventLoop(this, executor, ioHandlerFactory, Integer.MAX_VALUE,
                RejectedExecutionHandlers.reject(), TASK_QUANTUM_MILLIS);
    }
}
