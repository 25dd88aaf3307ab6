package io.warren.broker.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import io.warren.broker.util.Mailbox;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A loop kept busy from other threads must still serve the sockets living on it. The flood: a
 * mailbox (a queue) fed without pause, and in the second test also a stream of small tasks (other
 * queues' drains, connection work); each costs the loop more than it costs its feeder, so the
 * loop's task queue never runs dry. The first test fails when a mailbox re-queues its drain
 * straight away (each drain then runs between two socket polls: ~17 s for the round trips), the
 * second with Netty 4.2's default of up to a second of tasks between socket polls (~50 s). A fair
 * loop needs about a second for both; the bound leaves ample slack for a loaded machine.
 */
class BusyLoopFairnessTest {
    private static final int ROUND_TRIPS = 50;
    private static final long ROUND_TRIPS_BOUND_MILLIS = 10_000;

    @Test
    @Timeout(120)
    void aFloodedMailboxDoesNotStarveTheSocketsOnItsLoop() throws Exception {
        assertRoundTripsWhileFlooded(false);
    }

    @Test
    @Timeout(120)
    void aStreamOfTasksDoesNotStarveTheSocketsOnTheLoop() throws Exception {
        assertRoundTripsWhileFlooded(true);
    }

    private static void assertRoundTripsWhileFlooded(boolean withTasks) throws Exception {
        try (NettyTransport transport = new NettyTransport(1)) {
            EventLoop loop = transport.workers().next();
            Channel server = transport.serverBootstrap()
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new Echo());
                        }
                    })
                    .bind("127.0.0.1", 0).sync().channel();
            AtomicLong handled = new AtomicLong();
            AtomicLong tasksRun = new AtomicLong();
            Mailbox<Long> busy = new Mailbox<>(loop, item -> {
                spin(1_000);
                handled.incrementAndGet();
            }, () -> { }, 4096);
            Runnable smallTask = () -> {
                spin(2_000);
                tasksRun.incrementAndGet();
            };
            AtomicBoolean flooding = new AtomicBoolean(true);
            // Two feeders, each holding back only on its own backlog, so memory stays bounded.
            Thread mailFeeder = new Thread(() -> {
                long n = 0;
                while (flooding.get()) {
                    busy.post(n++);
                    while ((n & 0x3FF) == 0 && busy.size() > 100_000 && flooding.get()) {
                        Thread.onSpinWait();
                    }
                }
            }, "mail-feeder");
            Thread taskFeeder = new Thread(() -> {
                while (flooding.get()) {
                    loop.execute(smallTask);
                    while (((SingleThreadEventExecutor) loop).pendingTasks() > 10_000 && flooding.get()) {
                        Thread.onSpinWait();
                    }
                }
            }, "task-feeder");
            mailFeeder.start();
            if (withTasks) {
                taskFeeder.start();
            }
            try (Socket client = new Socket()) {
                client.connect((InetSocketAddress) server.localAddress(), 5_000);
                client.setSoTimeout(20_000);
                client.setTcpNoDelay(true);
                OutputStream out = client.getOutputStream();
                InputStream in = client.getInputStream();
                long warmUpDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                long tasksWanted = withTasks ? 1_000 : 0;
                while ((handled.get() < 20_000 || tasksRun.get() < tasksWanted) && System.nanoTime() < warmUpDeadline) {
                    Thread.sleep(10); // the flood is on before we measure
                }
                assertThat(handled.get()).as("mailbox items handled before measuring").isGreaterThanOrEqualTo(20_000);
                assertThat(tasksRun.get()).as("small tasks run before measuring").isGreaterThanOrEqualTo(tasksWanted);
                long start = System.nanoTime();
                for (int i = 0; i < ROUND_TRIPS; i++) {
                    out.write(i & 0x7F);
                    out.flush();
                    assertThat(in.read()).isEqualTo(i & 0x7F);
                }
                long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(elapsedMillis).as("%d round trips while the loop was flooded", ROUND_TRIPS)
                        .isLessThan(ROUND_TRIPS_BOUND_MILLIS);
            } finally {
                flooding.set(false);
                mailFeeder.join();
                if (withTasks) {
                    taskFeeder.join();
                }
                server.close().sync();
            }
        }
    }

    private static void spin(long nanos) {
        long until = System.nanoTime() + nanos;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush((ByteBuf) msg);
        }
    }
}
