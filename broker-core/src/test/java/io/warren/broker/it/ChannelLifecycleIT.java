package io.warren.broker.it;

import static io.warren.broker.it.ConnectionTestSupport.channelClose;
import static io.warren.broker.it.ConnectionTestSupport.factory;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.warren.broker.it.RawAmqpClient.Args;
import io.warren.broker.it.RawAmqpClient.Close;
import io.warren.broker.testing.BrokerExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Channels at the connection level: how many, opening and closing, and which errors close what. */
class ChannelLifecycleIT {
    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    // ---- many channels, channel_max ----------------------------------------------------------

    @Test
    void twoHundredChannelsWorkAtOnce() throws Exception {
        Connection connection = broker.connect();
        List<Channel> channels = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            channels.add(connection.createChannel());
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < channels.size(); i++) {
                Channel channel = channels.get(i);
                byte[] body = ("channel " + channel.getChannelNumber()).getBytes(StandardCharsets.UTF_8);
                results.add(pool.submit(() -> {
                    String queue = channel.queueDeclare().getQueue();
                    channel.confirmSelect();
                    channel.basicPublish("", queue, null, body);
                    channel.waitForConfirmsOrDie(5000);
                    return ConnectionTuningIT.get(channel, queue).getBody();
                }));
            }
            for (int i = 0; i < channels.size(); i++) {
                assertThat(new String(results.get(i).get(8, TimeUnit.SECONDS), StandardCharsets.UTF_8))
                        .isEqualTo("channel " + channels.get(i).getChannelNumber());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(channels).allMatch(Channel::isOpen);
    }

