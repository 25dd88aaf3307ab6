package io.warren.broker.it;

import static io.warren.broker.it.ConnectionTestSupport.factory;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.warren.broker.it.RawAmqpClient.Args;
import io.warren.broker.it.RawAmqpClient.Close;
import io.warren.broker.it.RawAmqpClient.Tune;
import io.warren.broker.testing.BrokerExtension;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** connection.tune / tune-ok: what the server proposes, what it accepts, and frame-max in both directions. */
class ConnectionTuningIT {
    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    // ---- negotiation -------------------------------------------------------------------------

    @Test
    void serverProposesRabbitMqsDefaults() throws Exception {
        try (RawAmqpClient raw = new RawAmqpClient(broker.port())) {
            raw.sendHeader();
            raw.expectMethod(0, 10, 10);
            raw.sendStartOk("PLAIN", RawAmqpClient.plain("guest", "guest"), true);
            assertThat(Tune.of(raw.expectMethod(0, 10, 30))).isEqualTo(new Tune(2047, 131072, 60));
        }
    }

    @Test
    void javaClientWithDefaultsGetsTheServersLimits() throws Exception {
        Connection connection = broker.connect();
        assertThat(connection.getChannelMax()).isEqualTo(2047);
        assertThat(connection.getFrameMax()).isEqualTo(131072);
    }

    @Test
    void lowerValuesRequestedByTheClientAreUsed() throws Exception {
        ConnectionFactory factory = factory(broker, "guest", "guest");
        factory.setRequestedChannelMax(10);
        factory.setRequestedFrameMax(8192);
        factory.setRequestedHeartbeat(7);
        Connection connection = broker.track(factory.newConnection());
        assertThat(connection.getChannelMax()).isEqualTo(10);
        assertThat(connection.getFrameMax()).isEqualTo(8192);
        assertThat(connection.getHeartbeat()).isEqualTo(7);
        Channel channel = connection.createChannel();
        assertThat(channel.queueDeclare().getQueue()).startsWith("amq.gen-");
    }

