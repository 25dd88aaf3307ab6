package io.warren.store;

/**
 * How the message store writes.
 *
 * @param segmentSize bytes after which the log rolls to a new segment file (a record larger than
 *     this gets a segment of its own)
 * @param syncPolicy when appended records are forced to disk
 * @param syncIntervalMillis for {@link SyncPolicy#INTERVAL}: the longest a written record waits for its
 *     fsync; also how often buffered acknowledgement records are written when nobody asks for a sync
 */
public record StoreSettings(int segmentSize, SyncPolicy syncPolicy, long syncIntervalMillis) {
    public static final int MIN_SEGMENT_SIZE = 64 * 1024;

    public StoreSettings {
        if (segmentSize < MIN_SEGMENT_SIZE) {
            throw new IllegalArgumentException("segment size " + segmentSize + " is below " + MIN_SEGMENT_SIZE);
        }
        if (syncIntervalMillis < 1) {
            throw new IllegalArgumentException("sync interval must be at least 1 ms, got " + syncIntervalMillis);
        }
    }

    public static StoreSettings defaults() {
        return new StoreSettings(32 * 1024 * 1024, SyncPolicy.BATCH, 200);
    }

    /** When records reach the disk. */
    public enum SyncPolicy {
        /**
         * A {@link MessageStore#sync()} completes after an fsync that covers it; one fsync serves every
         * caller waiting at that moment (group commit). Nothing confirmed is lost to a crash.
         */
        BATCH,
        /**
         * A sync completes once the records are written to the operating system; fsync runs every
         * {@code syncIntervalMillis}. A machine crash (not a broker crash) may lose that window.
         */
        INTERVAL
    }
}
