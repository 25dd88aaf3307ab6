package io.warren.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ShutdownSignalException;
import io.warren.broker.testing.BrokerExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Helpers shared by the exchange, queue and binding integration tests: connections whose RPCs
 * cannot hang a test, assertions on the exact close a broker answers with, and a way to read
 * exactly what reached a queue.
 */
final class ClientSupport {
    /** Upper bound for one RPC; the Java client's default (10 minutes) would hang a broken test. */
    static final int RPC_TIMEOUT_MILLIS = 5000;
    /** How long to wait for something asynchronous (a message, an auto-delete). */
    static final long EVENTUALLY_MILLIS = 3000;

    private ClientSupport() {
    }

    @FunctionalInterface
    interface IoAction {
        void run() throws Exception;
    }

    /** A factory for {@code broker} whose RPCs time out after {@link #RPC_TIMEOUT_MILLIS}. */
    static ConnectionFactory factory(BrokerExtension broker) {
        ConnectionFactory factory = broker.factory();
        factory.setChannelRpcTimeout(RPC_TIMEOUT_MILLIS);
        factory.setShutdownTimeout(1000);
        return factory;
    }

    /** A new connection, closed by the extension after the test. */
    static Connection connect(BrokerExtension broker) throws IOException, TimeoutException {
        return broker.track(factory(broker).newConnection());
    }

    /** A channel on a new connection. */
    static Channel channel(BrokerExtension broker) throws IOException, TimeoutException {
        return connect(broker).createChannel();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * Runs {@code action} and expects the broker to close the channel (a soft error) with exactly
     * {@code code} and {@code text}; returns the close for further checks.
     */
    static AMQP.Channel.Close channelError(int code, String text, IoAction action) {
        ShutdownSignalException signal = shutdownOf(action);
        assertThat(signal.isHardError()).as("expected a channel error, got %s", signal.getReason()).isFalse();
        assertThat(signal.getReason()).isInstanceOf(AMQP.Channel.Close.class);
        AMQP.Channel.Close close = (AMQP.Channel.Close) signal.getReason();
        assertThat(close.getReplyText()).isEqualTo(text);
        assertThat(close.getReplyCode()).isEqualTo(code);
        return close;
    }

    /**
     * Runs {@code action} and expects the broker to close the whole connection (a hard error) with
     * exactly {@code code} and {@code text}.
     */
    static AMQP.Connection.Close connectionError(int code, String text, IoAction action) {
        ShutdownSignalException signal = shutdownOf(action);
        assertThat(signal.isHardError()).as("expected a connection error, got %s", signal.getReason()).isTrue();
        assertThat(signal.getReason()).isInstanceOf(AMQP.Connection.Close.class);
        AMQP.Connection.Close close = (AMQP.Connection.Close) signal.getReason();
        assertThat(close.getReplyText()).isEqualTo(text);
        assertThat(close.getReplyCode()).isEqualTo(code);
        return close;
    }

    private static ShutdownSignalException shutdownOf(IoAction action) {
        Throwable thrown = catchThrowable(action::run);
        assertThat(thrown).as("expected the broker to refuse").isNotNull();
        Throwable cause = thrown;
        while (cause != null && !(cause instanceof ShutdownSignalException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("expected a close from the broker, got %s", thrown)
                .isInstanceOf(ShutdownSignalException.class);
        return (ShutdownSignalException) cause;
    }

    /**
     * What reached {@code queue} and has not been read yet, in order: sends a marker to the queue
     * through the default exchange on {@code channel} and reads (auto-ack) up to it. Publish the
     * messages under test on the same channel first: the marker then arrives after them.
     */
    static List<String> drain(Channel channel, String queue) throws IOException, InterruptedException {
        String marker = "marker-" + UUID.randomUUID();
        channel.basicPublish("", queue, null, bytes(marker));
        List<String> bodies = new ArrayList<>();
        long deadline = System.currentTimeMillis() + EVENTUALLY_MILLIS;
        while (true) {
            GetResponse response = channel.basicGet(queue, true);
            if (response == null) {
                assertThat(System.currentTimeMillis()).as("marker never reached %s", queue).isLessThan(deadline);
                Thread.sleep(5);
                continue;
            }
            String body = text(response.getBody());
            if (body.equals(marker)) {
                return bodies;
            }
            bodies.add(body);
        }
    }

    /** Publishes a text message. */
    static void publish(Channel channel, String exchange, String routingKey, String body) throws IOException {
        channel.basicPublish(exchange, routingKey, null, bytes(body));
    }

    /** Publishes a text message with headers. */
    static void publish(Channel channel, String exchange, String body, Map<String, Object> headers)
            throws IOException {
        channel.basicPublish(exchange, "", new AMQP.BasicProperties.Builder().headers(headers).build(), bytes(body));
    }

    /** Whether {@code queue} exists as seen from a fresh channel of {@code connection}. */
    static boolean queueExists(Connection connection, String queue) throws IOException {
        Channel probe = connection.createChannel();
        try {
            probe.queueDeclarePassive(queue);
            probe.close();
            return true;
        } catch (IOException e) {
            if (isClose(e, 404)) {
                return false;
            }
            throw e;
        } catch (TimeoutException e) {
            throw new IOException(e);
        }
    }

    /** Whether {@code exchange} exists as seen from a fresh channel of {@code connection}. */
    static boolean exchangeExists(Connection connection, String exchange) throws IOException {
        Channel probe = connection.createChannel();
        try {
            probe.exchangeDeclarePassive(exchange);
            probe.close();
            return true;
        } catch (IOException e) {
            if (isClose(e, 404)) {
                return false;
            }
            throw e;
        } catch (TimeoutException e) {
            throw new IOException(e);
        }
    }

    private static boolean isClose(IOException e, int code) {
        return e.getCause() instanceof ShutdownSignalException signal
                && signal.getReason() instanceof AMQP.Channel.Close close && close.getReplyCode() == code;
    }

    /** Waits until {@code condition} holds, failing after {@link #EVENTUALLY_MILLIS}. */
    static void eventually(String what, BooleanSupplierWithIo condition) throws Exception {
        long deadline = System.currentTimeMillis() + EVENTUALLY_MILLIS;
        while (!condition.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("timed out waiting until " + what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** A {@link BooleanSupplier} that may do I/O. */
    @FunctionalInterface
    interface BooleanSupplierWithIo {
        boolean getAsBoolean() throws Exception;
    }
}
