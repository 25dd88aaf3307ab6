package io.warren.broker.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sampled figures of one object (a queue, a channel, the broker...): the latest sample of each
 * of its columns, the rate of change since the sample before, and a bounded history for charts.
 *
 * <p>Design: the history is a ring of primitive arrays (one timestamp and one long per column per
 * sample), allocated only once a value changes and released again after a ring's worth of samples
 * without change, so an object that is idle costs its latest sample and rates only. The sampler
 * thread writes; readers on other threads take the same monitor, once per object and request.
 */
final class Series {
    /** Which metrics a kind of object samples, and where each sits; one instance per kind, shared. */
    static final class Columns {
        final Metric[] metrics;
        /** For each {@link Metric} ordinal, its column, or -1. */
        final int[] index = new int[Metric.COUNT];

        Columns(Metric... metrics) {
            this.metrics = metrics;
            Arrays.fill(index, -1);
            for (int i = 0; i < metrics.length; i++) {
                index[metrics[i].ordinal()] = i;
            }
        }
    }

    private final Metric[] columns;
    private final int[] columnOf;
    private final int capacity;

    private final long[] last;
    private final double[] rates;
    private long lastTime;

    private long[] times;
    private long[] ring;
    private int size;
    private int next;
    private int unchangedSamples;
    /** History was dropped once for idleness: before the oldest sample kept, values were not zero. */
    private boolean released;

    /**
     * @param capacity samples of history kept (0 for none)
     * @param startTime when the object's values were known to be all zero (the previous sample of a
     *     newly seen object), or 0 when unknown: then the first sample has no rate
     */
    Series(Columns layout, int capacity, long startTime) {
        this.columns = layout.metrics;
        this.columnOf = layout.index;
        this.capacity = capacity;
        this.last = new long[columns.length];
        this.rates = new double[columns.length];
        this.lastTime = startTime;
    }

    /** Records the values at {@code time}; {@code sample} is indexed by {@link Metric#ordinal()}. */
    synchronized void record(long time, long[] sample) {
        double seconds = lastTime == 0 || time <= lastTime ? 0 : (time - lastTime) / 1000.0;
        boolean changed = false;
        for (int i = 0; i < columns.length; i++) {
            long value = sample[columns[i].ordinal()];
            if (value != last[i]) {
                changed = true;
            }
            rates[i] = seconds == 0 ? 0 : (value - last[i]) / seconds;
        }
        unchangedSamples = changed ? 0 : unchangedSamples + 1;
        if (ring == null && changed && capacity > 0) {
            times = new long[capacity];
            ring = new long[capacity * columns.length];
            size = 0;
            next = 0;
            if (lastTime != 0) {
                append(lastTime, last); // what the values were before this change
            }
        }
        for (int i = 0; i < columns.length; i++) {
            last[i] = sample[columns[i].ordinal()];
        }
        lastTime = time;
        if (ring != null) {
            append(time, last);
            if (unchangedSamples >= capacity) {
                times = null; // a whole ring without change: the latest values tell it all
                ring = null;
                size = 0;
                released = true;
            }
        }
    }

    private void append(long time, long[] values) {
        times[next] = time;
        System.arraycopy(values, 0, ring, next * columns.length, columns.length);
        next = (next + 1) % capacity;
        size = Math.min(size + 1, capacity);
    }

    synchronized long value(Metric metric) {
        int column = columnOf[metric.ordinal()];
        return column < 0 ? 0 : last[column];
    }

    synchronized boolean hasHistory() {
        return ring != null;
    }

    synchronized int historySize() {
        return size;
    }

    /**
     * Puts {@code key} (the sum of {@code parts}, e.g. {@code deliver_get}) and {@code key_details} into
     * {@code out}: the value and rate, and with a {@code range} also the samples, their average and the
     * average rate over the range, as RabbitMQ's management API answers.
     */
    synchronized void render(Map<String, Object> out, String key, Metric[] parts, HistoryRange range, long now) {
        long value = 0;
        double rate = 0;
        for (Metric part : parts) {
            int column = columnOf[part.ordinal()];
            if (column >= 0) {
                value += last[column];
                rate += rates[column];
            }
        }
        out.put(key, value);
        Map<String, Object> details = new LinkedHashMap<>();
        if (range == null) {
            details.put("rate", rate);
        } else {
            long incr = range.incrSeconds() * 1000;
            long newest = now / incr * incr;
            int count = range.sampleCount();
            List<Map<String, Object>> samples = new ArrayList<>(count);
            long sum = 0;
            long first = 0;
            long oldest = 0;
            for (int k = 0; k < count; k++) {
                long time = newest - k * incr;
                long sample = valueAt(time, incr, parts);
                if (k == 0) {
                    first = sample;
                }
                oldest = sample;
                sum += sample;
                Map<String, Object> point = new LinkedHashMap<>();
                point.put("sample", sample);
                point.put("timestamp", time);
                samples.add(point);
            }
            details.put("avg", (double) sum / count);
            details.put("avg_rate", range.ageSeconds() == 0 ? 0.0 : (double) (first - oldest) / range.ageSeconds());
            details.put("rate", rate);
            details.put("samples", samples);
        }
        out.put(key + "_details", details);
    }

    /**
     * The sum of {@code parts} for the answer's point {@code time}: the latest sample taken before
     * {@code time + incr}, as if each sample's time were rounded down to a multiple of the increment,
     * so the newest point always shows the latest sample.
     */
    private long valueAt(long time, long incr, Metric[] parts) {
        int chosen = -1;
        if (ring != null && size > 0 && time + incr <= lastTime) {
            int oldestSlot = (next - size + capacity) % capacity;
            if (times[oldestSlot] >= time + incr && size < capacity && !released) {
                // The ring holds the object's whole life: before its first sample there was nothing
                // (a broker seconds old must not draw its first depth back over the last ten minutes).
                return 0;
            }
            chosen = oldestSlot; // history was dropped: the oldest sample kept is the best answer
            for (int i = 0; i < size; i++) {
                int slot = (oldestSlot + i) % capacity;
                if (times[slot] < time + incr) {
                    chosen = slot;
                } else {
                    break;
                }
            }
        }
        long value = 0;
        for (Metric part : parts) {
            int column = columnOf[part.ordinal()];
            if (column >= 0) {
                value += chosen < 0 ? last[column] : ring[chosen * columns.length + column];
            }
        }
        return value;
    }
}
