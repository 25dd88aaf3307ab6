package io.warren.broker.it;

import static io.warren.broker.it.ConnectionTestSupport.factory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.warren.broker.testing.BrokerExtension;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Heartbeats as rabbit_heartbeat runs them: sent when idle, and a peer silent for two intervals is dropped. */
class HeartbeatIT {
    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    @Test
    void serverSendsHeartbeatsWhenIdle() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 8, 131072, 1)) {
            List<RawAmqpClient.Frame> received = new ArrayList<>();
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2500);
            long lastSent = System.nanoTime();
            raw.setTimeout(200);
            while (System.nanoTime() < end) {
                try {
                    received.add(raw.readFrame());
                } catch (SocketTimeoutException e) {
                    // nothing this time
                }
                if (System.nanoTime() - lastSent > TimeUnit.MILLISECONDS.toNanos(400)) {
                    raw.sendHeartbeat(); // keep our side alive
                    lastSent = System.nanoTime();
                }
            }
            assertThat(received).as("only heartbeats, on channel 0")
                    .allMatch(f -> f.type() == RawAmqpClient.FRAME_HEARTBEAT && f.channel() == 0
                            && f.payload().length == 0);
            assertThat(received).as("a heartbeat at least every interval").hasSizeGreaterThanOrEqualTo(2);
            raw.openChannel(1); // and the connection is still up
        }
    }

    @Test
    void silentPeerIsDisconnectedWithoutConnectionClose() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 8, 131072, 1)) {
            long start = System.nanoTime();
            List<RawAmqpClient.Frame> before = raw.readUntilClosed(6000);
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(before).as("heartbeats only; no connection.close for missed heartbeats")
                    .allMatch(f -> f.type() == RawAmqpClient.FRAME_HEARTBEAT);
            assertThat(elapsedMillis).as("dropped after two intervals or so, not earlier").isBetween(1500L, 4000L);
        }
    }

    @Test
    void peerLateByLessThanTwoIntervalsIsKept() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 8, 131072, 1)) {
            raw.setTimeout(200);
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(4000);
            long lastSent = System.nanoTime();
            while (System.nanoTime() < end) {
                try {
                    raw.readFrame();
                } catch (SocketTimeoutException e) {
                    // nothing this time
                }
                if (System.nanoTime() - lastSent > TimeUnit.MILLISECONDS.toNanos(1300)) {
                    raw.sendHeartbeat();
                    lastSent = System.nanoTime();
                }
            }
            raw.setTimeout(5000);
            raw.openChannel(1);
        }
    }

    @Test
    void heartbeatZeroMeansNoHeartbeatsAndNoTimeout() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 8, 131072, 0)) {
            raw.setTimeout(2500);
            assertThatThrownBy(raw::readFrame).as("nothing at all for 2.5 s").isInstanceOf(SocketTimeoutException.class);
            raw.setTimeout(5000);
            raw.openChannel(1);
        }
    }

    @Test
    void javaClientWithOneSecondHeartbeatStaysConnectedWhileIdle() throws Exception {
        ConnectionFactory factory = factory(broker, "guest", "guest");
        factory.setRequestedHeartbeat(1);
        Connection connection = broker.track(factory.newConnection());
        assertThat(connection.getHeartbeat()).isEqualTo(1);
        Thread.sleep(5000);
        assertThat(connection.isOpen()).isTrue();
        Channel channel = connection.createChannel();
        assertThat(channel.queueDeclare().getQueue()).isNotEmpty();
    }
}
