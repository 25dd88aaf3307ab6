package io.warren.management;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.warren.broker.transport.NettyTransport;
import io.warren.management.metrics.MetricsHandler;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The management HTTP listener, on the broker's event loops. Each connection's pipeline:
 * <pre>
 *   HttpServerCodec -> HttpServerKeepAliveHandler -> HttpObjectAggregator -> MetricsHandler -> HttpRequestHandler
 * </pre>
 */
final class HttpServer implements AutoCloseable {
    /** Large enough for a definitions import of a big broker, small enough not to exhaust the heap. */
    static final int MAX_REQUEST_BYTES = 64 * 1024 * 1024;

    private final Channel serverChannel;
    private final ChannelGroup connections;

    private HttpServer(Channel serverChannel, ChannelGroup connections) {
        this.serverChannel = serverChannel;
        this.connections = connections;
    }

    /**
     * Binds {@code host:port} ({@code host} null for every interface) and serves requests with
     * {@code router}.
     *
     * @throws IOException naming the address when it cannot be bound, e.g. because the port is in use
     */
    static HttpServer bind(NettyTransport transport, String host, int port, Router router, MetricsHandler metrics)
            throws IOException, InterruptedException {
        ChannelGroup connections = new DefaultChannelGroup("management-connections", GlobalEventExecutor.INSTANCE);
        HttpRequestHandler handler = new HttpRequestHandler(router, new ObjectMapper());
        ChannelInitializer<Channel> initializer = new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                connections.add(ch);
                ch.pipeline()
                        .addLast("http-codec", new HttpServerCodec())
                        .addLast("keep-alive", new HttpServerKeepAliveHandler())
                        .addLast("aggregator", new HttpObjectAggregator(MAX_REQUEST_BYTES))
                        .addLast("metrics", metrics)
                        .addLast("request-handler", handler);
            }
        };
        InetSocketAddress address = host == null ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
        try {
            Channel server = transport.serverBootstrap().childHandler(initializer).bind(address).sync().channel();
            return new HttpServer(server, connections);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            // Netty's bind error says what went wrong but not where; say where.
            throw new IOException("cannot bind the management listener to "
                    + (host == null ? "port " + port : host + ":" + port) + ": " + e.getMessage(), e);
        }
    }

    InetSocketAddress boundAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Stops accepting and closes open connections. */
    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly();
        connections.close().awaitUninterruptibly();
    }
}
