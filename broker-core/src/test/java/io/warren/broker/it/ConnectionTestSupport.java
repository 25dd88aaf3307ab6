package io.warren.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import io.warren.broker.testing.BrokerExtension;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Helpers for driving Warren with the RabbitMQ Java client: bounded factories and close reasons. */
final class ConnectionTestSupport {
    private ConnectionTestSupport() {
    }

    /** The extension's factory with every wait bounded, for {@code user}. */
    static ConnectionFactory factory(BrokerExtension broker, String user, String password) {
        ConnectionFactory factory = broker.factory();
        factory.setUsername(user);
        factory.setPassword(password);
        factory.setChannelRpcTimeout(5000);
        factory.setHandshakeTimeout(5000);
        factory.setShutdownTimeout(2000);
        return factory;
    }

    /** A connection as {@code user}, closed after the test by the extension. */
    static Connection connect(BrokerExtension broker, String user, String password)
            throws IOException, TimeoutException {
        return broker.track(factory(broker, user, password).newConnection());
    }

    /** The connection.close the server sent, from an exception thrown by the client (or its cause chain). */
    static AMQP.Connection.Close connectionClose(Throwable thrown) {
        ShutdownSignalException shutdown = shutdownSignal(thrown);
        assertThat(shutdown.isHardError()).as("connection (hard) error").isTrue();
        assertThat(shutdown.isInitiatedByApplication()).as("initiated by the server").isFalse();
        assertThat(shutdown.getReason()).isInstanceOf(AMQP.Connection.Close.class);
        return (AMQP.Connection.Close) shutdown.getReason();
    }

    static ShutdownSignalException shutdownSignal(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof ShutdownSignalException sse) {
                return sse;
            }
        }
        throw new AssertionError("no ShutdownSignalException in the cause chain of " + thrown, thrown);
    }

    /** Something a test does with a channel that may throw. */
    interface ChannelAction {
        void run() throws Exception;
    }

    /**
     * Runs {@code action}, which should make the server close {@code channel}, and returns the
     * channel.close the server sent. An asynchronous action (a publish) is followed by a synchronous
     * round trip so that the error surfaces. Fails if the channel is still open afterwards.
     */
    static AMQP.Channel.Close channelClose(Channel channel, ChannelAction action) throws Exception {
        try {
            action.run();
        } catch (IOException | ShutdownSignalException e) {
            // expected: the server closed the channel
        }
        if (channel.isOpen()) {
            try {
                channel.basicQos(0);
            } catch (IOException | ShutdownSignalException e) {
                // expected
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (channel.isOpen() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(channel.isOpen()).as("channel closed by the server").isFalse();
        ShutdownSignalException reason = channel.getCloseReason();
        assertThat(reason.isHardError()).as("a channel (soft) error, not a connection error: " + reason).isFalse();
        assertThat(reason.isInitiatedByApplication()).as("initiated by the server").isFalse();
        return (AMQP.Channel.Close) reason.getReason();
    }
}
