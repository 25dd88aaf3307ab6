package io.warren.broker.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * The broker's event loops: native epoll where the platform has it, NIO elsewhere. One acceptor
 * thread and a pool of I/O threads shared by every listener; no thread per connection.
 */
public final class NettyTransport implements AutoCloseable {
    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final Class<? extends ServerChannel> serverChannelClass;
    private final boolean nativeEpoll;

    public NettyTransport(int ioThreads) {
        nativeEpoll = Epoll.isAvailable();
        IoHandlerFactory factory = nativeEpoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        acceptors = new MultiThreadIoEventLoopGroup(1, new NamedThreadFactory("warren-accept"), factory);
        workers = new FairEventLoopGroup(ioThreads, new NamedThreadFactory("warren-io"), factory);
        serverChannelClass = nativeEpoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** A server bootstrap on these loops with the socket options every listener wants. */
    public ServerBootstrap serverBootstrap() {
        return new ServerBootstrap()
                .group(acceptors, workers)
                .channel(serverChannelClass)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                // Room for a queue's whole dispatch batch before the socket counts as full: with
                // Netty's 64 KiB default, writability flapped on every batch of small deliveries.
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(512 * 1024, 1024 * 1024));
    }

    public EventLoopGroup workers() {
        return workers;
    }

    public boolean isNativeEpoll() {
        return nativeEpoll;
    }

    @Override
    public void close() {
        acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        acceptors.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        workers.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
