package io.warren.broker.it;

import static io.warren.broker.it.ClientSupport.bytes;
import static io.warren.broker.it.ClientSupport.channel;
import static io.warren.broker.it.ClientSupport.channelError;
import static io.warren.broker.it.ClientSupport.connect;
import static io.warren.broker.it.ClientSupport.drain;
import static io.warren.broker.it.ClientSupport.eventually;
import static io.warren.broker.it.ClientSupport.queueExists;
import static io.warren.broker.testing.BrokerExtension.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.GetResponse;
import io.warren.broker.testing.BrokerExtension;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Queue lifecycles: exclusive and auto-delete queues, purge and delete with their counts and
 * conditions, and consumer cancellation when a queue goes away.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class QueueLifecycleIT {
    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    private static String locked(String queue) {
        return "RESOURCE_LOCKED - cannot obtain exclusive access to locked queue '" + queue + "' in vhost '/'."
                + " It could be originally declared on another connection or the exclusive property value does not"
                + " match that of the original declaration.";
    }

    /** Publishes {@code count} messages and waits until they are ready in the queue. */
    private static void fill(Channel channel, String queue, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            channel.basicPublish("", queue, null, bytes("m" + i));
        }
        eventually(count + " messages in " + queue,
                () -> channel.queueDeclarePassive(queue).getMessageCount() >= count);
    }

    // ---- exclusive -----------------------------------------------------------------------------

    @Test
    void exclusiveQueueIsLockedForEveryOperationOfOtherConnections() throws Exception {
        Connection owner = connect(broker);
        Channel ownerChannel = owner.createChannel();
        String queue = uniqueName("exclusive");
        ownerChannel.queueDeclare(queue, false, true, false, null);
        Connection other = connect(broker);
        String expected = locked(queue);
        AMQP.Channel.Close close = channelError(405, expected, () -> other.createChannel().queueDeclarePassive(queue));
        assertThat(close.getClassId()).isEqualTo(50);
        channelError(405, expected, () -> other.createChannel().queueDeclare(queue, false, true, false, null));
        close = channelError(405, expected,
                () -> other.createChannel().basicConsume(queue, true, new DefaultConsumer(null)));
        assertThat(close.getClassId()).isEqualTo(60);
        assertThat(close.getMethodId()).isEqualTo(20);
        channelError(405, expected, () -> other.createChannel().queueBind(queue, "amq.fanout", ""));
        channelError(405, expected, () -> other.createChannel().queuePurge(queue));
        close = channelError(405, expected, () -> other.createChannel().queueDelete(queue));
        assertThat(close.getMethodId()).isEqualTo(40);
        close = channelError(405, expected, () -> other.createChannel().basicGet(queue, true));
        assertThat(close.getClassId()).isEqualTo(60);
        assertThat(close.getMethodId()).isEqualTo(70);
        // Still there and usable by its owner.
        assertThat(ownerChannel.queueDeclarePassive(queue).getQueue()).isEqualTo(queue);
    }

    @Test
    void otherConnectionsMayPublishToAnExclusiveQueue() throws Exception {
        Connection owner = connect(broker);
        Channel ownerChannel = owner.createChannel();
        String queue = ownerChannel.queueDeclare().getQueue();
        Channel other = connect(broker).createChannel();
        other.confirmSelect();
        other.basicPublish("", queue, null, bytes("from-other"));
        assertThat(other.waitForConfirms(5000)).isTrue();
        assertThat(drain(ownerChannel, queue)).containsExactly("from-other");
    }

    @Test
    void exclusiveQueueOutlivesItsChannelButNotItsConnection() throws Exception {
        Connection owner = connect(broker);
        Channel first = owner.createChannel();
        String queue = first.queueDeclare().getQueue();
        first.close();
        assertThat(queueExists(owner, queue)).isTrue();
        Connection observer = connect(broker);
        owner.close();
        // RabbitMQ deletes exclusive queues before connection.close-ok: no waiting needed.
        assertThat(queueExists(observer, queue)).isFalse();
    }

    @Test
    void exclusiveQueueNameIsFreeAgainAfterItsOwnerLeft() throws Exception {
        Connection first = connect(broker);
        String queue = uniqueName("reuse");
        first.createChannel().queueDeclare(queue, false, true, false, null);
        first.close();
        Connection second = connect(broker);
        second.createChannel().queueDeclare(queue, false, true, false, null);
        assertThat(queueExists(second, queue)).isTrue();
    }

    @Test
    void unbindingAnotherConnectionsExclusiveQueueIsLockedOnlyWhenTheBindingExists() throws Exception {
        Connection owner = connect(broker);
        Channel ownerChannel = owner.createChannel();
        String queue = ownerChannel.queueDeclare().getQueue();
        String x = uniqueName("x");
        ownerChannel.exchangeDeclare(x, "direct");
        ownerChannel.queueBind(queue, x, "bound");
        Connection other = connect(broker);
        other.createChannel().queueUnbind(queue, x, "not-bound");
        AMQP.Channel.Close close = channelError(405, locked(queue),
                () -> other.createChannel().queueUnbind(queue, x, "bound"));
        assertThat(close.getClassId()).isEqualTo(50);
        assertThat(close.getMethodId()).isEqualTo(50);
        ownerChannel.basicPublish(x, "bound", null, bytes("still-bound"));
        assertThat(drain(ownerChannel, queue)).containsExactly("still-bound");
    }

    @Test
    void exclusiveQueuesGoWhenTheirConnectionIsClosedByAnError() throws Exception {
        Connection owner = connect(broker);
        Channel channel = owner.createChannel();
        String queue = channel.queueDeclare().getQueue();
        ClientSupport.connectionError(503, "COMMAND_INVALID - unknown exchange type 'bogus'",
                () -> channel.exchangeDeclare(uniqueName("x"), "bogus"));
        Connection observer = connect(broker);
        eventually("the exclusive queue is gone", () -> !queueExists(observer, queue));
    }

    // ---- auto-delete ---------------------------------------------------------------------------

    @Test
    void autoDeleteQueueGoesWhenItsLastConsumerIsCancelled() throws Exception {
        Connection connection = connect(broker);
        Channel channel = connection.createChannel();
        String queue = uniqueName("auto");
        channel.queueDeclare(queue, false, false, true, null);
        String tag1 = channel.basicConsume(queue, true, new DefaultConsumer(channel));
        String tag2 = channel.basicConsume(queue, true, new DefaultConsumer(channel));
        channel.basicCancel(tag1);
        assertThat(queueExists(connection, queue)).isTrue();
        channel.basicCancel(tag2);
        eventually("the auto-delete queue is gone", () -> !queueExists(connection, queue));
    }

    @Test
    void autoDeleteQueueGoesWhenItsConsumersChannelCloses() throws Exception {
        Connection connection = connect(broker);
        Channel channel = connection.createChannel();
        String queue = uniqueName("auto-close");
        channel.queueDeclare(queue, false, false, true, null);
        Channel consumerChannel = connection.createChannel();
        consumerChannel.basicConsume(queue, false, new DefaultConsumer(consumerChannel));
        consumerChannel.close();
        eventually("the auto-delete queue is gone", () -> !queueExists(connection, queue));
    }

    @Test
    void autoDeleteQueueGoesWhenItsConsumersConnectionCloses() throws Exception {
        Connection declarer = connect(broker);
        String queue = uniqueName("auto-conn");
        declarer.createChannel().queueDeclare(queue, false, false, true, null);
        Connection consumer = connect(broker);
        Channel consumerChannel = consumer.createChannel();
        consumerChannel.basicConsume(queue, true, new DefaultConsumer(consumerChannel));
        consumer.close();
        eventually("the auto-delete queue is gone", () -> !queueExists(declarer, queue));
    }

    @Test
    void autoDeleteQueueTakesItsBindingsAndAnAutoDeleteExchangeAlong() throws Exception {
        Connection connection = connect(broker);
        Channel channel = connection.createChannel();
        String queue = uniqueName("auto-chain");
        String x = uniqueName("auto-x");
        channel.queueDeclare(queue, false, false, true, null);
        channel.exchangeDeclare(x, "fanout", false, true, null);
        channel.queueBind(queue, x, "");
        String tag = channel.basicConsume(queue, true, new DefaultConsumer(channel));
        channel.basicCancel(tag);
        eventually("the auto-delete queue is gone", () -> !queueExists(connection, queue));
        eventually("the auto-delete exchange is gone", () -> !ClientSupport.exchangeExists(connection, x));
    }

    @Test
    void autoDeleteQueueThatNeverHadAConsumerStays() throws Exception {
        Connection connection = connect(broker);
        Channel channel = connection.createChannel();
        String queue = uniqueName("auto-never");
        channel.queueDeclare(queue, false, false, true, null);
        channel.basicPublish("", queue, null, bytes("m"));
        GetResponse got = null;
        for (int i = 0; i < 100 && got == null; i++) {
            got = channel.basicGet(queue, true); // basic.get does not count as a consumer
        }
        assertThat(got).isNotNull();
        channel.close();
        Thread.sleep(50);
        assertThat(queueExists(connection, queue)).isTrue();
        connection.createChannel().queueDelete(queue);
    }

    // ---- purge ---------------------------------------------------------------------------------

    @Test
    void purgeReturnsTheReadyCountAndKeepsUnackedMessages() throws Exception {
        Connection connection = connect(broker);
        Channel channel = connection.createChannel();
        String queue = channel.queueDeclare().getQueue();
        fill(channel, queue, 4);
        Channel holder = connection.createChannel();
        GetResponse held = holder.basicGet(queue, false);
        assertThat(held).isNotNull();
        assertThat(channel.queuePurge(queue).getMessageCount()).isEqualTo(3);
        assertThat(channel.queuePurge(queue).getMessageCount()).isZero();
        holder.basicReject(held.getEnvelope().getDeliveryTag(), true);
        List<String> left = drain(channel, queue);
        assertThat(left).containsExactly(ClientSupport.text(held.getBody()));
    }

    @Test
    void purgeOfAMissingQueueIsNotFound() throws Exception {
        Channel channel = channel(broker);
        String queue = uniqueName("nothing");
        AMQP.Channel.Close close = channelError(404, "NOT_FOUND - no queue '" + queue + "' in vhost '/'",
                () -> channel.queuePurge(queue));
        assertThat(close.getClassId()).isEqualTo(50);
        assertThat(close.getMethodId()).isEqualTo(30);
    }

    // ---- delete --------------------------------------------------------------------------------

    @Test
    void deleteReturnsTheReadyCount() throws Exception {
        Connection connection = connect(broker);
        Channel channel = connection.createChannel();
        String queue = uniqueName("del");
        channel.queueDeclare(queue, false, false, false, null);
        fill(channel, queue, 5);
        Channel holder = connection.createChannel();
        GetResponse held = holder.basicGet(queue, false);
        assertThat(held).isNotNull();
        assertThat(channel.queueDelete(queue).getMessageCount()).isEqualTo(4);
        assertThat(queueExists(connection, queue)).isFalse();
        // Acknowledging a message of a deleted queue is harmless.
        holder.basicAck(held.getEnvelope().getDeliveryTag(), false);
        holder.basicQos(1);
        assertThat(holder.isOpen()).isTrue();
    }

    @Test
    void deleteOfAMissingQueueSucceedsWithZero() throws Exception {
        Channel channel = channel(broker);
        assertThat(channel.queueDelete(uniqueName("never")).getMessageCount()).isZero();
        assertThat(channel.queueDelete(uniqueName("never"), true, true).getMessageCount()).isZero();
    }

    @Test
    void deleteIfUnusedRefusesAQueueWithConsumers() throws Exception {
        Connection connection = connect(broker);
        Channel channel = connection.createChannel();
        String queue = uniqueName("in-use");
        channel.queueDeclare(queue, false, false, false, null);
        String tag = channel.basicConsume(queue, true, new DefaultConsumer(channel));
        AMQP.Channel.Close close = channelError(406, "PRECONDITION_FAILED - queue '" + queue + "' in vhost '/' in use",
                () -> connection.createChannel().queueDelete(queue, true, false));
        assertThat(close.getClassId()).isEqualTo(50);
        assertThat(close.getMethodId()).isEqualTo(40);
        assertThat(queueExists(connection, queue)).isTrue();
        channel.basicCancel(tag);
        assertThat(channel.queueDelete(queue, true, false).getMessageCount()).isZero();
    }

    @Test
    void deleteIfEmptyRefusesAQueueWithReadyMessages() throws Exception {
        Connection connection = connect(broker);
        Channel channel = connection.createChannel();
        String queue = uniqueName("not-empty");
        channel.queueDeclare(queue, false, false, false, null);
        fill(channel, queue, 1);
        channelError(406, "PRECONDITION_FAILED - queue '" + queue + "' in vhost '/' not empty",
                () -> connection.createChannel().queueDelete(queue, false, true));
        assertThat(queueExists(connection, queue)).isTrue();
        channel.queuePurge(queue);
        assertThat(channel.queueDelete(queue, false, true).getMessageCount()).isZero();
    }

    @Test
    void deletedQueueNameCanBeDeclaredAfresh() throws Exception {
        Channel channel = channel(broker);
        String queue = uniqueName("again");
        channel.queueDeclare(queue, true, false, false, null);
        channel.queueDelete(queue);
        // Different properties are fine: it is a new queue.
        channel.queueDeclare(queue, false, false, true, null);
        channel.queueDelete(queue);
    }

    // ---- consumer cancellation -----------------------------------------------------------------

    @Test
    void consumersOfADeletedQueueReceiveBasicCancel() throws Exception {
        Connection connection = connect(broker);
        Channel consumerChannel = connection.createChannel();
        String queue = uniqueName("cancelled");
        consumerChannel.queueDeclare(queue, false, false, false, null);
        List<String> cancelled = new CopyOnWriteArrayList<>();
        CountDownLatch latch = new CountDownLatch(2);
        DefaultConsumer consumer = new DefaultConsumer(consumerChannel) {
            @Override
            public void handleCancel(String consumerTag) {
                cancelled.add(consumerTag);
                latch.countDown();
            }
        };
        String tag1 = consumerChannel.basicConsume(queue, true, consumer);
        String tag2 = consumerChannel.basicConsume(queue, false, "my-tag", consumer);
        connect(broker).createChannel().queueDelete(queue);
        assertThat(latch.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(cancelled).containsExactlyInAnyOrder(tag1, tag2);
        assertThat(tag2).isEqualTo("my-tag");
        // The channel stays open, and the tags are free again.
        String replacement = consumerChannel.queueDeclare().getQueue();
        assertThat(consumerChannel.basicConsume(replacement, true, "my-tag", new DefaultConsumer(consumerChannel)))
                .isEqualTo("my-tag");
    }

    @Test
    void clientsWithoutConsumerCancelNotifyAreNotSentBasicCancel() throws Exception {
        ConnectionFactory factory = ClientSupport.factory(broker);
        Map<String, Object> properties = new HashMap<>(factory.getClientProperties());
        @SuppressWarnings("unchecked")
        Map<String, Object> capabilities = new HashMap<>((Map<String, Object>) properties.get("capabilities"));
        capabilities.remove("consumer_cancel_notify");
        properties.put("capabilities", capabilities);
        factory.setClientProperties(properties);
        Connection connection = broker.track(factory.newConnection());
        Channel consumerChannel = connection.createChannel();
        String queue = uniqueName("silent");
        consumerChannel.queueDeclare(queue, false, false, false, null);
        CountDownLatch cancelled = new CountDownLatch(1);
        consumerChannel.basicConsume(queue, true, new DefaultConsumer(consumerChannel) {
            @Override
            public void handleCancel(String consumerTag) {
                cancelled.countDown();
            }
        });
        // Deleted from the same connection: a basic.cancel would be written before queue.delete-ok.
        connection.createChannel().queueDelete(queue);
        assertThat(cancelled.await(300, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(consumerChannel.isOpen()).isTrue();
    }
}
