package io.warren.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.warren.broker.config.CoreSettings;
import io.warren.broker.flow.DiskMonitor;
import io.warren.broker.it.RawAmqpClient.Args;
import io.warren.broker.testing.BrokerExtension;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The free disk space alarm's effect on connections. The broker starts with a limit of 0, which no
 * disk can fall below; a test raises the alarm by setting the limit above any disk's free space
 * (as {@code rabbitmqctl set_disk_free_limit} would) and clears it by setting it back to 0, so the
 * real free-space probe decides.
 */
class DiskAlarmIT {
    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension()
            .with(CoreSettings.DISK_FREE_LIMIT_ABSOLUTE, 0L);

    private static DiskMonitor disk() {
        return broker.services().alarms().disk();
    }

    private static void raiseDiskAlarm() {
        disk().setLimit(Long.MAX_VALUE);
        assertThat(disk().isAlarmed()).as("disk alarm raised").isTrue();
    }

    private static void clearDiskAlarm() {
        disk().setLimit(0);
        assertThat(disk().isAlarmed()).as("disk alarm cleared").isFalse();
    }

    @AfterEach
    void clear() {
        clearDiskAlarm();
    }

    private static int ready(Channel channel, String queue) throws Exception {
        return channel.queueDeclarePassive(queue).getMessageCount();
    }

    @Test
    void publisherThatAnnouncedTheCapabilityGetsConnectionBlockedLowOnDisk() throws Exception {
        raiseDiskAlarm();
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 8, 131072, 0, Map.of("connection.blocked", true))) {
            raw.openChannel(1);
            ConnectionTuningIT.publish(raw, 1, "nowhere", new byte[] {1});
            RawAmqpClient.Frame blocked = raw.expectMethod(0, 10, 60);
            DataInputStream args = blocked.arguments();
            assertThat(RawAmqpClient.readShortString(args)).isEqualTo("low on disk");
        }
    }

    @Test
    void publisherWithoutTheCapabilityIsBlockedSilently() throws Exception {
        raiseDiskAlarm();
        try (RawAmqpClient raw = RawAmqpClient.open(broker.port(), 8, 131072, 0, Map.of())) {
            raw.openChannel(1);
            ConnectionTuningIT.publish(raw, 1, "nowhere", new byte[] {1});
            Thread.sleep(300); // the publish blocks the connection; what comes next is a later read
            raw.sendMethod(1, 20, 40, new Args().shortInt(200).shortString("bye").shortInt(0).shortInt(0));
            raw.setTimeout(1000);
            assertThatThrownBy(raw::readFrame)
                    .as("no connection.blocked, and channel.close is not read")
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void connectionIsNotBlockedBeforeItPublishes() throws Exception {
        raiseDiskAlarm();
        Channel channel = ClientSupport.channel(broker);
        String queue = ConnectionTuningIT.sharedQueue(channel);
        assertThat(ready(channel, queue)).as("a connection that only declares keeps being read").isZero();
    }

    @Test
    void blockedPublisherIsUnblockedWhenTheAlarmClearsAndWhatItSentMeanwhileArrives() throws Exception {
        Channel observer = ClientSupport.channel(broker);
        String queue = ConnectionTuningIT.sharedQueue(observer);
        Connection publisher = ClientSupport.connect(broker);
        BlockedEvents events = BlockedEvents.on(publisher);
        Channel publishing = publisher.createChannel();
        raiseDiskAlarm();

        publishing.basicPublish("", queue, null, ClientSupport.bytes("first"));
        assertThat(events.next()).isEqualTo("blocked: low on disk");
        publishing.basicPublish("", queue, null, ClientSupport.bytes("second"));
        Thread.sleep(300);
        assertThat(ready(observer, queue)).as("the publish that blocked is routed; the next one is not read")
                .isEqualTo(1);

        clearDiskAlarm();
        assertThat(events.next()).isEqualTo("unblocked");
        ClientSupport.eventually("the held-back publish arrives", () -> ready(observer, queue) == 2);
        assertThat(ClientSupport.drain(observer, queue)).containsExactly("first", "second");
        events.expectNoneFor(200);
    }

    @Test
    void aPublisherBlockedAgainAfterTheAlarmReturnsIsToldAgain() throws Exception {
        Connection publisher = ClientSupport.connect(broker);
        BlockedEvents events = BlockedEvents.on(publisher);
        Channel publishing = publisher.createChannel();
        for (int round = 0; round < 2; round++) {
            raiseDiskAlarm();
            publishing.basicPublish("", "nowhere", null, new byte[] {1});
            assertThat(events.next()).isEqualTo("blocked: low on disk");
            clearDiskAlarm();
            assertThat(events.next()).isEqualTo("unblocked");
        }
    }

    @Test
    void consumersKeepReceivingAndAckingWhilePublishersAreBlocked() throws Exception {
        Channel seeder = ClientSupport.channel(broker);
        String queue = ConnectionTuningIT.sharedQueue(seeder);
        for (int i = 1; i <= 3; i++) {
            seeder.basicPublish("", queue, null, ClientSupport.bytes("before-" + i));
        }
        ClientSupport.eventually("three messages queued", () -> ready(seeder, queue) == 3);
        raiseDiskAlarm();

        Connection publisher = ClientSupport.connect(broker);
        BlockedEvents events = BlockedEvents.on(publisher);
        publisher.createChannel().basicPublish("", queue, null, ClientSupport.bytes("while-blocked"));
        assertThat(events.next()).isEqualTo("blocked: low on disk");

        // Prefetch 1 with manual acks: each next delivery needs the broker to read the previous ack.
        Channel consumer = ClientSupport.channel(broker);
        consumer.basicQos(1);
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        consumer.basicConsume(queue, false, new DefaultConsumer(consumer) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                    throws IOException {
                received.add(ClientSupport.text(body));
                getChannel().basicAck(envelope.getDeliveryTag(), false);
            }
        });
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String body = received.poll(5, TimeUnit.SECONDS);
            assertThat(body).as("delivery %d while the alarm is up", i + 1).isNotNull();
            bodies.add(body);
        }
        assertThat(bodies).containsExactly("before-1", "before-2", "before-3", "while-blocked");
        assertThat(disk().isAlarmed()).isTrue();
        events.expectNoneFor(100);
    }
}