    @Test
    void minimumFrameMaxAndHeartbeatAboveTheServersAreAccepted() throws Exception {
        // frame_max 4096 is the protocol minimum; heartbeat is not validated (larger than the server's 60 is fine)
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 1, 4096, 600)) {
            raw.openChannel(1);
        }
    }

    @Test
    void channelMaxZeroIsRefused() throws Exception {
        assertThat(tuneOkRefusal(0, 131072, 0)).isEqualTo(new Close(530,
                "NOT_ALLOWED - negotiated channel_max = 0 (no limit) is higher than the maximum allowed value (2047)",
                10, 30));
    }

    @Test
    void channelMaxAboveTheServersIsRefused() throws Exception {
        assertThat(tuneOkRefusal(2048, 131072, 0)).isEqualTo(new Close(530,
                "NOT_ALLOWED - negotiated channel_max = 2048 is higher than the maximum allowed value (2047)",
                10, 30));
    }

    @Test
    void frameMaxZeroIsRefused() throws Exception {
        assertThat(tuneOkRefusal(2047, 0, 0)).isEqualTo(new Close(530,
                "NOT_ALLOWED - negotiated frame_max = 0 is higher than the maximum allowed value (131072)",
                10, 30));
    }

    @Test
    void frameMaxAboveTheServersIsRefused() throws Exception {
        assertThat(tuneOkRefusal(2047, 131073, 0)).isEqualTo(new Close(530,
                "NOT_ALLOWED - negotiated frame_max = 131073 is higher than the maximum allowed value (131072)",
                10, 30));
    }

    @Test
    void frameMaxBelowTheMinimumIsRefused() throws Exception {
        assertThat(tuneOkRefusal(2047, 1000, 0)).isEqualTo(new Close(530,
                "NOT_ALLOWED - negotiated frame_max = 1000 is lower than the minimum allowed value (4096)",
                10, 30));
    }

    @Test
    void frameMaxIsCheckedBeforeChannelMax() throws Exception {
        assertThat(tuneOkRefusal(0, 0, 0).replyText()).isEqualTo(
                "NOT_ALLOWED - negotiated frame_max = 0 is higher than the maximum allowed value (131072)");
    }

    private Close tuneOkRefusal(int channelMax, long frameMax, int heartbeat) throws Exception {
        try (RawAmqpClient raw = new RawAmqpClient(broker.port())) {
            raw.sendHeader();
            raw.expectMethod(0, 10, 10);
            raw.sendStartOk("PLAIN", RawAmqpClient.plain("guest", "guest"), true);
            raw.expectMethod(0, 10, 30);
            raw.sendTuneOk(channelMax, frameMax, heartbeat);
            Close close = raw.expectConnectionClose();
            assertThat(raw.readUntilClosed(4000)).isEmpty();
            return close;
        }
    }

    // ---- frame-max, client to server ---------------------------------------------------------

    @Test
    void bodyFrameFillingTheNegotiatedFrameMaxIsAccepted() throws Exception {
        Channel channel = broker.channel();
        String queue = channel.queueDeclare().getQueue();
        byte[] body = randomBytes(4096 - 8); // header 7 + end 1: the frame is exactly 4096 bytes
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 8, 4096, 0)) {
            raw.openChannel(1);
            publish(raw, 1, queue, body);
            raw.sendMethod(1, 20, 40, new Args().shortInt(200).shortString("bye").shortInt(0).shortInt(0));
            raw.expectMethod(1, 20, 41);
        }
        GetResponse got = get(channel, queue);
        assertThat(got.getBody()).isEqualTo(body);
    }

    @Test
    void frameLargerThanTheNegotiatedFrameMaxIsAFrameError() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 8, 4096, 0)) {
            raw.openChannel(1);
            publish(raw, 1, "nowhere", randomBytes(4097)); // payload above frame_max even with RabbitMQ's fudge
            Close close = raw.expectConnectionClose();
            assertThat(close.replyCode()).isEqualTo(501);
            assertThat(close.replyText()).startsWith("FRAME_ERROR - ");
            assertThat(raw.readUntilClosed(4000)).isEmpty();
        }
        assertThat(broker.channel().queueDeclare().getQueue()).as("broker still serving").isNotEmpty();
    }

    @Test
    void payloadUpToFrameMaxIsToleratedAsRabbitMqsFudge() throws Exception {
        Channel channel = broker.channel();
        String queue = channel.queueDeclare().getQueue();
        byte[] body = randomBytes(4096); // frame of 4104 bytes: RabbitMQ tolerates 8 bytes over frame_max
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 8, 4096, 0)) {
            raw.openChannel(1);
            publish(raw, 1, queue, body);
            raw.sendMethod(1, 20, 40, new Args().shortInt(200).shortString("bye").shortInt(0).shortInt(0));
            raw.expectMethod(1, 20, 41);
        }
        assertThat(get(channel, queue).getBody()).isEqualTo(body);
    }

    @Test
    void frameTooLargeTextIsRabbitMqs() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 8, 4096, 0)) {
            raw.openChannel(1);
            raw.sendFrame(RawAmqpClient.FRAME_BODY, 1, new byte[5000]);
            Close close = raw.expectConnectionClose();
            assertThat(close).isEqualTo(new Close(501,
                    "FRAME_ERROR - type 3, all octets = <<>>: {frame_too_large,5000,4088}", 0, 0));
        }
    }

    // ---- frame-max, server to client ---------------------------------------------------------

    @Test
    void serverSplitsABigBodyIntoFramesWithinTheClientsFrameMax() throws Exception {
        Channel publisher = broker.channel();
        String queue = sharedQueue(publisher);
        byte[] body = randomBytes(1024 * 1024);
        publisher.basicPublish("", queue, null, body);

        ConnectionFactory factory = factory(broker, "guest", "guest");
        factory.setRequestedFrameMax(4096);
        Connection small = broker.track(factory.newConnection());
        assertThat(small.getFrameMax()).isEqualTo(4096);
        // The Java client fails the connection if a frame exceeds 4096 bytes.
        GetResponse got = get(small.createChannel(), queue);
        assertThat(got.getBody().length).isEqualTo(body.length);
        assertThat(Arrays.equals(got.getBody(), body)).as("body intact").isTrue();
        assertThat(small.isOpen()).isTrue();
    }

    @Test
    void rawClientSeesOnlyFramesWithinFrameMax() throws Exception {
        Channel publisher = broker.channel();
        String queue = sharedQueue(publisher);
        byte[] body = randomBytes(20_000);
        publisher.basicPublish("", queue, null, body);
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 8, 4096, 0)) {
            raw.openChannel(1);
            raw.sendMethod(1, 60, 70, new Args().shortInt(0).shortString(queue).octet(1));
            raw.expectMethod(1, 60, 71);
            RawAmqpClient.Frame header = raw.readNonHeartbeat();
            assertThat(header.type()).isEqualTo(RawAmqpClient.FRAME_HEADER);
            byte[] received = new byte[0];
            while (received.length < body.length) {
                RawAmqpClient.Frame frame = raw.readNonHeartbeat();
                assertThat(frame.type()).isEqualTo(RawAmqpClient.FRAME_BODY);
                assertThat(frame.payload().length + 8).as("frame size").isLessThanOrEqualTo(4096);
                byte[] joined = Arrays.copyOf(received, received.length + frame.payload().length);
                System.arraycopy(frame.payload(), 0, joined, received.length, frame.payload().length);
                received = joined;
            }
            assertThat(received).isEqualTo(body);
        }
    }

    @Test
    void javaClientWithSmallFrameMaxPublishesABigMessage() throws Exception {
        ConnectionFactory factory = factory(broker, "guest", "guest");
        factory.setRequestedFrameMax(4096);
        Channel channel = broker.track(factory.newConnection()).createChannel();
        String queue = channel.queueDeclare().getQueue();
        byte[] body = randomBytes(300_000);
        channel.confirmSelect();
        channel.basicPublish("", queue, null, body);
        assertThat(channel.waitForConfirms(5000)).isTrue();
        assertThat(get(channel, queue).getBody()).isEqualTo(body);
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** basic.publish to the default exchange, content header, and the body in one body frame. */
    static void publish(RawAmqpClient raw, int channel, String routingKey, byte[] body) throws Exception {
        raw.sendMethod(channel, 60, 40, new Args().shortInt(0).shortString("").shortString(routingKey).octet(0));
        raw.sendFrame(RawAmqpClient.FRAME_HEADER, channel, RawAmqpClient.contentHeader(body.length));
        raw.sendFrame(RawAmqpClient.FRAME_BODY, channel, body);
    }

    /** A queue other connections may use too (the Java client's queueDeclare() makes an exclusive one). */
    static String sharedQueue(Channel channel) throws Exception {
        return channel.queueDeclare(BrokerExtension.uniqueName("shared"), false, false, false, null).getQueue();
    }

    static GetResponse get(Channel channel, String queue) throws Exception {
        for (int i = 0; i < 200; i++) {
            GetResponse got = channel.basicGet(queue, true);
            if (got != null) {
                return got;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no message in " + queue + " within 2 s");
    }

    static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
