package io.warren.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.impl.nio.NioParams;
import io.netty.buffer.PooledByteBufAllocator;
import io.warren.broker.testing.BrokerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * 1 000 connections with 10 channels each open, work and close, and the broker is left as it was:
 * no connections, no threads added, pooled buffer memory back where it started (and, as for every
 * test, no buffer leaked).
 */
class ManyConnectionsIT {
    private static final int CONNECTIONS = 1000;
    private static final int CHANNELS = 10;

    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    @Test
    void thousandConnectionsWithTenChannelsEachLeaveNothingBehind() throws Exception {
        warmUp();
        long directBefore = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
        int brokerThreadsBefore = brokerThreads();

        ConnectionFactory factory = broker.factory();
        factory.useNio();
        factory.setNioParams(new NioParams().setNbIoThreads(4));
        List<Connection> connections = new ArrayList<>();
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                connections.add(factory.newConnection("many-" + i));
            }
            assertThat(broker.services().connections().size()).isEqualTo(CONNECTIONS);
            int delivered = 0;
            for (Connection connection : connections) {
                String queue = null;
                for (int c = 0; c < CHANNELS; c++) {
                    Channel channel = connection.createChannel();
                    if (queue == null) {
                        queue = channel.queueDeclare().getQueue();
                    }
                    channel.basicPublish("", queue, null, new byte[] {(byte) c});
                    GetResponse got = channel.basicGet(queue, true);
                    if (got != null) {
                        delivered++;
                    }
                }
            }
            // A get follows the publish through the same queue mailbox, so it always finds it.
            assertThat(delivered).as("messages fetched back").isEqualTo(CONNECTIONS * CHANNELS);
            assertThat(broker.broker().listeners()).isNotEmpty();
        } finally {
            for (Connection connection : connections) {
                connection.close(5000);
            }
        }

        awaitNoConnections();
        assertThat(broker.services().connections().size()).isZero();
        assertThat(broker.services().vhosts().get("/").orElseThrow().queues())
                .as("exclusive queues went with their connections").isEmpty();
        assertThat(brokerThreads()).as("broker threads").isLessThanOrEqualTo(brokerThreadsBefore);
        long directAfter = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
        assertThat(directAfter - directBefore).as("pooled direct memory still held").isLessThan(16L << 20);
    }

    private static void warmUp() throws Exception {
        try (Connection connection = broker.factory().newConnection()) {
            connection.createChannel().queueDeclare();
        }
        awaitNoConnections();
    }

    private static void awaitNoConnections() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (broker.services().connections().size() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static int brokerThreads() {
        int count = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("warren-")) {
                count++;
            }
        }
        return count;
    }
}
