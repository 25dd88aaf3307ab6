package io.warren.broker.transport;

import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SingleThreadIoEventLoop;
import io.netty.util.concurrent.RejectedExecutionHandlers;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * Event loops that look at their sockets at least every {@link #TASK_QUANTUM_MILLIS} ms however much
 * other work is queued for them.
 *
 * <p>Why: Netty 4.2's loops run queued tasks for up to a second before polling sockets again. In
 * Warren, queues live on these loops and publishers on other threads post to them all the time, so a
 * loop's task queue may never run dry; with the default, a consumer on that loop had its socket
 * written (and its acks read) about once a second and fell to ~2 000 msg/s while its publisher went
 * on at 280 000/s. A socket poll with work pending costs one non-blocking {@code epoll_wait}.
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
