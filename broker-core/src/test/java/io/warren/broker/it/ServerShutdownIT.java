package io.warren.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.ShutdownSignalException;
import io.warren.broker.testing.BrokerExtension;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Stopping the broker closes every client connection with RabbitMQ's 320 CONNECTION_FORCED. */
class ServerShutdownIT {
    /** This class's own broker: the test stops it. */
    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    @Test
    void clientsAreToldTheBrokerIsShuttingDown() throws Exception {
        Connection idle = broker.connect();
        Connection consuming = broker.connect();
        Channel channel = consuming.createChannel();
        String queue = channel.queueDeclare().getQueue();
        channel.basicConsume(queue, false, new DefaultConsumer(channel));
        CompletableFuture<ShutdownSignalException> idleClosed = new CompletableFuture<>();
        CompletableFuture<ShutdownSignalException> consumingClosed = new CompletableFuture<>();
        idle.addShutdownListener(idleClosed::complete);
        consuming.addShutdownListener(consumingClosed::complete);

        try (RawAmqpClient midHandshake = new RawAmqpClient(broker.port())) {
            midHandshake.sendHeader();
            midHandshake.expectMethod(0, 10, 10);

            long start = System.nanoTime();
            broker.broker().close();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("shutdown is prompt")
                    .isLessThan(5000);

            assertThat(midHandshake.readUntilClosed(3000)).as("a connection still in its handshake is just closed")
                    .isEmpty();
        }

        for (ShutdownSignalException signal : List.of(idleClosed.get(5, TimeUnit.SECONDS),
                consumingClosed.get(5, TimeUnit.SECONDS))) {
            AMQP.Connection.Close close = ConnectionTestSupport.connectionClose(signal);
            assertThat(close.getReplyCode()).isEqualTo(320);
            assertThat(close.getReplyText())
                    .isEqualTo("CONNECTION_FORCED - broker forced connection closure with reason 'shutdown'");
        }
        assertThat(idle.isOpen()).isFalse();
        assertThat(consuming.isOpen()).isFalse();
        assertThat(broker.services().connections().size()).isZero();
    }
}
