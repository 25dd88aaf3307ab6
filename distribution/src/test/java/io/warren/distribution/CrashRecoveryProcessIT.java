package io.warren.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real broker killed with SIGKILL while a publisher (with confirms) and a consumer (manual acks)
 * work on a durable queue, several rounds on one data directory. After each kill the broker is
 * started again and the queue drained with {@code basic.get} before the next round, checking what
 * the message store promises:
 * <ol>
 *   <li>every confirmed message that was not acknowledged is back, in publish order;</li>
 *   <li>a message a consumer had received before the crash comes back only with {@code redelivered}
 *       (an acknowledgement the crash beat to disk means one more delivery, never a loss);</li>
 *   <li>no message comes back twice, and none that was never published;</li>
 *   <li>unconfirmed messages may or may not be there.</li>
 * </ol>
 * A run prints its seed; {@code -Dwarren.crash.seed=N} replays the same delays and ack pattern (the
 * timing of the kill relative to the traffic is, of course, never the same twice).
 */
class CrashRecoveryProcessIT {
    private static final Path SCRIPT = Path.of(System.getProperty("warren.home", "target/warren"))
            .resolve("bin/warren-server");
    private static final Pattern READY = Pattern.compile("ready: amqp=(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    /** Where the broker's output of each run is written (failsafe runs in the module's directory). */
    private static final Path LOGS = Path.of("target", "crash-recovery-logs");

    private static final String QUEUE = "crash-recovery";
    private static final int ROUNDS = 5;
    private static final int MIN_DELAY_MILLIS = 300;
    private static final int MAX_DELAY_MILLIS = 2500;
    /** Unconfirmed messages the publisher allows itself; keeps the backlog, and so the drains, short. */
    private static final int CONFIRM_WINDOW = 200;
    private static final int PREFETCH = 50;
    /** One message in this many is acknowledged late, in a batch, so a crash always finds some unacked. */
    private static final int DEFER_ONE_IN = 8;
    private static final int DEFERRED_BATCH = 20;
    private static final int IN_MEMORY = 1000;
    /** Small segments (a few thousand messages each): rolls and deletions of drained segments all the time. */
    private static final String SEGMENT_SIZE = "256KiB";
    /** The publisher waits while it is this far ahead of the consumer: bounds the drains' time. */
    private static final int MAX_BACKLOG = 20_000;

    @TempDir
    Path dir;

    private WarrenProcess warren;
    private int cleanStops;
    /** Output of the processes already killed or stopped, for failure messages. */
    private final StringBuilder earlierOutput = new StringBuilder();

    // What the clients saw, over all rounds so far. The publisher and consumer threads add to these.
    private final Set<Long> published = ConcurrentHashMap.newKeySet();
    private final Set<Long> confirmed = ConcurrentHashMap.newKeySet();
    private final Set<Long> nacked = ConcurrentHashMap.newKeySet();
    /** Received by a consumer or a drain: may come back after a crash, then only redelivered. */
    private final Set<Long> received = ConcurrentHashMap.newKeySet();
    /** Acknowledged (the ack at least handed to the client library): may be gone after a crash. */
    private final Set<Long> acked = ConcurrentHashMap.newKeySet();

    @AfterEach
    void stop() {
        if (warren != null) {
            warren.close();
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void confirmedMessagesSurviveSigkillAndSeenOnesComeBackRedelivered() throws Exception {
        long seed = Long.getLong("warren.crash.seed", System.nanoTime());
        log("seed %d (replay with -Dwarren.crash.seed=%d)", seed, seed);
        Random random = new Random(seed);
        long started = System.nanoTime();
        Path dataDir = dir.resolve("data");
        long nextId = 1;
        long mustHaveBeenBack = 0;
        long cameBackRedelivered = 0;

        int port = start(dataDir);
        declareQueue(port);
        for (int round = 1; round <= ROUNDS; round++) {
            int delay = MIN_DELAY_MILLIS + random.nextInt(MAX_DELAY_MILLIS - MIN_DELAY_MILLIS + 1);
            long firstId = nextId;
            nextId = publishConsumeAndKill(round, port, firstId, delay, random.nextLong(), seed);
            port = start(dataDir);
            Drained drained = drainAndCheck(round, port, seed);
            mustHaveBeenBack += drained.mustBeBack();
            cameBackRedelivered += drained.redelivered();
        }

        // A clean stop after the last drain keeps its acknowledgements: nothing comes back.
        stopCleanly();
        port = start(dataDir);
        try (Connection connection = factory(port).newConnection("crash-final-check")) {
            assertThat(connection.createChannel().queueDeclarePassive(QUEUE).getMessageCount())
                    .as("messages left after the last drain and a clean stop\n%s", warren.output())
                    .isZero();
        }
        stopCleanly();

        // Not vacuous: both promises were put to the test.
        assertThat(mustHaveBeenBack).as("confirmed, unacknowledged messages at the kills").isPositive();
        assertThat(cameBackRedelivered).as("messages that came back redelivered").isPositive();
        log("done: %d rounds, %d published, %d confirmed, %d had to be back after the kills, %d came back "
                        + "redelivered, %d ms", ROUNDS, published.size(), confirmed.size(), mustHaveBeenBack,
                cameBackRedelivered, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /**
     * One round: a publisher and a consumer run for {@code delayMillis}, then the broker is killed.
     * Returns the next unused id.
     */
    private long publishConsumeAndKill(int round, int port, long firstId, int delayMillis, long clientSeed, long seed)
            throws Exception {
        ConnectionFactory factory = factory(port);
        Connection publisherConnection = factory.newConnection("crash-publisher");
        Connection consumerConnection = factory.newConnection("crash-consumer");
        AtomicBoolean killed = new AtomicBoolean();
        AtomicReference<Exception> publisherFailure = new AtomicReference<>();
        Set<Long> roundConfirmed = ConcurrentHashMap.newKeySet();
        List<Long> roundReceived = new ArrayList<>(); // in delivery order; guarded by itself
        List<Long> roundRedelivered = new ArrayList<>(); // guarded by roundReceived
        long[] nextId = {firstId};
        AtomicLong lastDelivery = new AtomicLong();
        AtomicLong receivedCount = new AtomicLong();
        long lastDeliveryMillis;
        try {
            Channel consumer = consumerConnection.createChannel();
            consumer.basicQos(PREFETCH);
            Random ackRandom = new Random(clientSeed);
            List<long[]> deferred = new ArrayList<>(); // {delivery tag, id}; the consumer's thread only
            consumer.basicConsume(QUEUE, false, (tag, delivery) -> {
                long id = idOf(delivery.getBody());
                long deliveryTag = delivery.getEnvelope().getDeliveryTag();
                synchronized (roundReceived) {
                    roundReceived.add(id);
                    lastDelivery.set(System.nanoTime());
                    receivedCount.incrementAndGet();
                    if (delivery.getEnvelope().isRedeliver()) {
                        roundRedelivered.add(id);
                    }
                }
                received.add(id);
                if (ackRandom.nextInt(DEFER_ONE_IN) == 0) {
                    deferred.add(new long[] {deliveryTag, id});
                } else {
                    ack(consumer, deliveryTag, id);
                }
                if (deferred.size() >= DEFERRED_BATCH) {
                    for (long[] late : deferred) {
                        ack(consumer, late[0], late[1]);
                    }
                    deferred.clear();
                }
            }, tag -> { });

            Channel publisher = publisherConnection.createChannel();
            publisher.confirmSelect();
            NavigableMap<Long, Long> unconfirmed = new ConcurrentSkipListMap<>(); // sequence number -> id
            Semaphore window = new Semaphore(CONFIRM_WINDOW);
            publisher.addConfirmListener(
                    (sequence, multiple) -> window.release(settle(unconfirmed, sequence, multiple, roundConfirmed)),
                    (sequence, multiple) -> window.release(settle(unconfirmed, sequence, multiple, nacked)));
            Thread publishing = new Thread(() -> {
                try {
                    while (!killed.get()) {
                        if (nextId[0] - firstId - receivedCount.get() >= MAX_BACKLOG) {
                            Thread.sleep(1);
                            continue;
                        }
                        if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                            continue;
                        }
                        long id = nextId[0]++;
                        unconfirmed.put(publisher.getNextPublishSeqNo(), id);
                        published.add(id);
                        publisher.basicPublish("", QUEUE, MessageProperties.PERSISTENT_BASIC,
                                Long.toString(id).getBytes(StandardCharsets.US_ASCII));
                    }
                } catch (Exception e) {
                    if (!killed.get()) {
                        publisherFailure.set(e);
                    }
                }
            }, "crash-publisher-" + round);
            publishing.setDaemon(true);
            long publishingStarted = System.nanoTime();
            publishing.start();

            Thread.sleep(delayMillis);
            assertThat(publisherFailure.get()).as("publisher failed before the kill\n%s", warren.output()).isNull();
            killed.set(true);
            int exit = warren.kill(STOP_TIMEOUT);
            lastDeliveryMillis = TimeUnit.NANOSECONDS.toMillis(lastDelivery.get() - publishingStarted);
            keepOutput("round-" + round + "-killed", "round " + round + ", killed (exit " + exit + ")");
            assertThat(exit).as("exit code after SIGKILL").isEqualTo(137);
            publishing.join(TimeUnit.SECONDS.toMillis(10));
            assertThat(publishing.isAlive()).as("publisher still running 10 s after the kill").isFalse();
        } finally {
            killed.set(true);
            publisherConnection.abort(2000);
            consumerConnection.abort(2000);
        }
        // The connections are gone: what the clients saw is final.
        confirmed.addAll(roundConfirmed);
        List<Long> got;
        List<Long> redelivered;
        synchronized (roundReceived) {
            got = List.copyOf(roundReceived);
            redelivered = List.copyOf(roundRedelivered);
        }
        log("round %d (seed %d): killed after %d ms; published %d (ids %d..%d), confirmed %d, nacked %d, "
                        + "consumer received %d (the last at %d ms)",
                round, seed, delayMillis, nextId[0] - firstId, firstId, nextId[0] - 1, roundConfirmed.size(),
                nacked.size(), got.size(), lastDeliveryMillis);
        String context = "round " + round + ", seed " + seed + "\n" + earlierOutput;
        assertThat(roundConfirmed).as("messages confirmed in round %d; %s", round, context).hasSizeGreaterThan(10);
        assertThat(got).as("messages the consumer received in round %d; %s", round, context).isNotEmpty();
        assertThat(nacked).as("nacked messages; %s", context).isEmpty();
        // The queue was drained before the round and nothing was requeued while the broker ran.
        assertThat(redelivered).as("redelivered to the live consumer in round %d; %s", round, context).isEmpty();
        assertThat(got).as("ids the live consumer received in round %d; %s", round, context)
                .allMatch(id -> id >= firstId && id < nextId[0])
                .isSortedAccordingTo(Long::compare)
                .doesNotHaveDuplicates();
        return nextId[0];
    }

    /**
     * Empties the queue with basic.get after a restart and checks it against what the clients saw
     * before the kill; the drained messages are then received and acknowledged too.
     */
    private Drained drainAndCheck(int round, int port, long seed) throws Exception {
        Set<Long> receivedBefore = Set.copyOf(received);
        Set<Long> ackedBefore = Set.copyOf(acked);
        Set<Long> mustBeBack = new TreeSet<>(confirmed);
        mustBeBack.removeAll(ackedBefore);

        List<Long> got = new ArrayList<>();
        Set<Long> gotRedelivered = new HashSet<>();
        int countAtStart;
        long drainStarted = System.nanoTime();
        try (Connection connection = factory(port).newConnection("crash-drain")) {
            Channel channel = connection.createChannel();
            countAtStart = channel.queueDeclarePassive(QUEUE).getMessageCount();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (GetResponse response = channel.basicGet(QUEUE, false); response != null;
                    response = channel.basicGet(QUEUE, false)) {
                long id = idOf(response.getBody());
                got.add(id);
                if (response.getEnvelope().isRedeliver()) {
                    gotRedelivered.add(id);
                }
                received.add(id);
                acked.add(id);
                channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
                assertThat(System.nanoTime()).as("drain of round %d still going after 30 s, %d messages",
                        round, got.size()).isLessThan(deadline);
            }
            channel.close(); // waits for close-ok, so every ack above has been handled
        }
        long drainMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - drainStarted);

        Set<Long> gotSet = new TreeSet<>(got);
        Set<Long> missing = new TreeSet<>(mustBeBack);
        missing.removeAll(gotSet);
        List<Long> duplicates = duplicatesIn(got);
        Set<Long> seenButNotRedelivered = gotSet.stream()
                .filter(id -> receivedBefore.contains(id) && !gotRedelivered.contains(id))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<Long> neverPublished = gotSet.stream().filter(id -> !published.contains(id))
                .collect(Collectors.toCollection(TreeSet::new));
        List<String> outOfOrder = new ArrayList<>();
        for (int i = 1; i < got.size(); i++) {
            if (got.get(i) <= got.get(i - 1)) {
                outOfOrder.add(got.get(i - 1) + " then " + got.get(i));
            }
        }
        long unconfirmedBack = gotSet.stream().filter(id -> !confirmed.contains(id)).count();
        long ackedBack = gotSet.stream().filter(ackedBefore::contains).count();
        log("round %d: restarted, %d in the queue, drained %d in %d ms: %d had to be back, %d redelivered, "
                        + "%d unconfirmed ones back, %d acknowledged ones back%s",
                round, countAtStart, got.size(), drainMillis, mustBeBack.size(), gotRedelivered.size(),
                unconfirmedBack, ackedBack,
                recoveryLines());

        boolean broken = !missing.isEmpty() || !duplicates.isEmpty() || !seenButNotRedelivered.isEmpty()
                || !neverPublished.isEmpty() || !outOfOrder.isEmpty() || countAtStart != got.size();
        if (broken) {
            throw new AssertionError(String.format(
                    "after the kill of round %d (seed %d):%n  confirmed and not acknowledged but missing: %s%n"
                            + "  drained twice: %s%n  received before the crash but not redelivered: %s%n"
                            + "  never published: %s%n  out of publish order: %s%n"
                            + "  message count at start %d, drained %d%n%s=== after the restart%n%s",
                    round, seed, head(missing), head(duplicates), head(seenButNotRedelivered), head(neverPublished),
                    head(outOfOrder), countAtStart, got.size(), earlierOutput, warren.output()));
        }
        return new Drained(mustBeBack.size(), gotRedelivered.size());
    }

    /** What a drain found: how many messages had to be back, and how many came back redelivered. */
    private record Drained(int mustBeBack, int redelivered) {
    }

    // ---- the process ------------------------------------------------------------------------------

    /**
     * Starts the broker on {@code dataDir}, listening on loopback only; returns its AMQP port. A queue
     * keeps {@value #IN_MEMORY} messages in memory, so that a backlog at the kill, and the restored
     * messages after it, are partly paged out to the store; segments are small, so that the kills
     * find the store rolling to new segments and deleting drained ones.
     */
    private int start(Path dataDir) throws Exception {
        Path config = dir.resolve("warren.conf");
        if (!Files.exists(config)) {
            Files.writeString(config, "listeners.tcp.default = 127.0.0.1:0\n"
                    + "management.tcp.ip = 127.0.0.1\nmanagement.tcp.port = 0\n"
                    + "queue_messages_in_memory = " + IN_MEMORY + "\n"
                    + "message_store.segment_size = " + SEGMENT_SIZE + "\n");
        }
        warren = WarrenProcess.start(SCRIPT, dir, Map.of(),
                "--config", config.toString(), "--data-dir", dataDir.toString());
        Matcher ready = warren.awaitStdout(READY, START_TIMEOUT);
        return Integer.parseInt(ready.group(1));
    }

    private void stopCleanly() throws InterruptedException {
        int exit = warren.terminate(STOP_TIMEOUT);
        String output = keepOutput("stopped-" + ++cleanStops, "stopped (exit " + exit + ")");
        assertThat(exit).as("exit code after SIGTERM\n%s", output).isZero();
    }

    /** Keeps the output of a process that has ended for failure messages, and in {@link #LOGS} to read. */
    private String keepOutput(String file, String title) {
        String output = warren.output();
        earlierOutput.append("=== ").append(title).append('\n').append(output).append('\n');
        try {
            Files.createDirectories(LOGS);
            Files.writeString(LOGS.resolve(file + ".log"), output + "\n");
        } catch (IOException e) {
            log("cannot write %s: %s", LOGS.resolve(file + ".log"), e);
        }
        return output;
    }

    /** The current process's log lines about the message store's recovery, for the round summary. */
    private String recoveryLines() {
        return warren.stdout().stream()
                .filter(line -> line.contains("message store") || line.contains("messages restored"))
                .map(line -> "\n    broker: " + line.replaceFirst("^\\S+ ", ""))
                .collect(Collectors.joining());
    }

    // ---- clients ----------------------------------------------------------------------------------

    private static ConnectionFactory factory(int port) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(port);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setConnectionTimeout(5000);
        factory.setHandshakeTimeout(5000);
        factory.setChannelRpcTimeout(10_000);
        factory.setShutdownTimeout(2000);
        return factory;
    }

    private void declareQueue(int port) throws Exception {
        try (Connection connection = factory(port).newConnection("crash-declare")) {
            connection.createChannel().queueDeclare(QUEUE, true, false, false, null);
        }
    }

    private void ack(Channel channel, long deliveryTag, long id) {
        acked.add(id); // before the call: an ack that may have reached the broker allows the message to be gone
        try {
            channel.basicAck(deliveryTag, false);
        } catch (IOException | RuntimeException e) {
            // The broker was killed under the consumer.
        }
    }

    /** Moves the confirmed (or nacked) ids out of {@code unconfirmed} into {@code into}; returns how many. */
    private static int settle(NavigableMap<Long, Long> unconfirmed, long sequence, boolean multiple, Set<Long> into) {
        NavigableMap<Long, Long> settled = multiple
                ? unconfirmed.headMap(sequence, true)
                : unconfirmed.subMap(sequence, true, sequence, true);
        int n = 0;
        for (Long id : settled.values()) {
            into.add(id);
            n++;
        }
        settled.clear();
        return n;
    }

    private static long idOf(byte[] body) {
        return Long.parseLong(new String(body, StandardCharsets.US_ASCII));
    }

    private static List<Long> duplicatesIn(List<Long> ids) {
        Set<Long> seen = new HashSet<>();
        return ids.stream().filter(id -> !seen.add(id)).distinct().sorted().toList();
    }

    private static String head(Collection<?> items) {
        return items.size() <= 50 ? items.toString()
                : items.stream().limit(50).map(String::valueOf).collect(Collectors.joining(", ", "[", ", ...]"))
                        + " (" + items.size() + ")";
    }

    private static void log(String format, Object... args) {
        System.out.println("CrashRecoveryProcessIT: " + String.format(format, args));
    }
}
