package io.warren.broker.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.warren.broker.util.Mailbox;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A loop that hosts a queue flooded from another thread must still serve the sockets living on it.
 * With Netty's defaults (tasks for up to a second between socket polls) and a mailbox that re-queued
 * itself straight away, each round trip below waited about a second; the bound leaves two orders
 * of magnitude of slack over what a fair loop needs.
 */
class BusyLoopFairnessTest {
    private static final int ROUND_TRIPS = 50;

    @Test
    void socketsOnALoopKeepBeingServedWhileAMailboxOnItIsFlooded() throws Exception {
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
            // Each item costs the loop a few microseconds (as paging messages out does), more than
            // posting it costs the feeder: the mailbox never runs dry.
            Mailbox<Long> busy = new Mailbox<>(loop, item -> {
                long until = System.nanoTime() + 1_000;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                handled.incrementAndGet();
            }, () -> { }, 4096);
            AtomicBoolean flooding = new AtomicBoolean(true);
            Thread feeder = new Thread(() -> {
                long n = 0;
                while (flooding.get()) {
                    busy.post(n++);
                    while ((n & 0x3FF) == 0 && busy.size() > 100_000 && flooding.get()) {
                        Thread.onSpinWait(); // memory stays bounded if the loop falls behind
                    }
                }
            }, "mailbox-feeder");
            feeder.start();
            try (Socket client = new Socket()) {
                client.connect((InetSocketAddress) server.localAddress(), 5_000);
                client.setSoTimeout(20_000);
                client.setTcpNoDelay(true);
                OutputStream out = client.getOutputStream();
                InputStream in = client.getInputStream();
                while (handled.get() < 20_000) {
                    Thread.sleep(10); // the flood is on before we measure
                }
                long start = System.nanoTime();
                for (int i = 0; i < ROUND_TRIPS; i++) {
                    out.write(i & 0x7F);
                    out.flush();
                    assertThat(in.read()).isEqualTo(i & 0x7F);
                }
                long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(elapsedMillis).as("%d round trips while the loop was flooded", ROUND_TRIPS)
                        .isLessThan(10_000);
            } finally {
                flooding.set(false);
                feeder.join();
                server.close().sync();
            }
            assertThat(handled.get()).as("the mailbox kept the loop busy").isGreaterThan(20_000);
        }
    }

    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush((ByteBuf) msg);
        }
    }
}
