package io.warren.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Connection;
import io.warren.broker.config.CoreSettings;
import io.warren.broker.testing.BrokerExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** handshake_timeout: a connection must reach connection.open-ok in time, or its socket is closed without a frame. */
class HandshakeTimeoutIT {
    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension().with(CoreSettings.HANDSHAKE_TIMEOUT, 700);

    @Test
    void clientStuckAfterTheHeaderIsClosedSilently() throws Exception {
        try (RawAmqpClient raw = new RawAmqpClient(broker.port())) {
            raw.sendHeader();
            raw.expectMethod(0, 10, 10);
            long start = System.nanoTime();
            assertThat(raw.readUntilClosed(4000)).as("no connection.close").isEmpty();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(3000);
        }
    }

    @Test
    void clientStuckBeforeOpenIsClosedSilently() throws Exception {
        try (RawAmqpClient raw = new RawAmqpClient(broker.port())) {
            raw.sendHeader();
            raw.expectMethod(0, 10, 10);
            raw.sendStartOk("PLAIN", RawAmqpClient.plain("guest", "guest"), true);
            raw.expectMethod(0, 10, 30);
            raw.sendTuneOk(8, 131072, 0);
            List<RawAmqpClient.Frame> frames = raw.readUntilClosed(4000);
            assertThat(frames).as("no connection.close").isEmpty();
        }
    }

    @Test
    void silentSocketIsClosed() throws Exception {
        try (RawAmqpClient raw = new RawAmqpClient(broker.port())) {
            assertThat(raw.readAllBytes()).isEmpty(); // bounded by the client's 5 s read timeout
        }
    }

    @Test
    void openConnectionOutlivesTheHandshakeTimeout() throws Exception {
        Connection connection = broker.connect();
        Thread.sleep(1500);
        assertThat(connection.isOpen()).isTrue();
        assertThat(connection.createChannel().queueDeclare().getQueue()).isNotEmpty();
    }
}
