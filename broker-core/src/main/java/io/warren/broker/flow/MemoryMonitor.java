package io.warren.broker.flow;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory alarm, as RabbitMQ's {@code vm_memory_high_watermark}: when the messages the broker
 * holds pass a share of the maximum heap, publishers are blocked (they get
 * {@code connection.blocked} and are no longer read) until it falls back. Consumers keep draining,
 * so memory comes back. It clears below 90% of the limit, so it does not flap.
 *
 * <p>It watches {@link MessageMemory}, the bytes queues hold for messages, not the heap's fill:
 * the heap also holds garbage and the buffer allocator keeps freed chunks for reuse, and either
 * would keep an alarm up long after the messages had gone (or force collections to find out).
 * The share defaults to 0.4, which leaves the rest of the heap and the direct-memory budget for
 * everything else a broker holds.
 */
public final class MemoryMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MemoryMonitor.class);

    /** Something that must stop or resume publishing when the alarm changes. */
    public interface Listener {
        void memoryAlarm(boolean raised);
    }

    private final long limitBytes;
    private final LongSupplier usage;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer;
    private volatile boolean alarmed;

    private MemoryMonitor(long limitBytes, LongSupplier usage, boolean start) {
        this.limitBytes = limitBytes;
        this.usage = usage;
        if (start) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "warren-memory-monitor");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(this::check, 50, 50, TimeUnit.MILLISECONDS);
        } else {
            timer = null;
        }
    }

    /** Watches {@code messages} against {@code fraction} of this JVM's maximum heap. */
    public static MemoryMonitor start(double fraction, MessageMemory messages) {
        long limit = (long) (Runtime.getRuntime().maxMemory() * fraction);
        return new MemoryMonitor(limit, messages::bytes, true);
    }

    /** A monitor driven by hand, for tests: call {@link #check()} after changing what {@code usage} reports. */
    public static MemoryMonitor manual(long limitBytes, LongSupplier usage) {
        return new MemoryMonitor(limitBytes, usage, false);
    }

    public void check() {
        long used = usage.getAsLong();
        if (!alarmed && used > limitBytes) {
            alarmed = true;
            log.warn("memory alarm raised: queued messages hold {} MiB, limit {} MiB; publishers are blocked",
                    used >> 20, limitBytes >> 20);
            notifyListeners(true);
        } else if (alarmed && used < limitBytes * 0.9) {
            alarmed = false;
            log.info("memory alarm cleared: queued messages hold {} MiB, limit {} MiB", used >> 20, limitBytes >> 20);
            notifyListeners(false);
        }
    }

    private void notifyListeners(boolean raised) {
        for (Listener listener : listeners) {
            listener.memoryAlarm(raised);
        }
    }

    public boolean isAlarmed() {
        return alarmed;
    }

    public long limitBytes() {
        return limitBytes;
    }

    public long usedBytes() {
        return usage.getAsLong();
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
