package io.warren.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.BlockedListener;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A publisher much faster than its (absent) consumer, against the real process with a 128 MiB heap:
 * the broker raises its memory alarm, blocks the publisher with {@code connection.blocked}, keeps
 * serving other connections, unblocks once a consumer drains the queue, and never runs out of memory.
 */
class MemoryAlarmProcessIT {
    private static final Path SCRIPT = Path.of(System.getProperty("warren.repository", "..")).normalize()
            .resolve("bin/warren-server");
    private static final Pattern READY = Pattern.compile("ready: amqp=(\\d+)");

    @TempDir
    Path dir;

    private WarrenProcess warren;

    @AfterEach
    void stop() {
        if (warren != null) {
            warren.close();
        }
    }

    /** Small bodies are the hard case: each one, if it stayed a slice of its read buffer, would pin far more. */
    @ParameterizedTest(name = "{0}-byte messages")
    @ValueSource(ints = {64, 4096})
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void fastPublisherIsBlockedAndReleasedAndTheBrokerSurvives(int bodySize) throws Exception {
        byte[] body = new byte[bodySize];
        warren = WarrenProcess.start(SCRIPT, dir, Map.of("WARREN_SKIP_BUILD", "1",
                        "WARREN_JAVA_OPTS", "-Xms64m -Xmx128m -XX:MaxDirectMemorySize=160m"),
                "--amqp-port", "0", "--management-port", "0", "--data-dir", dir.resolve("data").toString());
        Matcher ready = warren.awaitStdout(READY, Duration.ofSeconds(60));
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(Integer.parseInt(ready.group(1)));
        factory.setAutomaticRecoveryEnabled(false);

        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch unblocked = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong published = new AtomicLong();
        Connection publisher = factory.newConnection("publisher");
        Connection other = factory.newConnection("bystander");
        try {
            publisher.addBlockedListener(new BlockedListener() {
                @Override
                public void handleBlocked(String reason) {
                    assertThat(reason).isEqualTo("low on memory");
                    blocked.countDown();
                }

                @Override
                public void handleUnblocked() {
                    unblocked.countDown();
                }
            });
            Channel channel = publisher.createChannel();
            channel.queueDeclare("flood", false, false, false, null);
            Thread flood = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        channel.basicPublish("", "flood", null, body);
                        published.incrementAndGet();
                    }
                } catch (Exception e) {
                    // The connection closes at the end of the test.
                }
            }, "flood");
            flood.setDaemon(true);
            flood.start();

            assertThat(blocked.await(90, TimeUnit.SECONDS)).as("publisher blocked after %d messages\n%s",
                    published.get(), warren.output()).isTrue();
            stop.set(true);

            Channel bystander = other.createChannel();
            long held = bystander.queueDeclarePassive("flood").getMessageCount();
            assertThat(held).as("messages held when blocked").isPositive();

            Channel drain = other.createChannel();
            drain.basicQos(500);
            drain.basicConsume("flood", true, (tag, delivery) -> { }, tag -> { });
            assertThat(unblocked.await(90, TimeUnit.SECONDS)).as("publisher unblocked once drained\n%s",
                    warren.output()).isTrue();
            assertThat(warren.terminate(Duration.ofSeconds(30))).as(warren.output()).isZero();
            assertThat(warren.output()).contains("memory alarm raised").doesNotContain("OutOfMemoryError");
        } finally {
            // The broker goes first: a publisher blocked mid-write holds the client's write lock, which
            // closing the connection would wait on until the socket itself is gone.
            warren.close();
            publisher.abort(2000);
            other.abort(2000);
        }
    }
}
