package io.warren.broker.channel;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A channel's shared prefetch window ({@code basic.qos} with global=true): unacknowledged consumer
 * deliveries across all the channel's consumers. Queues take units on their threads as they deliver;
 * the channel gives them back on acknowledgement. A limit of 0 means none, but units are still
 * counted so that a limit set later takes what is already out into account.
 */
final class SharedPrefetch {
    private final AtomicInteger used = new AtomicInteger();
    private volatile int limit;

    boolean tryAcquire() {
        while (true) {
            int current = used.get();
            int max = limit;
            if (max != 0 && current >= max) {
                return false;
            }
            if (used.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    void release(int units) {
        used.addAndGet(-units);
    }

    boolean hasRoom() {
        int max = limit;
        return max == 0 || used.get() < max;
    }

    void setLimit(int newLimit) {
        limit = newLimit;
    }

    int limit() {
        return limit;
    }
}
