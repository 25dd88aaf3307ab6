package io.warren.broker.flow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The free disk space alarm, as RabbitMQ's {@code disk_free_limit}: when the partition holding the
 * data directory has less free space than the limit, publishers are blocked until it has at least
 * the limit again. There is no hysteresis, as in RabbitMQ: raised below the limit, cleared at it.
 *
 * <p>Free space is what this process may use ({@link FileStore#getUsableSpace()}), the
 * "Available" column of {@code df} that RabbitMQ reads. Like RabbitMQ, it checks more often as
 * free space nears the limit, assuming the disk may fill at 250 MB/s, and at least once a second
 * (RabbitMQ waits up to 10 s; a statvfs call is cheap enough to wait less).
 */
public final class DiskMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DiskMonitor.class);

    static final long MIN_INTERVAL_MILLIS = 100;
    static final long MAX_INTERVAL_MILLIS = 1000;
    /** RabbitMQ's assumed fastest fill rate, 250 MB/s, in bytes per millisecond. */
    private static final long FAST_RATE_BYTES_PER_MILLI = 250_000;

    /** Something that must stop or resume publishing when the alarm changes. */
    public interface Listener {
        void diskAlarm(boolean raised);
    }

    private final LongSupplier freeSpace;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer;
    private volatile long limitBytes;
    private volatile long freeBytes = -1;
    private volatile boolean alarmed;
    private boolean probeFailing;

    private DiskMonitor(long limitBytes, LongSupplier freeSpace, boolean start) {
        this.limitBytes = limitBytes;
        this.freeSpace = freeSpace;
        if (start) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "warren-disk-monitor");
                t.setDaemon(true);
                return t;
            });
            timer.execute(this::tick);
        } else {
            timer = null;
        }
    }

    /** Watches the partition holding {@code dir} (which must exist) against {@code limitBytes}. */
    public static DiskMonitor start(Path dir, long limitBytes) throws IOException {
        FileStore store = Files.getFileStore(dir);
        log.info("free disk space monitoring of {}: limit {} bytes", dir, limitBytes);
        return new DiskMonitor(limitBytes, () -> {
            try {
                return store.getUsableSpace();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, true);
    }

    /** A monitor driven by hand, for tests: call {@link #check()} after changing what {@code freeSpace} reports. */
    public static DiskMonitor manual(long limitBytes, LongSupplier freeSpace) {
        return new DiskMonitor(limitBytes, freeSpace, false);
    }

    private void tick() {
        check();
        if (!timer.isShutdown()) {
            timer.schedule(this::tick, nextIntervalMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * How long until the next check: half the time the disk would take to fill down to the limit at
     * the fast rate, so a fast writer is still seen before it gets there; within 0.1-1 s.
     */
    long nextIntervalMillis() {
        if (alarmed || freeBytes < 0) {
            return MAX_INTERVAL_MILLIS;
        }
        long untilLimit = (freeBytes - limitBytes) / FAST_RATE_BYTES_PER_MILLI;
        return Math.max(MIN_INTERVAL_MILLIS, Math.min(MAX_INTERVAL_MILLIS, untilLimit / 2));
    }

    /** Reads the free space and raises or clears the alarm. A failed read keeps the alarm as it was. */
    public synchronized void check() {
        long free;
        try {
            free = freeSpace.getAsLong();
        } catch (RuntimeException e) {
            // Once per failing stretch: the timer retries every second and would flood the log.
            if (!probeFailing) {
                probeFailing = true;
                log.warn("cannot read free disk space; the disk alarm stays {} until it can: {}",
                        alarmed ? "raised" : "clear", e.toString());
            }
            return;
        }
        probeFailing = false;
        freeBytes = free;
        long limit = limitBytes;
        if (!alarmed && free < limit) {
            alarmed = true;
            log.warn("disk alarm raised: free disk space is insufficient. Free bytes: {}. Limit: {}; "
                    + "publishers are blocked", free, limit);
            notifyListeners(true);
        } else if (alarmed && free >= limit) {
            alarmed = false;
            log.info("disk alarm cleared: free disk space is sufficient. Free bytes: {}. Limit: {}", free, limit);
            notifyListeners(false);
        }
    }

    /** Changes the limit and checks against it at once, as {@code rabbitmqctl set_disk_free_limit} does. */
    public void setLimit(long limitBytes) {
        this.limitBytes = limitBytes;
        log.info("disk free limit set to {} bytes", limitBytes);
        check();
    }

    private void notifyListeners(boolean raised) {
        for (Listener listener : listeners) {
            listener.diskAlarm(raised);
        }
    }

    public boolean isAlarmed() {
        return alarmed;
    }

    public long limitBytes() {
        return limitBytes;
    }

    /** The free space the last successful check saw, or -1 before the first one. */
    public long freeBytes() {
        return freeBytes;
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
