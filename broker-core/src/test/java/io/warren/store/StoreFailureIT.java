package io.warren.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import com.rabbitmq.client.ShutdownSignalException;
import io.warren.broker.Broker;
import io.warren.broker.config.BrokerConfig;
import io.warren.broker.config.CoreSettings;
import io.warren.broker.config.Listener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a client sees when the message store cannot write (a dead or full disk): persistent
 * publishes are nacked, a transaction holding one fails with 541, and consumers keep getting what
 * the broker already holds. Lives in the store's package to break the store's active segment file,
 * which is how a write error is provoked without a failing disk.
 */
class StoreFailureIT {
    @TempDir
    Path dataDir;

    private Broker broker;

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void persistentPublishesAreNackedTransactionsFailWith541AndConsumersAreStillServed() throws Exception {
        broker = Broker.start(BrokerConfig.defaults()
                .with(CoreSettings.AMQP_LISTENER, new Listener("127.0.0.1", 0))
                .with(CoreSettings.DATA_DIR, dataDir), List.of());
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(broker.amqpPort());
        factory.setAutomaticRecoveryEnabled(false);
        Connection txConnection = factory.newConnection();
        try (Connection connection = factory.newConnection()) {
            Channel ch = connection.createChannel();
            ch.queueDeclare("orders", true, false, false, null);
            ch.confirmSelect();
            ch.basicPublish("", "orders", MessageProperties.PERSISTENT_TEXT_PLAIN, bytes("stored"));
            assertThat(ch.waitForConfirms(5000)).as("acked while the store works").isTrue();

            broker.services().messageStore().activeSegment().close();

            ch.basicPublish("", "orders", MessageProperties.PERSISTENT_TEXT_PLAIN, bytes("write fails"));
            assertThat(ch.waitForConfirms(5000)).as("nacked: the write failed").isFalse();
            ch.basicPublish("", "orders", MessageProperties.PERSISTENT_TEXT_PLAIN, bytes("store already failed"));
            assertThat(ch.waitForConfirms(5000)).as("nacked: the store refuses").isFalse();

            GetResponse kept = ch.basicGet("orders", true);
            assertThat(new String(kept.getBody(), StandardCharsets.UTF_8)).isEqualTo("stored");

            Channel tx = txConnection.createChannel();
            tx.txSelect();
            tx.basicPublish("", "orders", MessageProperties.PERSISTENT_TEXT_PLAIN, bytes("in a transaction"));
            Throwable thrown = catchThrowable(tx::txCommit);
            assertThat(thrown).isInstanceOf(IOException.class);
            ShutdownSignalException shutdown = (ShutdownSignalException) thrown.getCause();
            AMQP.Connection.Close close = (AMQP.Connection.Close) shutdown.getReason();
            assertThat(close.getReplyCode()).isEqualTo(541);
            assertThat(close.getReplyText()).startsWith("INTERNAL_ERROR - messages could not be written to disk: "
                    + "cannot write the message store in " + dataDir.resolve("messages"));
            assertThat(connection.isOpen()).as("the other connection is untouched").isTrue();
        } finally {
            txConnection.abort();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
