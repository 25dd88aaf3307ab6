package io.warren.broker.flow;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.netty.util.internal.PlatformDependent;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory alarm, as RabbitMQ's {@code vm_memory_high_watermark}: when the broker's memory in use
 * passes a share of the heap, publishers are blocked (they get {@code connection.blocked} and are
 * no longer read) until it falls back. Consumers keep draining, so memory comes back.
 *
 * <p>"In use" is the live heap plus the direct memory the JVM has allocated (message bodies live in
 * direct buffers). The live heap is read from what the last garbage collection left, not from the
 * heap's current fill, which counts garbage too: measured that way, an idle broker would keep its
 * alarm up until something happened to collect. If the alarm stays up without a collection for a
 * while, the monitor asks for one, so the alarm ends as soon as memory is truly free. It clears
 * below 90% of the limit, so it does not flap.
 */
public final class MemoryMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MemoryMonitor.class);
    private static final long STALE_GC_NANOS = TimeUnit.SECONDS.toNanos(3);

    /** Something that must stop or resume publishing when the alarm changes. */
    public interface Listener {
        void memoryAlarm(boolean raised);
    }

    private final long limitBytes;
    private final LongSupplier usage;
    private final Runnable collect;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer;
    private volatile boolean alarmed;
    private long alarmedSinceNanos;

    private MemoryMonitor(long limitBytes, LongSupplier usage, Runnable collect, boolean start) {
        this.limitBytes = limitBytes;
        this.usage = usage;
        this.collect = collect;
        if (start) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "warren-memory-monitor");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(this::check, 100, 100, TimeUnit.MILLISECONDS);
        } else {
            timer = null;
        }
    }

    /** Watches this JVM with the limit {@code fraction} of the maximum heap. */
    public static MemoryMonitor start(double fraction) {
        long limit = (long) (Runtime.getRuntime().maxMemory() * fraction);
        LiveHeap liveHeap = new LiveHeap();
        return new MemoryMonitor(limit, () -> liveHeap.bytes() + directMemoryUsed(), System::gc, true);
    }

    /** A monitor driven by hand, for tests: call {@link #check()} after changing what {@code usage} reports. */
    public static MemoryMonitor manual(long limitBytes, LongSupplier usage) {
        return new MemoryMonitor(limitBytes, usage, () -> { }, false);
    }

    /**
     * Direct memory the JVM has allocated: through {@link java.nio.ByteBuffer#allocateDirect} (the
     * "direct" buffer pool) and through Netty's cleaner-less allocations, which the JVM does not
     * count. Netty's default (adaptive) allocator hands chunks back once their buffers are freed,
     * keeping only a few for reuse, so this falls as queues drain.
     */
    private static long directMemoryUsed() {
        long jvm = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                jvm = pool.getMemoryUsed();
            }
        }
        return jvm + Math.max(0, PlatformDependent.usedDirectMemory());
    }

    public void check() {
        long used = usage.getAsLong();
        if (!alarmed && used > limitBytes) {
            alarmed = true;
            alarmedSinceNanos = System.nanoTime();
            log.warn("memory alarm raised: {} MiB in use, limit {} MiB; publishers are blocked",
                    used >> 20, limitBytes >> 20);
            notifyListeners(true);
        } else if (alarmed && used < limitBytes * 0.9) {
            alarmed = false;
            log.info("memory alarm cleared: {} MiB in use, limit {} MiB", used >> 20, limitBytes >> 20);
            notifyListeners(false);
        } else if (alarmed && System.nanoTime() - alarmedSinceNanos > STALE_GC_NANOS) {
            // Still up: make sure it is live data and not garbage nobody has collected yet.
            alarmedSinceNanos = System.nanoTime();
            collect.run();
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

    /**
     * The heap in use right after the latest garbage collection, from the collectors'
     * notifications; before the first collection, the heap's current fill.
     */
    private static final class LiveHeap {
        private final AtomicLong afterLastGc = new AtomicLong(-1);
        private final Set<String> heapPools = new HashSet<>();

        LiveHeap() {
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    heapPools.add(pool.getName());
                }
            }
            for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (collector instanceof NotificationEmitter emitter) {
                    emitter.addNotificationListener((notification, handback) -> {
                        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
                                .equals(notification.getType())) {
                            GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
                                    .from((CompositeData) notification.getUserData());
                            long total = 0;
                            for (Map.Entry<String, MemoryUsage> pool
                                    : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                                if (heapPools.contains(pool.getKey())) {
                                    total += pool.getValue().getUsed();
                                }
                            }
                            afterLastGc.set(total);
                        }
                    }, null, null);
                }
            }
        }

        long bytes() {
            long measured = afterLastGc.get();
            return measured >= 0 ? measured : ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }
    }
}
