package io.warren.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.warren.broker.config.CoreSettings;
import io.warren.broker.flow.DiskMonitor;
import io.warren.broker.flow.MemoryMonitor;
import io.warren.broker.testing.BrokerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The memory and disk alarms together, as RabbitMQ's reader treats them: the reason names every
 * alarm up when the publisher is blocked, one {@code connection.blocked} covers them all, and
 * {@code connection.unblocked} comes only once all have cleared.
 *
 * <p>The memory watermark is so low that one queued message raises the memory alarm and purging
 * it clears the alarm; the disk alarm is driven through its limit, as in {@link DiskAlarmIT}.
 * Queues are purged and counted on an admin connection that never publishes, so it is never blocked.
 */
class ResourceAlarmsIT {
    private static final String BALLAST = "alarms-ballast";
    private static final String PROBE = "alarms-probe";

    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension()
            .with(CoreSettings.VM_MEMORY_HIGH_WATERMARK, 1e-9)
            .with(CoreSettings.DISK_FREE_LIMIT_ABSOLUTE, 0L);

    private Channel admin;

    private static DiskMonitor disk() {
        return broker.services().alarms().disk();
    }

    private static MemoryMonitor memory() {
        return broker.services().alarms().memory();
    }

    @BeforeEach
    void queues() throws Exception {
        admin = ClientSupport.channel(broker);
        admin.queueDeclare(BALLAST, false, false, false, null);
        admin.queueDeclare(PROBE, false, false, false, null);
    }

    @AfterEach
    void clearBoth() throws Exception {
        disk().setLimit(0);
        admin.queuePurge(BALLAST);
        admin.queuePurge(PROBE);
        ClientSupport.eventually("memory alarm cleared", () -> !memory().isAlarmed());
    }

    /**
     * Queues one message from a connection of its own and waits for the alarm. The seeder is left
     * open: if the disk alarm is up, its publish blocks it, and a close it sent would not be read
     * until the alarms clear (the extension closes it after {@link #clearBoth()}).
     */
    private static void raiseMemoryAlarm() throws Exception {
        ClientSupport.channel(broker).basicPublish("", BALLAST, null, new byte[64]);
        ClientSupport.eventually("memory alarm raised", () -> memory().isAlarmed());
    }

    private void clearMemoryAlarm() throws Exception {
        admin.queuePurge(BALLAST);
        ClientSupport.eventually("memory alarm cleared", () -> !memory().isAlarmed());
    }

    private static void raiseDiskAlarm() {
        disk().setLimit(Long.MAX_VALUE);
        assertThat(disk().isAlarmed()).isTrue();
    }

    private static void clearDiskAlarm() {
        disk().setLimit(0);
        assertThat(disk().isAlarmed()).isFalse();
    }

    private int probes() throws Exception {
        return admin.queueDeclarePassive(PROBE).getMessageCount();
    }

    /** Blocks a new publisher (its publish goes nowhere, so it adds no memory) and returns its events. */
    private static Blocked blockPublisher() throws Exception {
        Connection publisher = ClientSupport.connect(broker);
        BlockedEvents events = BlockedEvents.on(publisher);
        Channel channel = publisher.createChannel();
        channel.basicPublish("", "nowhere", null, new byte[] {1});
        return new Blocked(channel, events);
    }

    private record Blocked(Channel channel, BlockedEvents events) {
    }

    /** Publishes to the probe queue on a blocked channel and checks the broker did not read it. */
    private void expectStillBlocked(Blocked blocked) throws Exception {
        blocked.channel().basicPublish("", PROBE, null, new byte[] {2});
        blocked.events().expectNoneFor(500);
        assertThat(probes()).as("the blocked connection is not read").isZero();
    }

    private void expectUnblocked(Blocked blocked) throws Exception {
        assertThat(blocked.events().next()).isEqualTo("unblocked");
        ClientSupport.eventually("the held-back publish arrives", () -> probes() == 1);
        blocked.events().expectNoneFor(200);
    }

    @Test
    void withBothAlarmsUpTheReasonNamesBothDiskFirst() throws Exception {
        raiseMemoryAlarm();
        raiseDiskAlarm();

        Blocked blocked = blockPublisher();

        assertThat(blocked.events().next()).isEqualTo("blocked: low on disk & memory");
    }

    @Test
    void clearingTheMemoryAlarmKeepsAPublisherBlockedWhileDiskIsLow() throws Exception {
        raiseMemoryAlarm();
        raiseDiskAlarm();
        Blocked blocked = blockPublisher();
        assertThat(blocked.events().next()).isEqualTo("blocked: low on disk & memory");

        clearMemoryAlarm();
        expectStillBlocked(blocked);

        clearDiskAlarm();
        expectUnblocked(blocked);
    }

    @Test
    void clearingTheDiskAlarmKeepsAPublisherBlockedWhileMemoryIsLow() throws Exception {
        raiseMemoryAlarm();
        raiseDiskAlarm();
        Blocked blocked = blockPublisher();
        assertThat(blocked.events().next()).isEqualTo("blocked: low on disk & memory");

        clearDiskAlarm();
        expectStillBlocked(blocked);

        clearMemoryAlarm();
        expectUnblocked(blocked);
    }

    @Test
    void aSecondAlarmWhileBlockedSendsNoSecondBlockedAndBothMustClear() throws Exception {
        raiseDiskAlarm();
        Blocked blocked = blockPublisher();
        assertThat(blocked.events().next()).isEqualTo("blocked: low on disk");

        raiseMemoryAlarm();
        clearDiskAlarm();
        expectStillBlocked(blocked);

        clearMemoryAlarm();
        expectUnblocked(blocked);
    }
}
