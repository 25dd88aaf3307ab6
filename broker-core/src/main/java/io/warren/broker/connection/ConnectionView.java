package io.warren.broker.connection;

import io.warren.broker.channel.ChannelView;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of one open connection and its channels for management (RabbitMQ's
 * {@code /api/connections} and {@code /api/channels}), taken on the connection's thread.
 *
 * @param name as RabbitMQ names connections: {@code "127.0.0.1:50000 -> 127.0.0.1:5672"}
 * @param connectedAt when the socket was accepted, milliseconds since the epoch
 * @param heartbeat the negotiated heartbeat interval in seconds
 * @param source the connection itself, which the broker's statistics know it by
 */
public record ConnectionView(String name, String user, String vhost, InetSocketAddress peer, InetSocketAddress local,
                             long connectedAt, String authMechanism, int heartbeat, int frameMax, int channelMax,
                             boolean blocked, Map<String, Object> clientProperties, List<ChannelView> channels,
                             AmqpConnection source) {
}
