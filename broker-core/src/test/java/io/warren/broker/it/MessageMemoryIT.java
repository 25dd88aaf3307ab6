package io.warren.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import io.warren.broker.flow.MessageMemory;
import io.warren.broker.testing.BrokerExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The memory alarm's measure, the bytes queues hold for messages, follows every way a message
 * enters and leaves a queue, and returns to zero when the queues are empty.
 */
class MessageMemoryIT {
    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    @Test
    void heldBytesFollowMessagesInAndOutOfQueues() throws Exception {
        Channel channel = broker.channel();
        String exchange = BrokerExtension.uniqueName("fan");
        channel.exchangeDeclare(exchange, "fanout", false, true, null);
        String acked = channel.queueDeclare().getQueue();
        String fetched = channel.queueDeclare().getQueue();
        String purged = channel.queueDeclare().getQueue();
        for (String q : new String[] {acked, fetched, purged}) {
            channel.queueBind(q, exchange, "");
        }
        channel.confirmSelect();
        for (int i = 0; i < 100; i++) {
            channel.basicPublish(exchange, "", null, new byte[1000]);
        }
        channel.waitForConfirmsOrDie(5000);
        for (String q : new String[] {acked, fetched, purged}) {
            channel.queueDeclarePassive(q); // answered after the queue took the messages
        }
        assertThat(held()).isEqualTo(300 * MessageMemory.cost(1000));

        // Requeued and redelivered: still held until acknowledged.
        GetResponse first = channel.basicGet(acked, false);
        channel.basicNack(first.getEnvelope().getDeliveryTag(), false, true);
        for (int i = 0; i < 100; i++) {
            GetResponse got = channel.basicGet(acked, false);
            channel.basicAck(got.getEnvelope().getDeliveryTag(), false);
        }
        for (int i = 0; i < 100; i++) {
            assertThat(channel.basicGet(fetched, true)).isNotNull();
        }
        assertThat(channel.queuePurge(purged).getMessageCount()).isEqualTo(100);
        awaitHeld(0);
    }

    @Test
    void deletingAQueueWithUnackedMessagesReleasesThemWhenSettled() throws Exception {
        Channel channel = broker.channel();
        String queue = channel.queueDeclare().getQueue();
        for (int i = 0; i < 10; i++) {
            channel.basicPublish("", queue, null, new byte[10]);
        }
        GetResponse got = channel.basicGet(queue, false);
        assertThat(got).isNotNull();
        channel.queueDelete(queue);
        awaitHeld(MessageMemory.cost(10));
        channel.basicAck(got.getEnvelope().getDeliveryTag(), false);
        awaitHeld(0);
    }

    private static long held() {
        return broker.services().memory().usedBytes();
    }

    private static void awaitHeld(long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (held() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(held()).isEqualTo(expected);
    }
}
