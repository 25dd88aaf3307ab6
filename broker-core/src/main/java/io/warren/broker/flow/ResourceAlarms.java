package io.warren.broker.flow;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The broker's resource alarms taken together, as RabbitMQ's {@code rabbit_alarm}: while any is
 * up, a connection that publishes is blocked; it resumes only once all have cleared. Connections
 * ask {@link #blockingReason()} when they publish and listen for {@link Listener#allClear()}.
 *
 * <p>It keeps no state of its own: each question goes to the monitors, so this view can never
 * disagree with them. A monitor changes its state before it tells its listeners, so when two
 * alarms clear at once, at least one of them sees the other clear and reports all-clear (both
 * may; unblocking twice is harmless).
 */
public final class ResourceAlarms implements AutoCloseable {
    /** Something blocked by an alarm, to be told when none is left. */
    public interface Listener {
        /** Every alarm is clear (called on a monitor's thread). */
        void allClear();
    }

    private final MemoryMonitor memory;
    private final DiskMonitor disk;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    public ResourceAlarms(MemoryMonitor memory, DiskMonitor disk) {
        this.memory = memory;
        this.disk = disk;
        memory.addListener(this::changed);
        disk.addListener(this::changed);
    }

    private void changed(boolean raised) {
        if (!raised && !isAlarmed()) {
            for (Listener listener : listeners) {
                listener.allClear();
            }
        }
    }

    public boolean isAlarmed() {
        return memory.isAlarmed() || disk.isAlarmed();
    }

    /**
     * Why a publisher must be blocked now, in RabbitMQ's words for {@code connection.blocked}:
     * {@code "low on memory"}, {@code "low on disk"}, or with both {@code "low on disk & memory"}
     * (rabbit_reader joins the alarmed resources with " & " in the order its set lists them, which
     * puts disk first); null when no alarm is up.
     */
    public String blockingReason() {
        boolean lowOnDisk = disk.isAlarmed();
        boolean lowOnMemory = memory.isAlarmed();
        if (lowOnDisk && lowOnMemory) {
            return "low on disk & memory";
        } else if (lowOnDisk) {
            return "low on disk";
        } else if (lowOnMemory) {
            return "low on memory";
        }
        return null;
    }

    public MemoryMonitor memory() {
        return memory;
    }

    public DiskMonitor disk() {
        return disk;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /** Stops both monitors. */
    @Override
    public void close() {
        memory.close();
        disk.close();
    }
}
