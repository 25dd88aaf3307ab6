package io.warren.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import io.warren.broker.it.RawAmqpClient.Args;
import io.warren.broker.it.RawAmqpClient.Close;
import io.warren.broker.testing.BrokerExtension;
import java.io.DataInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bytes that are not AMQP, or stop being AMQP after the handshake, on raw sockets. A connection
 * opened before each test must keep working through all of it.
 */
class WireProtocolErrorIT {
    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    private Channel bystander;

    @BeforeEach
    void openBystander() throws Exception {
        bystander = broker.channel();
    }

    @AfterEach
    void bystanderStillWorks() throws Exception {
        assertThat(bystander.isOpen()).isTrue();
        String queue = bystander.queueDeclare().getQueue();
        bystander.basicPublish("", queue, null, new byte[] {42});
        assertThat(ConnectionTuningIT.get(bystander, queue).getBody()).containsExactly(42);
        assertThat(broker.channel().queueDeclare().getQueue()).as("new connections accepted").isNotEmpty();
    }

    /** "AMQP a b c d" means the four letters and then those four octets; anything else is sent as ASCII. */
    @ParameterizedTest
    @ValueSource(strings = {"AMQP 0 0 10 0", "AMQP 1 1 10 0", "AMQP 1 1 8 0", "AMQP 0 1 0 0", "AMQP 0 0 9 2",
            "HTTP/1.1 GET /", "amqp0091"})
    void unsupportedProtocolHeaderIsAnsweredWithOursAndClosed(String header) throws Exception {
        byte[] bytes;
        if (header.startsWith("AMQP ")) {
            String[] octets = header.substring(5).split(" ");
            bytes = new byte[] {'A', 'M', 'Q', 'P', Byte.parseByte(octets[0]), Byte.parseByte(octets[1]),
                    Byte.parseByte(octets[2]), Byte.parseByte(octets[3])};
        } else {
            bytes = header.getBytes(StandardCharsets.US_ASCII);
        }
        try (RawAmqpClient raw = new RawAmqpClient(broker.port())) {
            raw.write(bytes);
            assertThat(raw.readAllBytes()).isEqualTo(RawAmqpClient.AMQP_0_9_1);
        }
    }

    @Test
    void shortNonAmqpGreetingIsAnsweredAtOnce() throws Exception {
        try (RawAmqpClient raw = new RawAmqpClient(broker.port())) {
            raw.write("GET".getBytes(StandardCharsets.US_ASCII));
            assertThat(raw.readAllBytes()).isEqualTo(RawAmqpClient.AMQP_0_9_1);
        }
    }

    @Test
    void amqp09HeaderIsAcceptedAs091() throws Exception {
        try (RawAmqpClient raw = new RawAmqpClient(broker.port())) {
            raw.write(new byte[] {'A', 'M', 'Q', 'P', 1, 1, 0, 9});
            DataInputStream args = raw.expectMethod(0, 10, 10).arguments();
            assertThat(args.readUnsignedByte()).isZero();
            assertThat(args.readUnsignedByte()).isEqualTo(9);
        }
    }

    @Test
    void badFrameEndAfterTheHandshakeIsConnectionClose501ThenSocketClosed() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 8, 131072, 0)) {
            raw.openChannel(1);
            byte[] payload = RawAmqpClient.methodPayload(50, 10, ChannelLifecycleIT.queueDeclare("q"));
            raw.write(RawAmqpClient.frame(RawAmqpClient.FRAME_METHOD, 1, payload, 0x00));
            List<RawAmqpClient.Frame> frames = raw.readUntilClosed(5000);
            assertThat(frames).hasSize(1);
            assertThat(frames.get(0).isMethod(10, 50)).as("connection.close: " + frames.get(0)).isTrue();
            Close close = Close.of(frames.get(0));
            assertThat(close.replyCode()).isEqualTo(501);
            assertThat(close.replyText()).startsWith("FRAME_ERROR - ");
            assertThat(close.classId()).isZero();
            assertThat(close.methodId()).isZero();
        }
    }

    @Test
    void badFrameEndTextIsRabbitMqs() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 8, 131072, 0)) {
            raw.write(RawAmqpClient.frame(RawAmqpClient.FRAME_METHOD, 1, new byte[] {0, 20, 0, 10, 0}, 0x00));
            assertThat(raw.expectConnectionClose()).isEqualTo(new Close(501,
                    "FRAME_ERROR - type 1, all octets = <<0,20,0,10,0>>: {invalid_frame_end_marker,0}", 0, 0));
        }
    }

    @Test
    void randomGarbageAfterTheHandshakeEndsOnlyThatConnection() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 8, 131072, 0)) {
            byte[] garbage = new byte[4000];
            new java.util.Random(7).nextBytes(garbage);
            garbage[0] = 1; // a method frame header ...
            garbage[1] = 0;
            garbage[2] = 0;
            garbage[3] = 0; // ... with a 16-byte payload, so that the frame end is garbage
            garbage[4] = 0;
            garbage[5] = 0;
            garbage[6] = 16;
            garbage[7 + 16] = 0x55;
            raw.write(garbage);
            List<RawAmqpClient.Frame> frames = raw.readUntilClosed(5000);
            assertThat(frames).hasSize(1);
            assertThat(Close.of(frames.get(0)).replyCode()).isEqualTo(501);
        }
    }

    @Test
    void garbageDuringTheHandshakeIsASilentClose() throws Exception {
        try (RawAmqpClient raw = new RawAmqpClient(broker.port())) {
            raw.sendHeader();
            raw.expectMethod(0, 10, 10);
            raw.write(new byte[] {1, 0, 0, 0, 0, 0, 4, 0, 10, 0, 11, 0x42});
            assertThat(raw.readUntilClosed(5000)).isEmpty();
        }
    }

    @Test
    void unknownFrameTypeIsAFrameError() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 8, 131072, 0)) {
            raw.sendFrame(9, 0, new byte[0]);
            Close close = raw.expectConnectionClose();
            assertThat(close.replyCode()).isEqualTo(501);
            assertThat(close.replyText()).startsWith("FRAME_ERROR - ");
        }
    }

    @Test
    void heartbeatOnANonZeroChannelIsUnexpectedFrame() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 8, 131072, 0)) {
            raw.openChannel(1);
            raw.sendFrame(RawAmqpClient.FRAME_HEARTBEAT, 1, new byte[0]);
            Close close = raw.expectConnectionClose();
            assertThat(close.replyCode()).isEqualTo(505);
            assertThat(close.replyText()).startsWith("UNEXPECTED_FRAME - ");
        }
    }

    @Test
    void contentHeaderWithoutAMethodIsUnexpectedFrame() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 8, 131072, 0)) {
            raw.openChannel(1);
            raw.sendFrame(RawAmqpClient.FRAME_HEADER, 1, RawAmqpClient.contentHeader(1));
            assertThat(raw.expectConnectionClose()).isEqualTo(new Close(505,
                    "UNEXPECTED_FRAME - expected method frame, got non method frame instead", 0, 0));
        }
    }

    @Test
    void methodWhereAContentHeaderWasExpectedIsUnexpectedFrame() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 8, 131072, 0)) {
            raw.openChannel(1);
            raw.sendMethod(1, 60, 40, new Args().shortInt(0).shortString("").shortString("q").octet(0));
            raw.sendMethod(1, 50, 10, ChannelLifecycleIT.queueDeclare("q"));
            assertThat(raw.expectConnectionClose()).isEqualTo(new Close(505,
                    "UNEXPECTED_FRAME - expected content header for class 60, got non content header frame instead",
                    60, 40));
        }
    }
}
