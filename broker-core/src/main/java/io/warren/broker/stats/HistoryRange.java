package io.warren.broker.stats;

/**
 * A request for history, as RabbitMQ's management API takes it: {@code msg_rates_age} and
 * {@code msg_rates_incr} for message rates, {@code lengths_age} and {@code lengths_incr} for queue
 * lengths, both in seconds. The answer has one sample every {@code incr} seconds over the last
 * {@code age} seconds, at times that are multiples of {@code incr}, newest first.
 */
public record HistoryRange(long ageSeconds, long incrSeconds) {
    /** More samples than this in one answer is refused, so a request cannot make the broker build a huge list. */
    public static final int MAX_SAMPLES = 1000;

    public HistoryRange {
        if (ageSeconds < 0 || incrSeconds <= 0) {
            throw new IllegalArgumentException("age must be at least 0 and incr above 0 seconds");
        }
        if (ageSeconds / incrSeconds + 1 > MAX_SAMPLES) {
            throw new IllegalArgumentException("more than " + MAX_SAMPLES + " samples asked for (age "
                    + ageSeconds + " / incr " + incrSeconds + ")");
        }
    }

    /**
     * The range two query parameters ask for (e.g. {@code msg_rates_age}, {@code msg_rates_incr}); null
     * when either is absent, as RabbitMQ then answers without samples.
     *
     * @throws IllegalArgumentException when a value is not a whole number of seconds or asks for too much
     */
    public static HistoryRange of(String age, String incr) {
        if (age == null || incr == null) {
            return null;
        }
        try {
            return new HistoryRange(Long.parseLong(age.trim()), Long.parseLong(incr.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("age and incr must be whole numbers of seconds: '" + age + "', '"
                    + incr + "'");
        }
    }

    /** How many samples the answer has: one per {@code incr} over {@code age}, both ends included. */
    public int sampleCount() {
        return (int) (ageSeconds / incrSeconds) + 1;
    }
}
