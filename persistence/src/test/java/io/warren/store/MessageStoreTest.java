package io.warren.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageStoreTest {
    private static final long Q1 = 0x1111L;
    private static final long Q2 = 0x2222L;

    @TempDir
    Path dir;

    private StoreSettings settings = StoreSettings.defaults();

    private MessageStore open() throws IOException {
        return MessageStore.open(dir, settings);
    }

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(ByteBuffer b) {
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static long append(MessageStore store, String payload, long... queues) {
        return store.appendDurable(queues, queues.length, text(payload));
    }

    private static void sync(MessageStore store) throws Exception {
        store.sync().get(10, TimeUnit.SECONDS);
    }

    /** Each recovered message of {@code queue} as its payload, "!" appended when it had been delivered. */
    private static List<String> contents(MessageStore store, Map<Long, RecoveredQueue> recovered, long queue) {
        List<String> out = new ArrayList<>();
        RecoveredQueue q = recovered.get(queue);
        if (q == null) {
            return out;
        }
        q.forEach((location, delivered) -> {
            try {
                out.add(text(store.read(location)) + (delivered ? "!" : ""));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        return out;
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().toList();
        }
    }

    @Test
    void aMessageForTwoQueuesIsWrittenOnceAndRecoveredInBothInOrder() throws Exception {
        try (MessageStore store = open()) {
            append(store, "a", Q1, Q2);
            append(store, "b", Q1);
            append(store, "c", Q2, Q1);
            sync(store);
            assertThat(store.takeRecovered()).isEmpty();
        }
        try (MessageStore store = open()) {
            Map<Long, RecoveredQueue> recovered = store.takeRecovered();
            assertThat(contents(store, recovered, Q1)).containsExactly("a", "b", "c");
            assertThat(contents(store, recovered, Q2)).containsExactly("a", "c");
            assertThat(store.recovery().messages()).isEqualTo(5);
            assertThat(store.recovery().queues()).isEqualTo(2);
        }
        // Written once: the log holds each payload a single time.
        String log = new String(Files.readAllBytes(segmentFiles().get(0)), StandardCharsets.ISO_8859_1);
        assertThat(log.chars().filter(c -> c == 'a').count()).isEqualTo(1);
    }

    @Test
    void ackedMessagesStayGoneAndDeliveredOnesComeBackMarked() throws Exception {
        try (MessageStore store = open()) {
            long a = append(store, "a", Q1, Q2);
            long b = append(store, "b", Q1);
            long c = append(store, "c", Q1);
            store.acked(Q1, new long[] {a, c}, 2);
            store.delivered(Q1, new long[] {b}, 1);
            store.delivered(Q2, new long[] {a}, 1);
            sync(store);
        }
        try (MessageStore store = open()) {
            Map<Long, RecoveredQueue> recovered = store.takeRecovered();
            assertThat(contents(store, recovered, Q1)).containsExactly("b!");
            assertThat(contents(store, recovered, Q2)).containsExactly("a!");
        }
    }

    @Test
    void aDroppedQueueLosesEverythingBeforeTheDropButKeepsWhatCameAfter() throws Exception {
        try (MessageStore store = open()) {
            long a = append(store, "old", Q1);
            append(store, "other", Q2);
            store.dropQueue(Q1, new long[] {a}, 1);
            append(store, "new", Q1); // a queue of the same name declared again
            sync(store);
        }
        try (MessageStore store = open()) {
            Map<Long, RecoveredQueue> recovered = store.takeRecovered();
            assertThat(contents(store, recovered, Q1)).containsExactly("new");
            assertThat(contents(store, recovered, Q2)).containsExactly("other");
        }
    }

    @Test
    void pagedBodiesReadBackButAreForgottenAtRestart() throws Exception {
        try (MessageStore store = open()) {
            long paged = store.appendPaged(text("transient"), text(" body"));
            assertThat(text(store.read(paged))).isEqualTo("transient body"); // still in the write buffer
            sync(store);
            assertThat(text(store.read(paged))).isEqualTo("transient body");
        }
        try (MessageStore store = open()) {
            assertThat(store.takeRecovered()).isEmpty();
            assertThat(store.recovery().messages()).isZero();
        }
    }

    @Test
    void drainedSegmentsAreDeletedSoDiskUseReturnsToNearlyNothing() throws Exception {
        settings = new StoreSettings(StoreSettings.MIN_SEGMENT_SIZE, StoreSettings.SyncPolicy.BATCH, 20);
        byte[] kilobyte = new byte[1024];
        try (MessageStore store = open()) {
            long[] locations = new long[1000];
            for (int i = 0; i < locations.length; i++) {
                locations[i] = store.appendDurable(new long[] {Q1}, 1, ByteBuffer.wrap(kilobyte));
            }
            sync(store);
            assertThat(store.segmentCount()).isGreaterThan(10);
            assertThat(store.diskBytes()).isGreaterThan(1000 * 1024);
            store.acked(Q1, locations, locations.length);
            sync(store);
            waitFor(() -> store.segmentCount() <= 2);
            assertThat(store.diskBytes()).isLessThan(64 * 1024);
        }
        try (MessageStore store = open()) {
            assertThat(store.takeRecovered()).isEmpty();
            assertThat(segmentFiles()).hasSizeLessThanOrEqualTo(2);
        }
    }

    @Test
    void aSegmentHoldingAcksForAnOlderLiveSegmentOutlivesIt() throws Exception {
        settings = new StoreSettings(StoreSettings.MIN_SEGMENT_SIZE, StoreSettings.SyncPolicy.BATCH, 20);
        byte[] filler = new byte[StoreSettings.MIN_SEGMENT_SIZE - 100];
        try (MessageStore store = open()) {
            append(store, "kept", Q1);
            long acked = append(store, "acked", Q1);
            long paged = store.appendPaged(ByteBuffer.wrap(filler)); // rolls to segment 2
            assertThat(Locations.segment(paged)).isEqualTo(Locations.segment(acked) + 1);
            store.acked(Q1, new long[] {acked}, 1); // recorded in segment 2
            store.release(new long[] {paged}, 1); // segment 2 now holds nothing live but that ack
            store.appendPaged(ByteBuffer.wrap(filler)); // rolls to segment 3
            sync(store);
            Thread.sleep(100);
            assertThat(Files.exists(dir.resolve(Segment.fileName(Locations.segment(paged))))).isTrue();
        }
        try (MessageStore store = open()) {
            Map<Long, RecoveredQueue> recovered = store.takeRecovered();
            assertThat(contents(store, recovered, Q1)).containsExactly("kept");
        }
    }

    @Test
    void aTornTailIsCutOffAndTheMessagesBeforeItRecovered() throws Exception {
        try (MessageStore store = open()) {
            append(store, "one", Q1);
            append(store, "two", Q1);
            append(store, "three, half written when the power went", Q1);
            sync(store);
        }
        Path segment = segmentFiles().get(0);
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.setLength(file.length() - 10);
        }
        try (MessageStore store = open()) {
            assertThat(contents(store, store.takeRecovered(), Q1)).containsExactly("one", "two");
            assertThat(store.recovery().tornBytes()).isPositive();
            assertThat(store.recovery().damagedRegions()).isZero();
            append(store, "four", Q1);
            sync(store);
        }
        try (MessageStore store = open()) {
            assertThat(contents(store, store.takeRecovered(), Q1)).containsExactly("one", "two", "four");
            assertThat(store.recovery().tornBytes()).isZero();
        }
    }

    @Test
    void aFlippedByteLosesOnlyTheRecordItIsIn() throws Exception {
        long second;
        try (MessageStore store = open()) {
            append(store, "first", Q1);
            second = append(store, "second", Q1);
            append(store, "third", Q1);
            sync(store);
        }
        Path segment = segmentFiles().get(0);
        byte[] bytes = Files.readAllBytes(segment);
        int inside = Locations.offset(second) + RecordFormat.HEADER_SIZE + 20;
        bytes[inside] ^= 0x40;
        Files.write(segment, bytes);
        try (MessageStore store = open()) {
            assertThat(contents(store, store.takeRecovered(), Q1)).containsExactly("first", "third");
            assertThat(store.recovery().damagedRegions()).isEqualTo(1);
            assertThatThrownBy(() -> store.read(second)).isInstanceOf(IOException.class).hasMessageContaining("damaged");
        }
    }

    @Test
    void emptyAndForeignFilesAreLeftAloneAndDoNotStopTheStart() throws Exception {
        try (MessageStore store = open()) {
            append(store, "safe", Q1);
            sync(store);
        }
        Files.write(dir.resolve("notes.txt"), "not ours".getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("0000000099.seg"), new byte[0]);
        Files.write(dir.resolve("0000000098.seg"), "garbage that is no segment at all".getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve("0000000002.seg"), new byte[5]); // a crash while creating the next segment
        try (MessageStore store = open()) {
            assertThat(contents(store, store.takeRecovered(), Q1)).containsExactly("safe");
            assertThat(store.recovery().ignoredFiles())
                    .containsExactlyInAnyOrder("notes.txt", "0000000099.seg", "0000000098.seg", "0000000002.seg");
            append(store, "more", Q1);
            sync(store);
        }
        try (MessageStore store = open()) {
            assertThat(contents(store, store.takeRecovered(), Q1)).containsExactly("safe", "more");
        }
        assertThat(Files.exists(dir.resolve("notes.txt"))).isTrue();
    }

    @Test
    void aRecordLargerThanTheWriteBufferAndTheSegmentSizeGetsASegmentOfItsOwn() throws Exception {
        settings = new StoreSettings(StoreSettings.MIN_SEGMENT_SIZE, StoreSettings.SyncPolicy.BATCH, 20);
        byte[] big = new byte[3 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        long location;
        try (MessageStore store = open()) {
            append(store, "small", Q1);
            location = store.appendDurable(new long[] {Q1}, 1, ByteBuffer.wrap(big));
            append(store, "after", Q1);
            sync(store);
            assertThat(store.read(location)).isEqualTo(ByteBuffer.wrap(big));
        }
        try (MessageStore store = open()) {
            Map<Long, RecoveredQueue> recovered = store.takeRecovered();
            List<Long> locations = new ArrayList<>();
            recovered.get(Q1).forEach((l, d) -> locations.add(l));
            assertThat(locations).hasSize(3).contains(location);
            assertThat(store.read(location)).isEqualTo(ByteBuffer.wrap(big));
        }
    }

    @Test
    void concurrentPublishersShareFsyncsAndLoseNothing() throws Exception {
        int threads = 4;
        int perThread = 2000;
        ConcurrentLinkedQueue<Long> confirmed = new ConcurrentLinkedQueue<>();
        try (MessageStore store = open()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                work.add(pool.submit(() -> {
                    List<CompletableFuture<Void>> syncs = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        long queue = thread % 2 == 0 ? Q1 : Q2;
                        long location = append(store, thread + ":" + i, queue);
                        CompletableFuture<Void> synced = store.sync();
                        synced.thenRun(() -> confirmed.add(location));
                        syncs.add(synced);
                    }
                    CompletableFuture.allOf(syncs.toArray(CompletableFuture[]::new)).join();
                }));
            }
            for (Future<?> f : work) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
        }
        assertThat(confirmed).hasSize(threads * perThread);
        try (MessageStore store = open()) {
            Map<Long, RecoveredQueue> recovered = store.takeRecovered();
            List<String> q1 = contents(store, recovered, Q1);
            assertThat(q1).hasSize(2 * perThread);
            // Each publisher's messages stay in the order it published them.
            List<String> fromThread0 = q1.stream().filter(s -> s.startsWith("0:")).toList();
            for (int i = 0; i < perThread; i++) {
                assertThat(fromThread0.get(i)).isEqualTo("0:" + i);
            }
            assertThat(contents(store, recovered, Q2)).hasSize(2 * perThread);
        }
    }

    @Test
    void theIntervalPolicyConfirmsOnceWrittenAndStillRecovers() throws Exception {
        settings = new StoreSettings(StoreSettings.defaults().segmentSize(), StoreSettings.SyncPolicy.INTERVAL, 50);
        try (MessageStore store = open()) {
            append(store, "x", Q1);
            sync(store);
        }
        try (MessageStore store = open()) {
            assertThat(contents(store, store.takeRecovered(), Q1)).containsExactly("x");
        }
    }

    @Test
    void aSecondStoreOnTheSameDirectoryIsRefused() throws Exception {
        try (MessageStore store = open()) {
            assertThatThrownBy(this::open).isInstanceOf(IOException.class).hasMessageContaining("in use");
        }
    }

    @Test
    void unackedMessagesPinTheirSegmentAcrossRestarts() throws Exception {
        settings = new StoreSettings(StoreSettings.MIN_SEGMENT_SIZE, StoreSettings.SyncPolicy.BATCH, 20);
        byte[] kilobyte = new byte[1024];
        long first;
        try (MessageStore store = open()) {
            first = store.appendDurable(new long[] {Q1}, 1, ByteBuffer.wrap(kilobyte));
            for (int i = 0; i < 200; i++) {
                long l = store.appendDurable(new long[] {Q2}, 1, ByteBuffer.wrap(kilobyte));
                store.acked(Q2, new long[] {l}, 1);
            }
            sync(store);
        }
        try (MessageStore store = open()) {
            Map<Long, RecoveredQueue> recovered = store.takeRecovered();
            assertThat(recovered).containsOnlyKeys(Q1);
            assertThat(Files.exists(dir.resolve(Segment.fileName(Locations.segment(first))))).isTrue();
            store.acked(Q1, new long[] {first}, 1);
            sync(store);
            waitFor(() -> store.segmentCount() == 1);
        }
        try (MessageStore store = open()) {
            assertThat(store.takeRecovered()).isEmpty();
        }
    }

    @Test
    void aWriteErrorFailsSyncsAndLaterAppendsAndTheNextStartRecoversWhatWasSynced() throws Exception {
        try (MessageStore store = open()) {
            append(store, "synced before the error", Q1);
            sync(store);
            long unsynced = append(store, "waiting in the write buffer", Q1);
            store.activeSegment().close(); // the next write to it fails, as on a dead disk
            CompletableFuture<Void> synced = store.sync();
            assertThatThrownBy(() -> synced.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
            assertThatThrownBy(() -> append(store, "after the error", Q1))
                    .isInstanceOf(java.io.UncheckedIOException.class);
            assertThatThrownBy(() -> store.sync().get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
            store.acked(Q1, new long[] {unsynced}, 1); // must not throw: an unrecorded ack is only a redelivery
        }
        try (MessageStore store = open()) {
            assertThat(contents(store, store.takeRecovered(), Q1)).startsWith("synced before the error");
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in 10 s");
            }
            Thread.sleep(10);
        }
    }
}