    @Test
    void channelMaxLimitsTheNumberOfOpenChannelsNotTheirNumbers() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 2, 131072, 0)) {
            raw.openChannel(1);
            raw.openChannel(500); // above channel_max, but only the count is limited
            raw.sendMethod(3, 20, 10, new Args().shortString(""));
            Close close = raw.expectConnectionClose();
            assertThat(close.replyCode()).isEqualTo(530);
            assertThat(close.replyText()).isEqualTo(
                    "NOT_ALLOWED - number of channels opened (2) has reached the negotiated channel_max (2)");
        }
    }

    @Test
    void aClosedChannelNoLongerCountsTowardsChannelMax() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 2, 131072, 0)) {
            raw.openChannel(1);
            raw.openChannel(2);
            closeChannel(raw, 1);
            raw.openChannel(3);
        }
    }

    @Test
    void javaClientStopsAtTheNegotiatedChannelMax() throws Exception {
        ConnectionFactory factory = factory(broker, "guest", "guest");
        factory.setRequestedChannelMax(3);
        Connection connection = broker.track(factory.newConnection());
        for (int i = 0; i < 3; i++) {
            assertThat(connection.createChannel()).isNotNull();
        }
        assertThat(connection.isOpen()).isTrue();
    }

    // ---- errors -------------------------------------------------------------------------------

    @Test
    void channelErrorClosesOnlyThatChannel() throws Exception {
        Connection connection = broker.connect();
        Channel failing = connection.createChannel();
        Channel sibling = connection.createChannel();
        Channel elsewhere = broker.channel();
        String missing = BrokerExtension.uniqueName("missing");

        AMQP.Channel.Close close = channelClose(failing, () -> failing.queueDeclarePassive(missing));
        assertThat(close.getReplyCode()).isEqualTo(404);
        assertThat(close.getReplyText()).isEqualTo("NOT_FOUND - no queue '" + missing + "' in vhost '/'");
        assertThat(close.getClassId()).isEqualTo(50);
        assertThat(close.getMethodId()).isEqualTo(10);

        assertThat(connection.isOpen()).isTrue();
        assertThat(sibling.queueDeclare().getQueue()).isNotEmpty();
        assertThat(elsewhere.queueDeclare().getQueue()).isNotEmpty();
        Channel again = connection.createChannel(failing.getChannelNumber());
        assertThat(again).as("the failed channel's number is free again").isNotNull();
        assertThat(again.queueDeclare().getQueue()).isNotEmpty();
    }

    @Test
    void methodOnAnUnopenedChannelIsAConnectionError() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 8, 131072, 0)) {
            raw.sendMethod(1, 50, 10, queueDeclare("q"));
            assertThat(raw.expectConnectionClose()).isEqualTo(
                    new Close(504, "CHANNEL_ERROR - expected 'channel.open'", 50, 10));
        }
    }

    @Test
    void secondChannelOpenIsAConnectionError() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 8, 131072, 0)) {
            raw.openChannel(1);
            raw.sendMethod(1, 20, 10, new Args().shortString(""));
            assertThat(raw.expectConnectionClose()).isEqualTo(
                    new Close(504, "CHANNEL_ERROR - second 'channel.open' seen", 20, 10));
        }
    }

    @Test
    void channelOpenOnChannelZeroIsAConnectionError() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 8, 131072, 0)) {
            raw.sendMethod(0, 20, 10, new Args().shortString(""));
            Close close = raw.expectConnectionClose();
            assertThat(close.replyCode()).isEqualTo(504);
            assertThat(close.replyText()).isEqualTo("CHANNEL_ERROR - unexpected method in connection state running");
        }
    }

    @Test
    void connectionMethodsOnChannelZeroWhileRunningAreUnexpectedMethods() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 8, 131072, 0)) {
            raw.sendOpen("/"); // a second connection.open
            assertThat(raw.expectConnectionClose()).isEqualTo(
                    new Close(504, "CHANNEL_ERROR - unexpected method in connection state running", 10, 40));
        }
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 8, 131072, 0)) {
            raw.sendMethod(0, 10, 30, new Args().shortInt(8).longInt(131072).shortInt(0)); // server-only tune
            assertThat(raw.expectConnectionClose()).isEqualTo(
                    new Close(504, "CHANNEL_ERROR - unexpected method in connection state running", 10, 30));
        }
    }

    @Test
    void publishOnChannelZeroIsAnUnexpectedMethod() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 8, 131072, 0)) {
            ConnectionTuningIT.publish(raw, 0, "q", new byte[] {1, 2});
            assertThat(raw.expectConnectionClose()).isEqualTo(
                    new Close(504, "CHANNEL_ERROR - unexpected method in connection state running", 60, 40));
        }
    }

    @Test
    void channelFrameBeforeConnectionOpenIsUnexpectedFrame() throws Exception {
        try (RawAmqpClient raw = new RawAmqpClient(broker.port())) {
            raw.sendHeader();
            raw.expectMethod(0, 10, 10);
            raw.sendStartOk("PLAIN", RawAmqpClient.plain("guest", "guest"), true);
            raw.expectMethod(0, 10, 30);
            raw.sendTuneOk(8, 131072, 0);
            raw.sendMethod(1, 20, 10, new Args().shortString(""));
            assertThat(raw.expectConnectionClose()).isEqualTo(
                    new Close(505, "UNEXPECTED_FRAME - type 1, all octets = <<0,20,0,10,0>>", 0, 0));
        }
    }

    @Test
    void otherMethodThanOpenOnChannelZeroWhileOpeningIsAChannelError() throws Exception {
        try (RawAmqpClient raw = new RawAmqpClient(broker.port())) {
            raw.sendHeader();
            raw.expectMethod(0, 10, 10);
            raw.sendStartOk("PLAIN", RawAmqpClient.plain("guest", "guest"), true);
            raw.expectMethod(0, 10, 30);
            raw.sendTuneOk(8, 131072, 0);
            raw.sendMethod(0, 20, 10, new Args().shortString(""));
            assertThat(raw.expectConnectionClose()).isEqualTo(
                    new Close(504, "CHANNEL_ERROR - unexpected method in connection state opening", 20, 10));
        }
    }

    @Test
    void serverOnlyMethodFromTheClientIsUnimplemented() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 8, 131072, 0)) {
            raw.openChannel(1);
            raw.sendMethod(1, 20, 11, new Args().longString(new byte[0])); // channel.open-ok
            assertThat(raw.expectConnectionClose()).isEqualTo(
                    new Close(503, "COMMAND_INVALID - unimplemented method", 20, 11));
        }
    }

    @Test
    void basicDeliverFromTheClientIsUnimplemented() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 8, 131072, 0)) {
            raw.openChannel(1);
            raw.sendMethod(1, 60, 60, new Args().shortString("ctag").longLong(1).octet(0).shortString("")
                    .shortString("q"));
            raw.sendFrame(RawAmqpClient.FRAME_HEADER, 1, RawAmqpClient.contentHeader(3));
            raw.sendFrame(RawAmqpClient.FRAME_BODY, 1, new byte[] {1, 2, 3});
            assertThat(raw.expectConnectionClose()).isEqualTo(
                    new Close(503, "COMMAND_INVALID - unimplemented method", 60, 60));
        }
    }

    @Test
    void basicGetOkFromTheClientIsUnimplemented() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 8, 131072, 0)) {
            raw.openChannel(1);
            raw.sendMethod(1, 60, 71, new Args().longLong(1).octet(0).shortString("").shortString("q").longInt(0));
            raw.sendFrame(RawAmqpClient.FRAME_HEADER, 1, RawAmqpClient.contentHeader(0));
            Close close = raw.expectConnectionClose();
            assertThat(close.replyCode()).isEqualTo(503);
            assertThat(close.replyText()).isEqualTo("COMMAND_INVALID - unimplemented method");
        }
    }

    @Test
    void connectionMethodOnANonZeroChannelIsUnimplemented() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 8, 131072, 0)) {
            raw.openChannel(1);
            raw.sendMethod(1, 10, 40, new Args().shortString("/").shortString("").octet(0)); // connection.open
            Close close = raw.expectConnectionClose();
            assertThat(close.replyCode()).isEqualTo(503);
            assertThat(close.replyText()).isEqualTo("COMMAND_INVALID - unimplemented method");
        }
    }

    @Test
    void serverOnlyMethodViaTheJavaClientClosesTheConnection() throws Exception {
        Connection connection = broker.connect();
        Channel channel = connection.createChannel();
        Channel other = broker.channel();
        channel.asyncRpc(new AMQP.Queue.DeclareOk.Builder().queue("q").build()); // server-only
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (connection.isOpen() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        AMQP.Connection.Close close = ConnectionTestSupport.connectionClose(connection.getCloseReason());
        assertThat(close.getReplyCode()).isEqualTo(503);
        assertThat(close.getReplyText()).isEqualTo("COMMAND_INVALID - unimplemented method");
        assertThat(close.getClassId()).isEqualTo(50);
        assertThat(close.getMethodId()).isEqualTo(11);
        assertThat(other.queueDeclare().getQueue()).as("other connections unaffected").isNotEmpty();
    }

    // ---- closing ------------------------------------------------------------------------------

    @Test
    void connectionCloseFromTheClientIsAnsweredAndRemovesExclusiveQueues() throws Exception {
        Connection owner = broker.connect();
        String queue = owner.createChannel().queueDeclare(BrokerExtension.uniqueName("excl"), false, true, false,
                null).getQueue();
        Channel observer = broker.connect().createChannel();
        AMQP.Channel.Close locked = channelClose(observer, () -> observer.queueDeclarePassive(queue));
        assertThat(locked.getReplyCode()).as("exclusive to its owner while it lives").isEqualTo(405);

        owner.close(2000); // throws if close-ok does not come
        assertThat(owner.getCloseReason().isInitiatedByApplication()).isTrue();

        Channel after = broker.connect().createChannel();
        AMQP.Channel.Close gone = channelClose(after, () -> after.queueDeclarePassive(queue));
        assertThat(gone.getReplyCode()).isEqualTo(404);
        assertThat(gone.getReplyText()).isEqualTo("NOT_FOUND - no queue '" + queue + "' in vhost '/'");
    }

    @Test
    void connectionCloseOnTheWireGetsCloseOk() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 8, 131072, 0)) {
            raw.openChannel(1);
            raw.sendMethod(1, 50, 10, queueDeclare(BrokerExtension.uniqueName("raw-excl"), true));
            raw.expectMethod(1, 50, 11);
            raw.sendMethod(0, 10, 50, new Args().shortInt(200).shortString("Goodbye").shortInt(0).shortInt(0));
            raw.expectMethod(0, 10, 51);
        }
    }

    @Test
    void channelNumberIsReusableRightAfterCloseOk() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 8, 131072, 0)) {
            for (int round = 0; round < 3; round++) {
                raw.openChannel(1);
                raw.sendMethod(1, 50, 10, queueDeclare(""));
                raw.expectMethod(1, 50, 11);
                closeChannel(raw, 1);
            }
        }
        Connection connection = broker.connect();
        for (int round = 0; round < 3; round++) {
            Channel channel = connection.createChannel(7);
            assertThat(channel).isNotNull();
            channel.queueDeclare();
            channel.close();
        }
    }

    @Test
    void channelAfterAServerSideCloseDropsEverythingButCloseOk() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 8, 131072, 0)) {
            raw.openChannel(1);
            raw.sendMethod(1, 50, 10, new Args().shortInt(0).shortString("missing-" + System.nanoTime())
                    .octet(1).longInt(0)); // passive
            Close close = Close.of(raw.expectMethod(1, 20, 40));
            assertThat(close.replyCode()).isEqualTo(404);
            raw.sendMethod(1, 50, 10, queueDeclare("")); // ignored while closing
            raw.sendMethod(1, 20, 41, new Args()); // close-ok ends the channel
            raw.openChannel(1);
            raw.sendMethod(1, 50, 10, queueDeclare(""));
            raw.expectMethod(1, 50, 11);
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    static Args queueDeclare(String name) {
        return queueDeclare(name, false);
    }

    static Args queueDeclare(String name, boolean exclusive) {
        // reserved, queue, bits (passive, durable, exclusive, auto-delete, nowait), arguments
        return new Args().shortInt(0).shortString(name).octet(exclusive ? 0b100 : 0).longInt(0);
    }

    static void closeChannel(RawAmqpClient raw, int channel) throws Exception {
        raw.sendMethod(channel, 20, 40, new Args().shortInt(200).shortString("bye").shortInt(0).shortInt(0));
        raw.expectMethod(channel, 20, 41);
    }
}
