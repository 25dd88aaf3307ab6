package io.warren.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message store: one append-only log, cut into segment files, holding persistent messages and
 * the bodies queues page out of memory.
 *
 * <p>A persistent message routed to several durable queues is written once, as one MESSAGE record
 * naming the queues. Queues then record compactly what happens to it: which messages they handed to a
 * consumer (DELIVERED) and which they are done with (ACK), in batches, a location (8 bytes) per
 * message; a deleted queue writes one DROP_QUEUE record. Recovery replays the records in order to
 * rebuild each queue (see {@link LogRecovery}).
 *
 * <p>Writes: callers append under this object's lock into a write buffer and get the record's
 * location back at once. One writer thread writes the buffer out and forces it to disk; a
 * {@link #sync()} completes once everything appended before it is durable, and one fsync serves
 * every caller waiting at that moment (group commit). Acknowledgements need no waiting: the writer
 * writes them within {@code syncIntervalMillis}; losing the last few to a crash only means those
 * messages are delivered again, never lost.
 *
 * <p>Space: each segment counts the queue references to its messages; once none are left (and it
 * holds no acknowledgement an older, still existing segment needs), the file is deleted, so disk use
 * returns to nothing after queues drain.
 *
 * <p>A write error is sticky: every later append and sync fails, so nothing is confirmed that is not
 * on disk, while what is already stored can still be read and delivered.
 */
public final class MessageStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MessageStore.class);

    private static final int WRITE_BUFFER_SIZE = 1 << 20;
    /** Locations per ACK or DELIVERED record: keeps a purge of millions in records of 64 KiB. */
    private static final int LOCATIONS_PER_RECORD = 8192;

    private final Path directory;
    private final StoreSettings settings;
    private final DirectoryLock lock;
    private final Thread writer;

    // Guarded by this.
    private final TreeMap<Integer, Segment> segments;
    private Segment active;
    private final ByteBuffer writeBuffer = ByteBuffer.allocate(WRITE_BUFFER_SIZE);
    private final ByteBuffer scratch = ByteBuffer.allocate(LogRecords.LOCATIONS_FIXED + 8 * LOCATIONS_PER_RECORD);
    private final CRC32C crc = new CRC32C();
    private final List<Waiter> waiters = new ArrayList<>();
    private long nextRecordId;
    private long appended;
    private long durable;
    private boolean directoryDirty;
    private boolean deletionDue;
    private boolean closed;
    private IOException failure;
    private Map<Long, RecoveredQueue> recovered;
    private final Recovery recovery;

    /** What recovery found, for the start-up log and for tests. */
    public record Recovery(int segments, int queues, long messages, int damagedRegions, long damagedBytes,
                           long tornBytes, int malformedRecords, List<String> ignoredFiles, long millis) {
    }

    private record Waiter(long upTo, CompletableFuture<Void> done) {
    }

    private MessageStore(Path directory, StoreSettings settings) throws IOException {
        this.directory = directory;
        this.settings = settings;
        Files.createDirectories(directory);
        this.lock = DirectoryLock.acquire(directory);
        long started = System.nanoTime();
        try {
            LogRecovery scan = LogRecovery.run(directory);
            segments = scan.segments;
            recovered = scan.queues;
            nextRecordId = scan.nextRecordId;
            long messages = 0;
            for (RecoveredQueue queue : recovered.values()) {
                messages += queue.messageCount();
                queue.forEach((location, delivered) -> segments.get(Locations.segment(location)).liveReferences++);
            }
            recovered.values().removeIf(q -> q.messageCount() == 0);
            int next = Math.max(scan.highestSegmentName, segments.isEmpty() ? 0 : segments.lastKey()) + 1;
            active = Segment.create(directory, next);
            segments.put(next, active);
            syncDirectory();
            int scanned = segments.size() - 1;
            deleteDeadSegments();
            recovery = new Recovery(scanned, recovered.size(), messages, scan.damagedRegions, scan.damagedBytes,
                    scan.tornBytes, scan.malformed, List.copyOf(scan.ignoredFiles),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            lock.release();
            throw e;
        }
        writer = new Thread(this::writeLoop, "warren-message-store-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Opens the store in {@code directory}, recovering whatever a previous run left there. */
    public static MessageStore open(Path directory, StoreSettings settings) throws IOException {
        return new MessageStore(directory, settings);
    }

    public Recovery recovery() {
        return recovery;
    }

    /**
     * The queues recovery found messages for, by queue id; handed out once (the store keeps no copy).
     * Every message in them holds a reference the receiving queue must settle with {@link #acked},
     * {@link #dropQueue} or (for a queue that no longer exists) {@link #dropQueue} too.
     */
    public synchronized Map<Long, RecoveredQueue> takeRecovered() {
        Map<Long, RecoveredQueue> taken = recovered;
        recovered = Map.of();
        return taken;
    }

    // ---- appending ---------------------------------------------------------------------------------

    /**
     * Appends a persistent message bound for {@code queueIds[0..queueCount)}; each of those queues
     * holds a reference until it acknowledges or drops it. Durable after a later {@link #sync()}.
     *
     * @return the message's location, to read it back and to acknowledge it
     * @throws UncheckedIOException when the store has failed
     */
    public long appendDurable(long[] queueIds, int queueCount, ByteBuffer... payload) {
        if (queueCount < 1) {
            throw new IllegalArgumentException("a durable message needs a queue");
        }
        return appendMessage(LogRecords.DURABLE, queueIds, queueCount, payload);
    }

    /**
     * Appends a message body a queue pages out of memory; it means nothing after a restart. The
     * caller holds one reference and gives it back with {@link #release}.
     */
    public long appendPaged(ByteBuffer... payload) {
        return appendMessage((byte) 0, null, 0, payload);
    }

    private synchronized long appendMessage(byte flags, long[] queueIds, int queueCount, ByteBuffer[] payload) {
        checkUsable();
        int payloadSize = 0;
        for (ByteBuffer part : payload) {
            payloadSize += part.remaining();
        }
        int bodySize = LogRecords.messageBodySize(queueCount, payloadSize);
        int headSize = LogRecords.MESSAGE_FIXED + 8 * queueCount;
        ByteBuffer head = headSize <= scratch.capacity() ? scratch.clear() : ByteBuffer.allocate(headSize);
        head.put(LogRecords.MESSAGE).putLong(nextRecordId).put(flags).putInt(queueCount);
        for (int i = 0; i < queueCount; i++) {
            head.putLong(queueIds[i]);
        }
        head.flip();
        ByteBuffer[] parts = new ByteBuffer[payload.length + 1];
        parts[0] = head;
        for (int i = 0; i < payload.length; i++) {
            parts[i + 1] = payload[i].duplicate();
        }
        long location = appendRecord(bodySize, parts);
        active.liveReferences += Math.max(queueCount, 1);
        return location;
    }

    /** Queue {@code queueId} is done with these messages: recorded, and their references given back. */
    public synchronized void acked(long queueId, long[] locations, int count) {
        writeLocations(LogRecords.ACK, queueId, locations, count);
        for (int i = 0; i < count; i++) {
            unreference(locations[i]);
        }
    }

    /**
     * Queue {@code queueId} is about to hand these messages to a consumer: after a crash they come
     * back redelivered. Written through to the operating system before this returns, so a consumer
     * can never see a message whose delivery a killed broker forgets (a message delivered without
     * {@code redelivered} has never been seen before).
     */
    public synchronized void delivered(long queueId, long[] locations, int count) {
        writeLocations(LogRecords.DELIVERED, queueId, locations, count);
        if (failure == null) {
            try {
                flushBuffer();
            } catch (IOException e) {
                fail(e);
            }
        }
    }

    /** Gives back references that were never recorded (paged-out bodies, non-durable holders). */
    public synchronized void release(long[] locations, int count) {
        for (int i = 0; i < count; i++) {
            unreference(locations[i]);
        }
    }

    /**
     * Queue {@code queueId} is gone: one record makes every message it held dead at recovery, and the
     * references it held ({@code locations}) are given back.
     */
    public synchronized void dropQueue(long queueId, long[] locations, int count) {
        if (failure == null) {
            try {
                scratch.clear();
                scratch.put(LogRecords.DROP_QUEUE).putLong(nextRecordId).putLong(queueId).flip();
                appendRecord(scratch.remaining(), new ByteBuffer[] {scratch});
                for (int i = 0; i < count; i++) {
                    referTo(locations[i]);
                }
            } catch (UncheckedIOException e) {
                // already logged and sticky; the references still go
            }
        }
        for (int i = 0; i < count; i++) {
            unreference(locations[i]);
        }
    }

    private void writeLocations(byte type, long queueId, long[] locations, int count) {
        if (failure != null) {
            return; // nothing can be written; an unrecorded ack means a redelivery, never a loss
        }
        try {
            for (int from = 0; from < count; from += LOCATIONS_PER_RECORD) {
                int n = Math.min(LOCATIONS_PER_RECORD, count - from);
                scratch.clear();
                scratch.put(type).putLong(nextRecordId).putLong(queueId).putInt(n);
                for (int i = from; i < from + n; i++) {
                    scratch.putLong(locations[i]);
                    referTo(locations[i]);
                }
                scratch.flip();
                appendRecord(scratch.remaining(), new ByteBuffer[] {scratch});
            }
        } catch (UncheckedIOException e) {
            // already logged and sticky
        }
    }

    /** The active segment now holds news about a message elsewhere; it must outlive that segment. */
    private void referTo(long location) {
        int segment = Locations.segment(location);
        if (segment != active.number) {
            active.referencedSegments.add(segment);
        }
    }

    private void unreference(long location) {
        Segment segment = segments.get(Locations.segment(location));
        if (segment != null && --segment.liveReferences <= 0 && segment != active) {
            deletionDue = true;
        }
    }

    /** Frames {@code parts} (the record body) and adds it to the log; returns its location. */
    private long appendRecord(int bodySize, ByteBuffer[] parts) {
        int frameSize = RecordFormat.HEADER_SIZE + bodySize;
        try {
            if (active.appendPosition + frameSize > settings.segmentSize() && active.appendPosition > Segment.HEADER_SIZE) {
                roll();
            }
            crc.reset();
            for (ByteBuffer part : parts) {
                crc.update(part.duplicate());
            }
            long location = Locations.of(active.number, (int) active.appendPosition);
            if (frameSize > writeBuffer.remaining()) {
                flushBuffer();
            }
            if (frameSize > writeBuffer.capacity()) {
                ByteBuffer[] all = new ByteBuffer[parts.length + 1];
                all[0] = ByteBuffer.allocate(RecordFormat.HEADER_SIZE).putInt(bodySize).putInt((int) crc.getValue()).flip();
                System.arraycopy(parts, 0, all, 1, parts.length);
                active.write(all, frameSize);
            } else {
                writeBuffer.putInt(bodySize).putInt((int) crc.getValue());
                for (ByteBuffer part : parts) {
                    writeBuffer.put(part.duplicate());
                }
            }
            active.appendPosition += frameSize;
            nextRecordId++;
            appended++;
            return location;
        } catch (IOException e) {
            fail(e);
            throw new UncheckedIOException(failure);
        }
    }

    private void roll() throws IOException {
        flushBuffer();
        Segment next = Segment.create(directory, active.number + 1);
        if (active.liveReferences <= 0) {
            deletionDue = true;
        }
        active = next;
        segments.put(next.number, next);
        directoryDirty = true;
    }

    private void flushBuffer() throws IOException {
        if (writeBuffer.position() == 0) {
            return;
        }
        writeBuffer.flip();
        try {
            active.write(new ByteBuffer[] {writeBuffer}, writeBuffer.remaining());
        } finally {
            writeBuffer.clear();
        }
    }

    private void checkUsable() {
        if (closed) {
            throw new IllegalStateException("message store is closed");
        }
        if (failure != null) {
            throw new UncheckedIOException(failure);
        }
    }

    private void fail(IOException e) {
        if (failure == null) {
            failure = new IOException("cannot write the message store in " + directory + ": " + e, e);
            log.error("message store in {} cannot write: {}; persistent messages are refused from now on",
                    directory, e.toString());
        }
    }

    // ---- syncing -----------------------------------------------------------------------------------

    /** Completes once everything appended so far is durable (see {@link StoreSettings.SyncPolicy}). */
    public synchronized CompletableFuture<Void> sync() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (failure != null) {
            done.completeExceptionally(failure);
        } else if (durable == appended) {
            done.complete(null);
        } else {
            waiters.add(new Waiter(appended, done));
            notifyAll();
        }
        return done;
    }

    private void writeLoop() {
        long lastForce = System.nanoTime();
        long interval = settings.syncIntervalMillis() * 1_000_000;
        while (true) {
            List<Segment> toForce = new ArrayList<>();
            boolean forceDirectory;
            long target;
            boolean deleting;
            synchronized (this) {
                long waitUntil = System.nanoTime() + interval;
                while (!closed && waiters.isEmpty() && !deletionDue) {
                    long left = waitUntil - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    try {
                        wait(Math.max(1, left / 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (failure != null) {
                    failWaiters();
                    if (closed) {
                        return;
                    }
                    deletionDue = false;
                    continue;
                }
                try {
                    flushBuffer();
                } catch (IOException | RuntimeException e) {
                    fail(asIOException(e));
                    failWaiters();
                    continue;
                }
                target = appended;
                boolean forceNow = settings.syncPolicy() == StoreSettings.SyncPolicy.BATCH || closed
                        || System.nanoTime() - lastForce >= interval;
                if (forceNow) {
                    for (Segment segment : segments.values()) {
                        if (segment.unsynced) {
                            segment.unsynced = false;
                            toForce.add(segment);
                        }
                    }
                }
                forceDirectory = forceNow && directoryDirty;
                if (forceDirectory) {
                    directoryDirty = false;
                }
                deleting = deletionDue;
                deletionDue = false;
            }
            try {
                for (Segment segment : toForce) {
                    segment.force();
                }
                if (forceDirectory) {
                    syncDirectory();
                }
                if (!toForce.isEmpty()) {
                    lastForce = System.nanoTime();
                }
            } catch (IOException | RuntimeException e) {
                synchronized (this) {
                    fail(asIOException(e));
                    failWaiters();
                }
                continue;
            }
            completeWaiters(target);
            if (deleting) {
                try {
                    deleteDeadSegments();
                } catch (IOException e) {
                    log.warn("message store: cannot delete a drained segment: {}", e.toString());
                }
            }
            synchronized (this) {
                if (closed && waiters.isEmpty() && writeBuffer.position() == 0) {
                    return;
                }
            }
        }
    }

    /** The writer thread must never die of an unexpected exception: it fails the store instead. */
    private static IOException asIOException(Exception e) {
        return e instanceof IOException io ? io : new IOException(e.toString(), e);
    }

    private void completeWaiters(long target) {
        List<Waiter> done = new ArrayList<>();
        synchronized (this) {
            durable = Math.max(durable, target);
            waiters.removeIf(w -> w.upTo() <= target && done.add(w));
        }
        for (Waiter waiter : done) {
            waiter.done().complete(null);
        }
    }

    /** Under the lock. */
    private void failWaiters() {
        List<Waiter> failed = new ArrayList<>(waiters);
        waiters.clear();
        for (Waiter waiter : failed) {
            waiter.done().completeExceptionally(failure);
        }
    }

    private void syncDirectory() {
        Directories.sync(directory);
    }

    /**
     * Deletes every segment nothing refers to any more, oldest first, so that deleting one may free
     * a newer one that only held acknowledgements for it.
     */
    private void deleteDeadSegments() throws IOException {
        List<Segment> dead = new ArrayList<>();
        synchronized (this) {
            Iterator<Segment> it = segments.values().iterator();
            while (it.hasNext()) {
                Segment segment = it.next();
                if (segment == active || segment.liveReferences > 0) {
                    continue;
                }
                segment.referencedSegments.removeIf(number -> !segments.containsKey(number));
                if (segment.referencedSegments.isEmpty()) {
                    it.remove();
                    dead.add(segment);
                }
            }
        }
        for (Segment segment : dead) {
            segment.delete();
            log.debug("message store: deleted drained {}", segment);
        }
    }

    // ---- reading -----------------------------------------------------------------------------------

    /**
     * Reads a message's payload back (what was passed to the append), in a buffer of its own.
     *
     * @throws IOException when it cannot be read, or the record there is damaged or not a message
     */
    public ByteBuffer read(long location) throws IOException {
        Segment segment;
        synchronized (this) {
            segment = segments.get(Locations.segment(location));
            if (segment == null) {
                throw new IOException("no segment for message at " + Locations.toString(location));
            }
            if (segment == active && Locations.offset(location) >= active.writtenPosition) {
                flushBuffer();
            }
        }
        long position = Locations.offset(location) & 0xFFFFFFFFL;
        ByteBuffer header = ByteBuffer.allocate(RecordFormat.HEADER_SIZE);
        if (!segment.read(position, header)) {
            throw new IOException("message at " + Locations.toString(location) + " is cut short");
        }
        int length = header.getInt(0);
        if (length <= LogRecords.MESSAGE_FIXED || length > RecordFormat.MAX_BODY) {
            throw new IOException("no message record at " + Locations.toString(location));
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        if (!segment.read(position + RecordFormat.HEADER_SIZE, body)) {
            throw new IOException("message at " + Locations.toString(location) + " is cut short");
        }
        body.flip();
        if (RecordFormat.crc(body) != header.getInt(4) || body.get(0) != LogRecords.MESSAGE) {
            throw new IOException("message at " + Locations.toString(location) + " is damaged");
        }
        return LogRecords.messagePayload(body).slice();
    }

    // ---- figures and closing -------------------------------------------------------------------------

    /** Bytes the segment files take, counting what is still buffered. */
    public synchronized long diskBytes() {
        long total = 0;
        for (Segment segment : segments.values()) {
            total += segment.appendPosition;
        }
        return total;
    }

    /** The segment being appended to (tests break it to see how a write error is handled). */
    synchronized Segment activeSegment() {
        return active;
    }

    public synchronized int segmentCount() {
        return segments.size();
    }

    /** Writes and forces what is buffered, then closes every file. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            notifyAll();
        }
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            try {
                if (failure == null) {
                    flushBuffer();
                    active.force();
                }
            } catch (IOException e) {
                log.warn("message store: cannot write its last records: {}", e.toString());
            }
            for (Segment segment : segments.values()) {
                try {
                    segment.close();
                } catch (IOException e) {
                    log.debug("closing {}: {}", segment, e.toString());
                }
            }
            try {
                lock.release();
            } catch (IOException e) {
                log.debug("releasing the lock of {}: {}", directory, e.toString());
            }
        }
    }
}
