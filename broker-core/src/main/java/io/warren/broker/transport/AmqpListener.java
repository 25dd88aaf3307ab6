package io.warren.broker.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.warren.amqp.frame.CommandAssembler;
import io.warren.amqp.frame.FrameDecoder;
import io.warren.amqp.frame.FrameEncoder;
import io.warren.broker.config.Listener;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * The AMQP TCP listener. Each accepted socket gets the codec pipeline:
 * <pre>
 *   FrameDecoder -> CommandAssembler -> [connection handler]
 *   FrameEncoder (outbound, shared)
 * </pre>
 */
public final class AmqpListener implements AutoCloseable {
    private final Channel serverChannel;
    private final ChannelGroup connections;

    private AmqpListener(Channel serverChannel, ChannelGroup connections) {
        this.serverChannel = serverChannel;
        this.connections = connections;
    }

    /**
     * Binds {@code listener} and serves each connection with a fresh handler from {@code handlers}.
     *
     * @param initialFrameMax the frame size allowed before {@code connection.tune-ok}
     */
    public static AmqpListener bind(NettyTransport transport, Listener listener, int initialFrameMax,
                                    Supplier<ChannelHandler> handlers) throws InterruptedException {
        ChannelGroup connections = new DefaultChannelGroup("amqp-connections", GlobalEventExecutor.INSTANCE);
        ChannelInitializer<Channel> initializer = new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                connections.add(ch);
                ChannelPipeline p = ch.pipeline();
                p.addLast("frame-decoder", FrameDecoder.forServer(initialFrameMax));
                p.addLast("command-assembler", new CommandAssembler());
                p.addLast("frame-encoder", FrameEncoder.INSTANCE);
                p.addLast("connection", handlers.get());
            }
        };
        InetSocketAddress address = listener.host() == null
                ? new InetSocketAddress(listener.port())
                : new InetSocketAddress(listener.host(), listener.port());
        Channel server = transport.serverBootstrap().childHandler(initializer).bind(address).sync().channel();
        return new AmqpListener(server, connections);
    }

    public InetSocketAddress boundAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** The open client connections. */
    public ChannelGroup connections() {
        return connections;
    }

    /** Stops accepting; open connections are the broker's to close. */
    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly();
    }
}
