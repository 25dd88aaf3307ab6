package io.warren.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warren.broker.config.BrokerConfig;
import io.warren.broker.config.CoreSettings;
import io.warren.broker.config.Listener;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a started broker does today with the first bytes a client sends. */
class BrokerProtocolHeaderTest {
    private static final byte[] AMQP_0_9_1 = {'A', 'M', 'Q', 'P', 0, 0, 9, 1};

    private Broker broker;

    @TempDir
    Path dataDir;

    @BeforeEach
    void startBroker() throws Exception {
        BrokerConfig config = BrokerConfig.defaults().with(CoreSettings.AMQP_LISTENER, new Listener("127.0.0.1", 0))
                .with(CoreSettings.DATA_DIR, dataDir);
        broker = Broker.start(config, List.of());
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    @Test
    void bindsTheListenerOnThePortTheSystemPicked() {
        assertThat(broker.amqpPort()).isPositive();
        assertThat(broker.listeners()).containsOnlyKeys(Broker.AMQP_LISTENER);
    }

    @Test
    void theAmqpHeaderIsAnsweredWithConnectionStart() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", broker.amqpPort())) {
            socket.getOutputStream().write(AMQP_0_9_1);
            socket.getOutputStream().flush();
            socket.setSoTimeout(5000);

            DataInputStream in = new DataInputStream(socket.getInputStream());
            assertThat(in.readUnsignedByte()).as("frame type: method").isEqualTo(1);
            assertThat(in.readUnsignedShort()).as("channel").isZero();
            in.readInt();
            assertThat(in.readUnsignedShort()).as("class: connection").isEqualTo(10);
            assertThat(in.readUnsignedShort()).as("method: start").isEqualTo(10);
            assertThat(in.readUnsignedByte()).as("version major").isZero();
            assertThat(in.readUnsignedByte()).as("version minor").isEqualTo(9);
        }
    }

    @Test
    void aClientThatSendsOnlyTheHeaderIsNotClosedAtOnce() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", broker.amqpPort())) {
            socket.getOutputStream().write(AMQP_0_9_1);
            socket.getOutputStream().flush();
            socket.setSoTimeout(5000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            in.readUnsignedByte();
            in.readUnsignedShort();
            in.readNBytes(in.readInt() + 1); // connection.start and its frame end
            socket.setSoTimeout(200);
            assertThatThrownBy(in::read).as("no close within 200 ms").isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void anotherProtocolIsAnsweredWithTheAmqpHeaderAndClosed() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", broker.amqpPort())) {
            socket.getOutputStream().write("HTTP/1.1".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.setSoTimeout(5000);

            InputStream in = socket.getInputStream();
            assertThat(in.readNBytes(AMQP_0_9_1.length)).isEqualTo(AMQP_0_9_1);
            assertThat(in.read()).as("end of stream after the header").isEqualTo(-1);
        }
    }
}
