package io.warren.broker.queue;

import io.warren.broker.message.Message;
import io.warren.broker.message.StoredMessages;
import io.warren.store.Locations;
import io.warren.store.MessageStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One queue's dealings with the message store, on the queue's thread: what it must record (acks,
 * deliveries, its own deletion), batched until the end of the queue's mail batch, and paging bodies
 * out to disk and back.
 *
 * <p>A paged-out message is one {@code long}: its location plus two flag bits (see {@link #word}).
 */
final class QueueStorage {
    private static final Logger log = LoggerFactory.getLogger(QueueStorage.class);

    /** The store records this queue as a holder of the message. */
    static final long RECORDED = 1L << 62;
    /** The message was handed out before. */
    static final long REDELIVERED = 1L << 61;
    private static final long FLAGS = RECORDED | REDELIVERED;
    /** Pending settlements past this are written out at once rather than at the end of the batch. */
    private static final int FLUSH_AT = 65536;

    private final MessageStore store;
    private final long queueId;
    private final boolean persistent;
    private final String queueName;
    private final Pending acks = new Pending();
    private final Pending deliveries = new Pending();
    private final Pending releases = new Pending();
    private boolean dropped;

    /**
     * @param store null when the broker runs without one (some tests)
     * @param persistent whether persistent messages in this queue survive a restart (durable and
     *     not exclusive, as RabbitMQ)
     */
    QueueStorage(MessageStore store, String vhost, String name, boolean persistent) {
        this.store = store;
        this.queueId = idOf(vhost, name);
        this.persistent = persistent && store != null;
        this.queueName = "queue '" + name + "' in vhost '" + vhost + "'";
    }

    /**
     * The id the store knows a queue by: the first 8 bytes of SHA-256 over vhost and name. Stable
     * across restarts without storing it anywhere; a queue deleted and declared again gets the same
     * id, which is why deletion writes a DROP_QUEUE record rather than relying on ids being fresh.
     */
    static long idOf(String vhost, String name) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(vhost.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(sha.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    long queueId() {
        return queueId;
    }

    /** Whether persistent messages published to this queue are to be written to the store. */
    boolean persistsMessages() {
        return persistent;
    }

    boolean canPage() {
        return store != null;
    }

    // ---- settling ------------------------------------------------------------------------------

    /** The entry leaves the queue for good (acked, discarded, purged, dead, or handed out without ack). */
    void settled(QueueEntry entry) {
        long location = entry.location();
        if (location == Locations.NONE) {
            return;
        }
        if (entry.isRecorded() && !dropped) {
            acks.add(location);
        } else {
            releases.add(location);
        }
        flushIfLarge();
    }

    /** A paged-out message leaves the queue without being read back. */
    void settledPaged(long word) {
        long location = word & ~FLAGS;
        if ((word & RECORDED) != 0 && !dropped) {
            acks.add(location);
        } else {
            releases.add(location);
        }
        flushIfLarge();
    }

    /** The entry goes to a consumer that will acknowledge it: after a crash it must come back redelivered. */
    void handedOut(QueueEntry entry) {
        if (entry.isRecorded() && !entry.isRedelivered() && !dropped) {
            deliveries.add(entry.location());
            flushIfLarge();
        }
    }

    /** The queue is deleted: one record forgets everything it held; later settlements only release. */
    void dropped() {
        if (dropped) {
            return;
        }
        dropped = true;
        if (persistent) {
            flush();
            store.dropQueue(queueId, releases.locations, 0);
        }
    }

    private void flushIfLarge() {
        if (acks.size >= FLUSH_AT || releases.size >= FLUSH_AT) {
            flush();
        }
    }

    /** Records the deliveries noted so far: call before they are handed to consumers' channels. */
    void recordDeliveries() {
        if (deliveries.size > 0) {
            store.delivered(queueId, deliveries.locations, deliveries.size);
            deliveries.clear();
        }
    }

    /** Writes what the batch settled. */
    void flush() {
        if (store == null) {
            return;
        }
        recordDeliveries();
        if (acks.size > 0) {
            store.acked(queueId, acks.locations, acks.size);
            acks.clear();
        }
        if (releases.size > 0) {
            store.release(releases.locations, releases.size);
            releases.clear();
        }
    }

    // ---- paging --------------------------------------------------------------------------------

    /**
     * Moves an entry's body out of memory: returns the word to keep in its place, or -1 when the
     * store cannot take it (the entry then stays in memory). Takes over the entry's body reference.
     */
    long pageOut(QueueEntry entry) {
        long location = entry.location();
        boolean recorded = entry.isRecorded();
        if (location == Locations.NONE) {
            try {
                location = store.appendPaged(StoredMessages.encode(entry.message()));
            } catch (UncheckedIOException | IllegalStateException e) {
                return -1;
            }
            recorded = false;
        }
        entry.message().release();
        return word(location, recorded, entry.isRedelivered());
    }

    static long word(long location, boolean recorded, boolean redelivered) {
        return location | (recorded ? RECORDED : 0) | (redelivered ? REDELIVERED : 0);
    }

    /** Reads a paged-out message back; null (and logged, and settled) when it cannot be read. */
    QueueEntry pageIn(long word) {
        long location = word & ~FLAGS;
        try {
            Message message = StoredMessages.decode(store.read(location));
            QueueEntry entry = new QueueEntry(message, null, location, (word & RECORDED) != 0);
            if ((word & REDELIVERED) != 0) {
                entry.markRedelivered();
            }
            return entry;
        } catch (IOException | IllegalArgumentException e) {
            log.error("{}: lost the message stored at {}: {}", queueName, Locations.toString(location), e.getMessage());
            settledPaged(word);
            return null;
        }
    }

    /** A growable list of locations. */
    private static final class Pending {
        long[] locations = new long[64];
        int size;

        void add(long location) {
            if (size == locations.length) {
                locations = Arrays.copyOf(locations, size * 2);
            }
            locations[size++] = location;
        }

        void clear() {
            size = 0;
            if (locations.length > 4096) {
                locations = new long[64];
            }
        }
    }
}
