package io.warren.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.Method;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Helpers shared by the basic-class, acknowledgement, prefetch, confirm and transaction tests. */
final class BasicClassSupport {
    static final long TIMEOUT_MILLIS = 5000;

    private BasicClassSupport() {
    }

    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * Runs {@code action}, which must make the broker close {@code channel} (or its connection),
     * and returns the shutdown signal. Fails when nothing closes within the timeout.
     */
    static ShutdownSignalException closedBy(Channel channel, Action action) throws Exception {
        CompletableFuture<ShutdownSignalException> closed = new CompletableFuture<>();
        channel.addShutdownListener(closed::complete);
        if (!channel.isOpen()) {
            closed.complete(channel.getCloseReason());
        }
        try {
            action.run();
        } catch (IOException | ShutdownSignalException e) {
            // A synchronous method fails with the close; the signal comes from the listener.
        }
        try {
            return closed.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the broker did not close the channel or connection", e);
        }
    }

    /** Asserts a channel error (channel.close) with exactly this code and text. */
    static AMQP.Channel.Close assertChannelError(ShutdownSignalException signal, int code, String text) {
        Method reason = signal.getReason();
        assertThat(signal.isHardError()).as("hard error? %s", reason).isFalse();
        assertThat(signal.isInitiatedByApplication()).as("initiated by the client").isFalse();
        assertThat(reason).isInstanceOf(AMQP.Channel.Close.class);
        AMQP.Channel.Close close = (AMQP.Channel.Close) reason;
        assertThat(close.getReplyCode()).isEqualTo(code);
        assertThat(close.getReplyText()).isEqualTo(text);
        return close;
    }

    /** Asserts a connection error (connection.close) with exactly this code and text. */
    static AMQP.Connection.Close assertConnectionError(ShutdownSignalException signal, int code, String text) {
        Method reason = signal.getReason();
        assertThat(signal.isHardError()).as("hard error? %s", reason).isTrue();
        assertThat(signal.isInitiatedByApplication()).as("initiated by the client").isFalse();
        assertThat(reason).isInstanceOf(AMQP.Connection.Close.class);
        AMQP.Connection.Close close = (AMQP.Connection.Close) reason;
        assertThat(close.getReplyCode()).isEqualTo(code);
        assertThat(close.getReplyText()).isEqualTo(text);
        return close;
    }

    /** basic.get, retried briefly: a publish on another channel may still be on its way to the queue. */
    static GetResponse awaitGet(Channel channel, String queue, boolean autoAck) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
        while (true) {
            GetResponse response = channel.basicGet(queue, autoAck);
            if (response != null) {
                return response;
            }
            if (System.nanoTime() > deadline) {
                return fail("no message arrived in queue " + queue);
            }
            Thread.sleep(5);
        }
    }

    /** Waits until the queue reports {@code expected} ready messages. */
    static void awaitReady(Channel channel, String queue, int expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
        int count;
        while ((count = channel.queueDeclarePassive(queue).getMessageCount()) != expected) {
            if (System.nanoTime() > deadline) {
                fail("queue " + queue + " has " + count + " ready messages, expected " + expected);
            }
            Thread.sleep(5);
        }
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for: " + what);
            }
            Thread.sleep(5);
        }
    }

    /** Publishes bodies "prefix0".."prefix(n-1)" to the default exchange and waits for their confirms. */
    static void publishConfirmed(Channel channel, String queue, String prefix, int n) throws Exception {
        channel.confirmSelect();
        for (int i = 0; i < n; i++) {
            channel.basicPublish("", queue, null, bytes(prefix + i));
        }
        channel.waitForConfirmsOrDie(TIMEOUT_MILLIS);
    }

    /** A delivery as a consumer saw it. */
    record Delivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        long tag() {
            return envelope.getDeliveryTag();
        }

        boolean redelivered() {
            return envelope.isRedeliver();
        }

        String text() {
            return BasicClassSupport.text(body);
        }
    }

    /** A consumer that records what it receives, for tests to take one at a time. */
    static class Recorder extends DefaultConsumer {
        final LinkedBlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
        final CompletableFuture<String> cancelled = new CompletableFuture<>();

        Recorder(Channel channel) {
            super(channel);
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
            deliveries.add(new Delivery(tag, envelope, properties, body));
        }

        @Override
        public void handleCancel(String consumerTag) {
            cancelled.complete(consumerTag);
        }

        Delivery next() throws InterruptedException {
            Delivery d = deliveries.poll(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            if (d == null) {
                fail("no delivery within " + TIMEOUT_MILLIS + " ms");
            }
            return d;
        }

        List<Delivery> next(int n) throws InterruptedException {
            List<Delivery> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(next());
            }
            return out;
        }

        /** Asserts nothing more arrives for {@code millis}. */
        void assertNothingFor(long millis) throws InterruptedException {
            Delivery d = deliveries.poll(millis, TimeUnit.MILLISECONDS);
            assertThat(d).as("an unexpected delivery").isNull();
        }

        int count() {
            return deliveries.size();
        }
    }
}
