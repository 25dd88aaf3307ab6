package io.warren.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warren.store.MetadataStore.Key;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataStoreTest {
    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> contents(MetadataStore store) {
        Map<String, String> result = new java.util.LinkedHashMap<>();
        store.entries().forEach((key, value) -> result.put(key.kind() + ":" + key.name(),
                new String(value, StandardCharsets.UTF_8)));
        return result;
    }

    private static void sync(MetadataStore store) throws Exception {
        store.sync().get(10, TimeUnit.SECONDS);
    }

    @Test
    void changesSurviveReopeningInTheOrderWritten() throws Exception {
        try (MetadataStore store = MetadataStore.open(dir)) {
            store.put(new Key("queue", "a"), bytes("1"));
            store.put(new Key("queue", "b"), bytes("2"));
            store.put(new Key("exchange", "x"), bytes("3"));
            store.put(new Key("queue", "a"), bytes("1b"));
            store.remove(new Key("queue", "b"));
            sync(store);
        }
        try (MetadataStore store = MetadataStore.open(dir)) {
            assertThat(contents(store)).containsExactly(Map.entry("queue:a", "1b"), Map.entry("exchange:x", "3"));
            assertThat(store.recovery()).isEqualTo(new MetadataStore.Recovery(2, 0, 0, 0));
        }
    }

    @Test
    void syncCompletesOnlyAfterTheChangesAreInTheLog() throws Exception {
        try (MetadataStore store = MetadataStore.open(dir)) {
            long before = Files.size(dir.resolve(MetadataStore.LOG));
            store.put(new Key("vhost", "/"), bytes("v"));
            sync(store);
            assertThat(Files.size(dir.resolve(MetadataStore.LOG))).isGreaterThan(before);
        }
    }

    @Test
    void manyChangesAreCompactedIntoTheSnapshot() throws Exception {
        byte[] value = new byte[1000];
        try (MetadataStore store = MetadataStore.open(dir)) {
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 1000; i++) {
                    store.put(new Key("queue", "q" + i), value);
                }
                sync(store);
            }
            for (int i = 0; i < 990; i++) {
                store.remove(new Key("queue", "q" + i));
            }
            sync(store);
            // Opening wrote an empty snapshot; a large one means the log was compacted while running.
            assertThat(Files.size(dir.resolve(MetadataStore.SNAPSHOT))).as("snapshot").isGreaterThan(500_000);
            assertThat(Files.size(dir.resolve(MetadataStore.LOG))).as("log, restarted by compaction")
                    .isLessThan(3_000_000);
        }
        try (MetadataStore store = MetadataStore.open(dir)) {
            assertThat(store.entries()).hasSize(10);
        }
    }

    @Test
    void aTornTailIsCutOffAndEverythingBeforeItKept() throws Exception {
        try (MetadataStore store = MetadataStore.open(dir)) {
            store.put(new Key("queue", "a"), bytes("kept"));
            store.put(new Key("queue", "b"), bytes("kept too"));
            sync(store);
            store.put(new Key("queue", "c"), bytes("half written"));
            sync(store);
        }
        Path logFile = dir.resolve(MetadataStore.LOG);
        byte[] log = Files.readAllBytes(logFile);
        Files.write(logFile, java.util.Arrays.copyOf(log, log.length - 3)); // the crash came mid-write
        try (MetadataStore store = MetadataStore.open(dir)) {
            assertThat(contents(store)).containsOnlyKeys("queue:a", "queue:b");
            assertThat(store.recovery().tornBytes()).isPositive();
            assertThat(store.recovery().damagedRegions()).isZero();
        }
    }

    @Test
    void aFlippedByteLosesOnlyTheRecordItIsIn() throws Exception {
        try (MetadataStore store = MetadataStore.open(dir)) {
            store.put(new Key("queue", "a"), bytes("first"));
            store.put(new Key("queue", "b"), bytes("second"));
            store.put(new Key("queue", "c"), bytes("third"));
            sync(store);
        }
        Path logFile = dir.resolve(MetadataStore.LOG); // closing does not compact: the records are in the log
        byte[] data = Files.readAllBytes(logFile);
        int second = indexOf(data, bytes("second"));
        data[second] ^= 0x40;
        Files.write(logFile, data);
        try (MetadataStore store = MetadataStore.open(dir)) {
            assertThat(contents(store)).containsExactly(Map.entry("queue:a", "first"), Map.entry("queue:c", "third"));
            assertThat(store.recovery().damagedRegions()).isEqualTo(1);
        }
    }

    @Test
    void emptyAndForeignFilesDoNotStopTheStore() throws Exception {
        Files.write(dir.resolve(MetadataStore.SNAPSHOT), new byte[0]);
        Files.write(dir.resolve(MetadataStore.LOG), bytes("this is not a Warren file at all, just text\n"));
        Files.write(dir.resolve("notes.txt"), bytes("left here by an operator"));
        try (MetadataStore store = MetadataStore.open(dir)) {
            assertThat(store.isEmpty()).isTrue();
            store.put(new Key("vhost", "/"), bytes("v"));
            sync(store);
        }
        try (MetadataStore store = MetadataStore.open(dir)) {
            assertThat(contents(store)).containsExactly(Map.entry("vhost:/", "v"));
        }
        assertThat(dir.resolve("notes.txt")).hasContent("left here by an operator");
    }

    @Test
    void aSnapshotCutShortKeepsTheRecordsBeforeTheCut() throws Exception {
        try (MetadataStore store = MetadataStore.open(dir)) {
            for (int i = 0; i < 10; i++) {
                store.put(new Key("queue", "q" + i), bytes("value " + i));
            }
            sync(store);
        }
        try (MetadataStore store = MetadataStore.open(dir)) {
            assertThat(store.entries()).hasSize(10); // and now all of it is in the snapshot
        }
        Path snapshot = dir.resolve(MetadataStore.SNAPSHOT);
        byte[] data = Files.readAllBytes(snapshot);
        Files.write(snapshot, java.util.Arrays.copyOf(data, data.length / 2));
        try (MetadataStore store = MetadataStore.open(dir)) {
            assertThat(store.entries().size()).isBetween(3, 5);
            assertThat(contents(store)).containsKey("queue:q0");
        }
    }

    @Test
    void anUnfinishedCompactionIsIgnored() throws Exception {
        try (MetadataStore store = MetadataStore.open(dir)) {
            store.put(new Key("queue", "a"), bytes("real"));
            sync(store);
        }
        Files.write(dir.resolve("metadata.snapshot.tmp"), bytes("half a snapshot"));
        try (MetadataStore store = MetadataStore.open(dir)) {
            assertThat(contents(store)).containsExactly(Map.entry("queue:a", "real"));
        }
        assertThat(dir.resolve("metadata.snapshot.tmp")).doesNotExist();
    }

    @Test
    void syncWithNothingPendingCompletesAtOnce() throws IOException {
        try (MetadataStore store = MetadataStore.open(dir)) {
            assertThat(store.sync()).isDone();
        }
    }

    @Test
    void aSecondStoreOnTheSameDirectoryIsRefusedUntilTheFirstCloses() throws Exception {
        MetadataStore first = MetadataStore.open(dir);
        assertThatThrownBy(() -> MetadataStore.open(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("in use by another running Warren node");
        first.close();
        MetadataStore.open(dir).close();
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
