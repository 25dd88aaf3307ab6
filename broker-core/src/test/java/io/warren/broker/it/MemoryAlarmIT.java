package io.warren.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.BlockedListener;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.warren.broker.config.CoreSettings;
import io.warren.broker.it.RawAmqpClient.Args;
import io.warren.broker.testing.BrokerExtension;
import java.io.DataInputStream;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The memory alarm's effect on connections. The broker's watermark is set so low that one queued
 * message raises it; clearing it and connection.unblocked are covered by the distribution's
 * MemoryAlarmProcessIT, which drains a real flood.
 */
class MemoryAlarmIT {
    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension()
            .with(CoreSettings.VM_MEMORY_HIGH_WATERMARK, 1e-9);

    @BeforeAll
    static void alarmIsUp() throws Exception {
        try (com.rabbitmq.client.Connection seeder = broker.factory().newConnection()) {
            com.rabbitmq.client.Channel channel = seeder.createChannel();
            channel.queueDeclare("memory-alarm-ballast", false, false, false, null);
            channel.basicPublish("", "memory-alarm-ballast", null, new byte[64]);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!broker.services().memory().isAlarmed() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(broker.services().memory().isAlarmed()).as("memory alarm raised").isTrue();
    }

    @Test
    void publisherThatAnnouncedTheCapabilityGetsConnectionBlockedLowOnMemory() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 8, 131072, 0, Map.of("connection.blocked", true))) {
            raw.openChannel(1);
            ConnectionTuningIT.publish(raw, 1, "nowhere", new byte[] {1});
            RawAmqpClient.Frame blocked = raw.expectMethod(0, 10, 60);
            DataInputStream args = blocked.arguments();
            assertThat(RawAmqpClient.readShortString(args)).isEqualTo("low on memory");
        }
    }

    @Test
    void connectionIsNotBlockedBeforeItPublishes() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 8, 131072, 0, Map.of("connection.blocked", true))) {
            raw.openChannel(1);
            raw.sendMethod(1, 50, 10, ChannelLifecycleIT.queueDeclare(""));
            raw.expectMethod(1, 50, 11);
        }
    }

    @Test
    void publisherWithoutTheCapabilityIsBlockedSilently() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 8, 131072, 0, Map.of())) {
            raw.openChannel(1);
            ConnectionTuningIT.publish(raw, 1, "nowhere", new byte[] {1});
            Thread.sleep(300); // the publish blocks the connection; what comes next is a later read
            raw.sendMethod(1, 20, 40, new Args().shortInt(200).shortString("bye").shortInt(0).shortInt(0));
            raw.setTimeout(1000);
            assertThatThrownBy(raw::readFrame).as("no connection.blocked, and channel.close is not read")
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void blockedConnectionIsNotDroppedForMissedHeartbeats() throws Exception {
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 8, 131072, 1, Map.of("connection.blocked", true))) {
            raw.openChannel(1);
            ConnectionTuningIT.publish(raw, 1, "nowhere", new byte[] {1});
            raw.expectMethod(0, 10, 60);
            // The server no longer reads this socket, so it cannot see our heartbeats: RabbitMQ pauses its
            // heartbeat monitor while a connection is blocked. Stay quiet for well over two intervals.
            raw.setTimeout(200);
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3500);
            int serverHeartbeats = 0;
            while (System.nanoTime() < end) {
                try {
                    RawAmqpClient.Frame frame = raw.readFrame();
                    assertThat(frame.type()).as("only heartbeats: " + frame).isEqualTo(RawAmqpClient.FRAME_HEARTBEAT);
                    serverHeartbeats++;
                } catch (SocketTimeoutException e) {
                    // nothing this time
                }
            }
            assertThat(serverHeartbeats).as("the server keeps sending its heartbeats").isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void javaClientIsToldItIsBlockedWhileConsumersKeepDraining() throws Exception {
        Channel consumer = broker.channel();
        String queue = consumer.queueDeclare().getQueue();

        Connection publisher = broker.connect();
        CompletableFuture<String> reason = new CompletableFuture<>();
        publisher.addBlockedListener(new BlockedListener() {
            @Override
            public void handleBlocked(String why) {
                reason.complete(why);
            }

            @Override
            public void handleUnblocked() {
                // not expected while the alarm is up
            }
        });
        publisher.createChannel().basicPublish("", queue, null, new byte[] {9});
        assertThat(reason.get(5, TimeUnit.SECONDS)).isEqualTo("low on memory");

        assertThat(ConnectionTuningIT.get(consumer, queue).getBody()).as("the consumer still gets messages")
                .containsExactly(9);
    }
}
