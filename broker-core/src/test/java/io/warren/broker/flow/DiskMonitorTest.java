package io.warren.broker.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskMonitorTest {
    private final AtomicLong free = new AtomicLong(1_000_000);
    private final List<Boolean> events = new ArrayList<>();

    private DiskMonitor monitor(long limit) {
        DiskMonitor monitor = DiskMonitor.manual(limit, free::get);
        monitor.addListener(events::add);
        return monitor;
    }

    @Test
    void raisedBelowTheLimitAndClearedAtItWithoutHysteresisAsRabbitMq() {
        DiskMonitor monitor = monitor(500_000);
        monitor.check();
        assertThat(monitor.isAlarmed()).isFalse();

        free.set(500_000);
        monitor.check();
        assertThat(monitor.isAlarmed()).as("exactly at the limit is enough").isFalse();

        free.set(499_999);
        monitor.check();
        assertThat(monitor.isAlarmed()).isTrue();
        assertThat(monitor.freeBytes()).isEqualTo(499_999);

        free.set(500_000);
        monitor.check();
        assertThat(monitor.isAlarmed()).isFalse();
        assertThat(events).containsExactly(true, false);
    }

    @Test
    void listenersHearEachChangeOnceNotEachCheck() {
        DiskMonitor monitor = monitor(500_000);
        free.set(10);
        monitor.check();
        monitor.check();
        monitor.check();
        free.set(2_000_000);
        monitor.check();
        monitor.check();

        assertThat(events).containsExactly(true, false);
    }

    @Test
    void changingTheLimitChecksAtOnce() {
        DiskMonitor monitor = monitor(0);
        monitor.setLimit(Long.MAX_VALUE);
        assertThat(monitor.isAlarmed()).isTrue();
        assertThat(monitor.limitBytes()).isEqualTo(Long.MAX_VALUE);

        monitor.setLimit(0);
        assertThat(monitor.isAlarmed()).isFalse();
        assertThat(events).containsExactly(true, false);
    }

    @Test
    void aFailedReadKeepsTheAlarmAsItWas() {
        DiskMonitor monitor = DiskMonitor.manual(500_000, () -> {
            if (free.get() < 0) {
                throw new UncheckedIOException(new java.io.IOException("statvfs failed"));
            }
            return free.get();
        });
        free.set(10);
        monitor.check();
        assertThat(monitor.isAlarmed()).isTrue();

        free.set(-1);
        monitor.check();
        assertThat(monitor.isAlarmed()).as("still raised").isTrue();
        assertThat(monitor.freeBytes()).as("the last value read").isEqualTo(10);

        free.set(2_000_000);
        monitor.check();
        assertThat(monitor.isAlarmed()).isFalse();
    }

    @Test
    void checksMoreOftenNearTheLimit() {
        DiskMonitor monitor = monitor(100_000_000);
        free.set(100_000_000_000L);
        monitor.check();
        assertThat(monitor.nextIntervalMillis()).as("far away").isEqualTo(DiskMonitor.MAX_INTERVAL_MILLIS);

        free.set(100_000_000 + 250_000 * 600L); // 600 ms from the limit at 250 MB/s
        monitor.check();
        assertThat(monitor.nextIntervalMillis()).isEqualTo(300);

        free.set(100_000_001);
        monitor.check();
        assertThat(monitor.nextIntervalMillis()).as("right at it").isEqualTo(DiskMonitor.MIN_INTERVAL_MILLIS);

        free.set(1);
        monitor.check();
        assertThat(monitor.nextIntervalMillis()).as("raised: only clearing is left to see")
                .isEqualTo(DiskMonitor.MAX_INTERVAL_MILLIS);
    }

    @Test
    void startedOnARealDirectoryItReadsThatPartitionsFreeSpace(@TempDir Path dir) throws Exception {
        try (DiskMonitor monitor = DiskMonitor.start(dir, 0)) {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (monitor.freeBytes() < 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(monitor.freeBytes()).isPositive();
            assertThat(monitor.isAlarmed()).isFalse();

            monitor.setLimit(Long.MAX_VALUE);
            assertThat(monitor.isAlarmed()).as("no disk has Long.MAX_VALUE bytes free").isTrue();
        }
    }
}
