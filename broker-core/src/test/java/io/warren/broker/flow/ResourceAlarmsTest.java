package io.warren.broker.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResourceAlarmsTest {
    private static final long MEMORY_LIMIT = 1000;
    private static final long DISK_LIMIT = 1000;

    private final AtomicLong memoryUsed = new AtomicLong();
    private final AtomicLong diskFree = new AtomicLong(Long.MAX_VALUE);
    private final MemoryMonitor memory = MemoryMonitor.manual(MEMORY_LIMIT, memoryUsed::get);
    private final DiskMonitor disk = DiskMonitor.manual(DISK_LIMIT, diskFree::get);
    private final ResourceAlarms alarms = new ResourceAlarms(memory, disk);
    private final AtomicInteger allClear = new AtomicInteger();

    @BeforeEach
    void listen() {
        alarms.addListener(allClear::incrementAndGet);
    }

    private void memoryAlarm(boolean raised) {
        memoryUsed.set(raised ? MEMORY_LIMIT + 1 : 0);
        memory.check();
    }

    private void diskAlarm(boolean raised) {
        diskFree.set(raised ? DISK_LIMIT - 1 : Long.MAX_VALUE);
        disk.check();
    }

    @Test
    void noReasonToBlockWhileNoAlarmIsUp() {
        assertThat(alarms.isAlarmed()).isFalse();
        assertThat(alarms.blockingReason()).isNull();
    }

    @Test
    void eachAlarmGivesRabbitMqsReason() {
        memoryAlarm(true);
        assertThat(alarms.blockingReason()).isEqualTo("low on memory");
        memoryAlarm(false);

        diskAlarm(true);
        assertThat(alarms.isAlarmed()).isTrue();
        assertThat(alarms.blockingReason()).isEqualTo("low on disk");
    }

    @Test
    void bothAlarmsAreNamedDiskFirstAsRabbitMqJoinsThem() {
        memoryAlarm(true);
        diskAlarm(true);
        assertThat(alarms.blockingReason()).isEqualTo("low on disk & memory");
    }

    @Test
    void allClearOnlyOnceTheLastAlarmClears() {
        memoryAlarm(true);
        diskAlarm(true);

        memoryAlarm(false);
        assertThat(allClear).as("disk is still low").hasValue(0);
        assertThat(alarms.blockingReason()).isEqualTo("low on disk");

        diskAlarm(false);
        assertThat(allClear).hasValue(1);
        assertThat(alarms.isAlarmed()).isFalse();
    }

    @Test
    void allClearWhicheverAlarmClearsLast() {
        diskAlarm(true);
        memoryAlarm(true);

        diskAlarm(false);
        assertThat(allClear).hasValue(0);
        memoryAlarm(false);
        assertThat(allClear).hasValue(1);
    }

    @Test
    void aRemovedListenerIsNotTold() {
        ResourceAlarms.Listener other = allClear::incrementAndGet;
        alarms.addListener(other);
        alarms.removeListener(other);
        diskAlarm(true);
        diskAlarm(false);
        assertThat(allClear).hasValue(1);
    }
}
