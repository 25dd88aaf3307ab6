package io.warren.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real broker on a disk that really fills up: a 32 MiB tmpfs, most of it taken by a ballast file,
 * under a publisher of persistent messages with confirms. What must hold, as issue 4 asks:
 * <ol>
 *   <li>the publisher is told: messages the store could not write are nacked, and every publish is
 *       settled (no confirm is left hanging);</li>
 *   <li>the broker keeps serving consumers: every confirmed message can be fetched while the disk is full;</li>
 *   <li>nothing confirmed is lost: once the operator frees space and restarts the broker, every
 *       confirmed message is back, once, and persistent publishing works again.</li>
 * </ol>
 * Mounting a tmpfs needs root (CI runs as root); elsewhere the test is skipped, saying why.
 */
class DiskFullProcessIT {
    private static final Path SCRIPT = Path.of(System.getProperty("warren.home", "target/warren"))
            .resolve("bin/warren-server");
    private static final Pattern READY = Pattern.compile("ready: amqp=(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final String QUEUE = "disk-full";
    private static final long DISK_BYTES = 32L << 20;
    /** Leaves the broker about 6 MiB: its store fills within about a hundred messages. */
    private static final long BALLAST_BYTES = 26L << 20;
    private static final int BODY_BYTES = 64 * 1024;
    /** More than fits by far: the disk must fill before the publisher runs out of messages. */
    private static final int MAX_MESSAGES = 2000;

    @TempDir
    Path dir;

    private Path mountPoint;
    private WarrenProcess warren;

    @AfterEach
    void cleanUp() throws Exception {
        if (warren != null) {
            warren.close();
        }
        if (mountPoint != null) {
            run("umount", mountPoint.toString());
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aFullDiskNacksPublishesKeepsServingAndLosesNothingConfirmed() throws Exception {
        mountSmallDisk();
        Path dataDir = mountPoint.resolve("data");
        Path ballast = mountPoint.resolve("ballast");
        fill(ballast, BALLAST_BYTES);

        int port = start(dataDir);
        Set<Long> confirmed = ConcurrentHashMap.newKeySet();
        Set<Long> nacked = ConcurrentHashMap.newKeySet();
        try (Connection connection = factory(port).newConnection("disk-full-publisher")) {
            Channel channel = connection.createChannel();
            channel.queueDeclare(QUEUE, true, false, false, null);
            publishUntilNacked(channel, confirmed, nacked);

            assertThat(nacked).as("messages nacked once the disk was full\n%s", warren.output()).isNotEmpty();
            assertThat(confirmed).as("messages confirmed before the disk was full").isNotEmpty();
            System.out.printf("DiskFullProcessIT: %d confirmed, %d nacked before the disk was full%n",
                    confirmed.size(), nacked.size());
            assertThat(warren.output()).as("the store says why it refuses writes")
                    .containsIgnoringCase("No space left on device");

            // Still serving: every confirmed message can be fetched while the disk is full.
            Channel consumer = connection.createChannel();
            Set<Long> fetched = new HashSet<>();
            for (GetResponse message = consumer.basicGet(QUEUE, false); message != null;
                 message = consumer.basicGet(QUEUE, false)) {
                fetched.add(idOf(message.getBody()));
            }
            assertThat(fetched).as("fetched while the disk is full").containsAll(confirmed);
            consumer.close(); // unacknowledged: they go back to the queue
        }

        // The operator frees space and restarts the broker.
        Files.delete(ballast);
        assertThat(warren.terminate(Duration.ofSeconds(20))).as("exit code after SIGTERM\n%s", warren.output())
                .isZero();
        port = start(dataDir);
        try (Connection connection = factory(port).newConnection("disk-full-check")) {
            Channel channel = connection.createChannel();
            List<Long> back = new ArrayList<>();
            for (GetResponse message = channel.basicGet(QUEUE, true); message != null;
                 message = channel.basicGet(QUEUE, true)) {
                back.add(idOf(message.getBody()));
            }
            assertThat(new HashSet<>(back)).as("every confirmed message is back after the restart\n%s",
                    warren.output()).containsAll(confirmed);
            assertThat(back).as("no message twice").doesNotHaveDuplicates();
            assertThat(back).as("nothing that was never published")
                    .allMatch(id -> confirmed.contains(id) || nacked.contains(id));

            channel.confirmSelect();
            channel.basicPublish("", QUEUE, MessageProperties.PERSISTENT_BASIC, body(MAX_MESSAGES + 1));
            assertThat(channel.waitForConfirms(10_000)).as("persistent publishing works again").isTrue();
        }
    }

    /** Publishes persistent messages, waiting for each confirm, until one is nacked. */
    private void publishUntilNacked(Channel channel, Set<Long> confirmed, Set<Long> nacked) throws Exception {
        channel.confirmSelect();
        NavigableMap<Long, Long> unconfirmed = new ConcurrentSkipListMap<>();
        channel.addConfirmListener((sequence, multiple) -> settle(unconfirmed, sequence, multiple, confirmed),
                (sequence, multiple) -> settle(unconfirmed, sequence, multiple, nacked));
        for (long id = 1; id <= MAX_MESSAGES && nacked.isEmpty(); id++) {
            unconfirmed.put(channel.getNextPublishSeqNo(), id);
            channel.basicPublish("", QUEUE, MessageProperties.PERSISTENT_BASIC, body(id));
            // One at a time: each publish is settled, ack or nack, before the next (nothing left hanging).
            assertThat(channel.waitForConfirms(10_000) || !nacked.isEmpty())
                    .as("publish %d settled\n%s", id, warren.output()).isTrue();
        }
        assertThat(unconfirmed).as("publishes neither acked nor nacked").isEmpty();
    }

    private static void settle(NavigableMap<Long, Long> unconfirmed, long sequence, boolean multiple, Set<Long> into) {
        NavigableMap<Long, Long> settled = multiple ? unconfirmed.headMap(sequence, true)
                : unconfirmed.subMap(sequence, true, sequence, true);
        into.addAll(settled.values());
        settled.clear();
    }

    private void mountSmallDisk() throws Exception {
        Path target = dir.resolve("small-disk");
        Files.createDirectories(target);
        String failure = run("mount", "-t", "tmpfs", "-o", "size=" + DISK_BYTES, "tmpfs", target.toString());
        Assumptions.assumeTrue(failure == null,
                "cannot mount a small tmpfs to fill (needs root, as in CI): " + failure);
        mountPoint = target;
    }

    /** Runs a command; null when it succeeded, else what it printed. */
    private static String run(String... command) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return "timed out";
        }
        return process.exitValue() == 0 ? null : "exit " + process.exitValue() + ": " + output.strip();
    }

    private static void fill(Path file, long bytes) throws IOException {
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < bytes; written += chunk.length) {
                out.write(chunk);
            }
        }
    }

    private int start(Path dataDir) throws Exception {
        Path config = dir.resolve("warren.conf");
        // The disk alarm would block the publisher before the disk is full; this test is about the
        // write errors behind it, so the alarm is set as low as it goes.
        Files.writeString(config, "listeners.tcp.default = 127.0.0.1:0\n"
                + "management.tcp.ip = 127.0.0.1\nmanagement.tcp.port = 0\n"
                + "disk_free_limit.absolute = 1\n"
                + "message_store.segment_size = 1MiB\n");
        if (warren != null) {
            warren.close();
        }
        warren = WarrenProcess.start(SCRIPT, dir, Map.of(), "--config", config.toString(),
                "--data-dir", dataDir.toString());
        Matcher ready = warren.awaitStdout(READY, START_TIMEOUT);
        return Integer.parseInt(ready.group(1));
    }

    private static byte[] body(long id) {
        return ByteBuffer.allocate(BODY_BYTES).putLong(0, id).array();
    }

    private static long idOf(byte[] body) {
        return ByteBuffer.wrap(body).getLong(0);
    }

    private static ConnectionFactory factory(int port) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(port);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setConnectionTimeout(5000);
        factory.setChannelRpcTimeout(10_000);
        return factory;
    }
}
