package io.warren.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable map of small definitions (virtual hosts, users, exchanges, queues, bindings...), each
 * stored as opaque bytes under a kind and a key.
 *
 * <p>Design: changes are appended to a log ({@code metadata.log}) by one writer thread, and one
 * fsync covers every change waiting at that moment (group commit), so declaring ten thousand durable
 * queues costs ten thousand small appends, not ten thousand rewrites of everything. When the log
 * outgrows the state it describes, the whole state is written to {@code metadata.snapshot} (temp
 * file, fsync, rename, directory fsync) and the log starts again. A crash leaves either the old or
 * the new snapshot, and replaying a log over a snapshot that already contains it changes nothing,
 * so every crash point recovers to the last synced state.
 *
 * <p>Callers change the map at once (readers see it immediately) and wait for {@link #sync()} before
 * telling anyone the change is durable.
 */
public final class MetadataStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetadataStore.class);

    static final String SNAPSHOT = "metadata.snapshot";
    static final String LOG = "metadata.log";
    private static final String SNAPSHOT_TEMP = "metadata.snapshot.tmp";
    private static final long MIN_COMPACTION_BYTES = 1 << 20;

    private static final byte PUT = 1;
    private static final byte REMOVE = 2;

    private final Path directory;
    private final Map<Key, byte[]> state = new LinkedHashMap<>();
    private final Recovery recovery;
    private final Thread writer;
    private final DirectoryLock lock;

    // Guarded by this. Records are numbered as appended; a waiter waits for the number current at sync().
    private List<ByteBuffer> pending = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private long appended;
    private long durable;
    private boolean closed;
    private IOException failure;

    // Owned by the writer thread.
    private FileChannel logFile;
    private long logSize;
    private long snapshotSize;

    /** A definition's address: what it is ("queue") and which one ("/\u0000orders"). */
    public record Key(String kind, String name) {
    }

    /** What recovery found, for the start-up log and for tests. */
    public record Recovery(int entries, int damagedRegions, long damagedBytes, long tornBytes) {
    }

    private MetadataStore(Path directory) throws IOException {
        this.directory = directory;
        Files.createDirectories(directory);
        this.lock = DirectoryLock.acquire(directory);
        try {
            this.recovery = recover();
            compact(); // starts every run from a fresh snapshot and an empty log
        } catch (IOException | RuntimeException e) {
            if (logFile != null) {
                logFile.close();
            }
            lock.release();
            throw e;
        }
        this.writer = new Thread(this::writeLoop, "warren-metadata-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Opens the store in {@code directory}, recovering whatever a previous run left there. */
    public static MetadataStore open(Path directory) throws IOException {
        return new MetadataStore(directory);
    }

    public Recovery recovery() {
        return recovery;
    }

    /** Every definition, in the order first written. */
    public synchronized Map<Key, byte[]> entries() {
        return new LinkedHashMap<>(state);
    }

    public synchronized boolean isEmpty() {
        return state.isEmpty();
    }

    /**
     * Adds or replaces a definition; durable once a later {@link #sync()} completes. After
     * {@link #close()} changes are ignored: what happens while the broker shuts down is not kept.
     */
    public synchronized void put(Key key, byte[] value) {
        if (!closed) {
            state.put(key, value.clone());
            append(encode(PUT, key, value));
        }
    }

    /** Removes a definition, if present; durable once a later {@link #sync()} completes. */
    public synchronized void remove(Key key) {
        if (!closed && state.remove(key) != null) {
            append(encode(REMOVE, key, null));
        }
    }

    private void append(ByteBuffer record) {
        pending.add(record);
        appended++;
        notifyAll(); // written at once, whether or not anyone waits yet
    }

    private record Waiter(long upTo, CompletableFuture<Void> done) {
    }

    /**
     * Completes once every change made before the call is on disk; fails if the store cannot write
     * (the changes stay visible in memory but are not durable).
     */
    public synchronized CompletableFuture<Void> sync() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (failure != null) {
            done.completeExceptionally(failure);
        } else if (durable == appended) {
            done.complete(null);
        } else {
            waiters.add(new Waiter(appended, done));
        }
        return done;
    }

    // ---- the writer thread ----------------------------------------------------------------------

    private void writeLoop() {
        while (true) {
            List<ByteBuffer> batch;
            long batchEnd;
            synchronized (this) {
                while (pending.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (pending.isEmpty()) {
                    return; // closed, and everything is written
                }
                batch = pending;
                batchEnd = appended;
                pending = new ArrayList<>();
            }
            IOException error = null;
            try {
                writeAndSync(batch);
                if (logSize > Math.max(MIN_COMPACTION_BYTES, 2 * snapshotSize)) {
                    compact();
                }
            } catch (IOException e) {
                log.error("cannot write definitions to {}: {}", directory, e.toString());
                error = e;
            }
            finish(batchEnd, error);
        }
    }

    private void finish(long batchEnd, IOException error) {
        List<Waiter> done = new ArrayList<>();
        synchronized (this) {
            if (error != null) {
                failure = error;
                done.addAll(waiters);
                waiters.clear();
            } else {
                durable = batchEnd;
                waiters.removeIf(w -> w.upTo() <= batchEnd && done.add(w));
            }
        }
        for (Waiter waiter : done) {
            if (error != null) {
                waiter.done().completeExceptionally(error);
            } else {
                waiter.done().complete(null);
            }
        }
    }

    private void writeAndSync(List<ByteBuffer> batch) throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        ByteBuffer[] buffers = batch.toArray(ByteBuffer[]::new);
        long total = 0;
        for (ByteBuffer buffer : buffers) {
            total += buffer.remaining();
        }
        long written = 0;
        while (written < total) {
            written += logFile.write(buffers);
        }
        logFile.force(false);
        logSize += total;
    }

    /** Writes the whole state as a new snapshot and empties the log. */
    private void compact() throws IOException {
        List<ByteBuffer> records = new ArrayList<>();
        synchronized (this) {
            state.forEach((key, value) -> records.add(encode(PUT, key, value)));
        }
        Path temp = directory.resolve(SNAPSHOT_TEMP);
        long size = 0;
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (ByteBuffer record : records) {
                size += record.remaining();
                while (record.hasRemaining()) {
                    out.write(record);
                }
            }
            out.force(true);
        }
        Files.move(temp, directory.resolve(SNAPSHOT), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        syncDirectory();
        snapshotSize = size;
        if (logFile != null) {
            logFile.close();
        }
        logFile = FileChannel.open(directory.resolve(LOG), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        logFile.force(true);
        logSize = 0;
    }

    private void syncDirectory() {
        Directories.sync(directory);
    }

    // ---- recovery -----------------------------------------------------------------------------

    private Recovery recover() throws IOException {
        int damagedRegions = 0;
        long damagedBytes = 0;
        long tornBytes = 0;
        for (String file : List.of(SNAPSHOT, LOG)) {
            Path path = directory.resolve(file);
            if (!Files.isRegularFile(path)) {
                continue;
            }
            ByteBuffer contents = ByteBuffer.wrap(Files.readAllBytes(path));
            RecordScanner.Result result = RecordScanner.scan(contents, this::replay);
            if (!result.clean()) {
                log.warn("{}: skipped {} damaged region(s) ({} bytes) and a torn tail of {} bytes; {} records read",
                        path, result.damagedRegions(), result.damagedBytes(), result.tornBytes(), result.records());
            }
            damagedRegions += result.damagedRegions();
            damagedBytes += result.damagedBytes();
            tornBytes += result.tornBytes();
        }
        Files.deleteIfExists(directory.resolve(SNAPSHOT_TEMP)); // a compaction the last run did not finish
        return new Recovery(state.size(), damagedRegions, damagedBytes, tornBytes);
    }

    private void replay(ByteBuffer body) {
        try {
            byte op = body.get();
            Key key = new Key(readString(body), readString(body));
            if (op == PUT) {
                byte[] value = new byte[body.getInt()];
                body.get(value);
                state.put(key, value);
            } else if (op == REMOVE) {
                state.remove(key);
            } else {
                log.warn("skipping a definitions record of unknown type {}", op);
            }
        } catch (RuntimeException e) {
            // The CRC matched, so this is a record from a different format version, not damage.
            log.warn("skipping an unreadable definitions record: {}", e.toString());
        }
    }

    // ---- encoding -----------------------------------------------------------------------------

    private static ByteBuffer encode(byte op, Key key, byte[] value) {
        byte[] kind = key.kind().getBytes(StandardCharsets.UTF_8);
        byte[] name = key.name().getBytes(StandardCharsets.UTF_8);
        int size = 1 + 4 + kind.length + 4 + name.length + (value == null ? 0 : 4 + value.length);
        ByteBuffer body = ByteBuffer.allocate(size);
        body.put(op).putInt(kind.length).put(kind).putInt(name.length).put(name);
        if (value != null) {
            body.putInt(value.length).put(value);
        }
        return RecordFormat.frame(body.flip());
    }

    private static String readString(ByteBuffer body) {
        byte[] bytes = new byte[body.getInt()];
        body.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Writes what is pending, then stops the writer. */
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
            writer.join();
            if (logFile != null) {
                logFile.close();
            }
            lock.release();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
