package io.warren.broker.it;

import static io.warren.broker.it.ClientSupport.channel;
import static io.warren.broker.it.ClientSupport.channelError;
import static io.warren.broker.it.ClientSupport.connect;
import static io.warren.broker.it.ClientSupport.drain;
import static io.warren.broker.it.ClientSupport.publish;
import static io.warren.broker.testing.BrokerExtension.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.warren.broker.testing.BrokerExtension;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** queue.bind and queue.unbind: the shortcuts, the errors, and what makes two bindings different. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class QueueBindingIT {
    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    @Test
    void bindAndUnbind() throws Exception {
        Channel channel = channel(broker);
        String x = uniqueName("x");
        channel.exchangeDeclare(x, "direct");
        String queue = channel.queueDeclare().getQueue();
        assertThat(channel.queueBind(queue, x, "k")).isNotNull();
        publish(channel, x, "k", "bound");
        assertThat(channel.queueUnbind(queue, x, "k")).isNotNull();
        publish(channel, x, "k", "unbound");
        assertThat(drain(channel, queue)).containsExactly("bound");
    }

    @Test
    void emptyQueueNameMeansTheLastQueueDeclaredOnTheChannel() throws Exception {
        Channel channel = channel(broker);
        String x = uniqueName("x");
        channel.exchangeDeclare(x, "direct");
        channel.queueDeclare(); // an earlier one
        String last = channel.queueDeclare().getQueue();
        channel.queueBind("", x, "k");
        // Queue name and routing key both empty: the routing key is the queue name too.
        channel.queueBind("", x, "");
        publish(channel, x, "k", "by-key");
        publish(channel, x, last, "by-queue-name");
        publish(channel, x, "", "empty-key");
        assertThat(drain(channel, last)).containsExactly("by-key", "by-queue-name");
        channel.queueUnbind("", x, "k");
        channel.queueUnbind("", x, "");
        publish(channel, x, "k", "after-unbind");
        publish(channel, x, last, "after-unbind-2");
        assertThat(drain(channel, last)).isEmpty();
    }

    @Test
    void passiveDeclareAlsoSetsTheLastDeclaredQueue() throws Exception {
        Channel channel = channel(broker);
        String queue = channel.queueDeclare().getQueue();
        Channel other = channel.getConnection().createChannel();
        other.queueDeclarePassive(queue);
        other.queueBind("", "amq.direct", queue + ".passive");
        publish(other, "amq.direct", queue + ".passive", "m");
        assertThat(drain(channel, queue)).containsExactly("m");
    }

    @Test
    void emptyQueueNameWithoutAPreviousDeclareIsNotFound() throws Exception {
        Connection connection = connect(broker);
        AMQP.Channel.Close close = channelError(404, "NOT_FOUND - no previously declared queue",
                () -> connection.createChannel().queueBind("", "amq.direct", "k"));
        assertThat(close.getClassId()).isEqualTo(50);
        assertThat(close.getMethodId()).isEqualTo(20);
        channelError(404, "NOT_FOUND - no previously declared queue",
                () -> connection.createChannel().queueUnbind("", "amq.direct", "k"));
        channelError(404, "NOT_FOUND - no previously declared queue",
                () -> connection.createChannel().queuePurge(""));
        channelError(404, "NOT_FOUND - no previously declared queue",
                () -> connection.createChannel().queueDelete(""));
        channelError(404, "NOT_FOUND - no previously declared queue",
                () -> connection.createChannel().basicGet("", true));
    }

    @Test
    void bindingToAMissingExchangeOrQueueIsNotFound() throws Exception {
        Connection connection = connect(broker);
        Channel setup = connection.createChannel();
        String queue = setup.queueDeclare().getQueue();
        String x = uniqueName("x");
        setup.exchangeDeclare(x, "direct");
        String missingExchange = uniqueName("no-x");
        String missingQueue = uniqueName("no-q");
        channelError(404, "NOT_FOUND - no exchange '" + missingExchange + "' in vhost '/'",
                () -> connection.createChannel().queueBind(queue, missingExchange, "k"));
        channelError(404, "NOT_FOUND - no queue '" + missingQueue + "' in vhost '/'",
                () -> connection.createChannel().queueBind(missingQueue, x, "k"));
    }

    @Test
    void whenBothAreMissingTheExchangeIsReported() throws Exception {
        // rabbit_channel binding_action: {resources_missing, [{not_found, Source} | _]} -> the source first.
        Channel channel = channel(broker);
        String missingExchange = uniqueName("no-x");
        channelError(404, "NOT_FOUND - no exchange '" + missingExchange + "' in vhost '/'",
                () -> channel.queueBind(uniqueName("no-q"), missingExchange, "k"));
    }

    @Test
    void bindingToTheDefaultExchangeIsRefused() throws Exception {
        Connection connection = connect(broker);
        Channel setup = connection.createChannel();
        String queue = setup.queueDeclare().getQueue();
        channelError(403, "ACCESS_REFUSED - operation not permitted on the default exchange",
                () -> connection.createChannel().queueBind(queue, "", queue));
        channelError(403, "ACCESS_REFUSED - operation not permitted on the default exchange",
                () -> connection.createChannel().queueUnbind(queue, "", queue));
    }

    @Test
    void bindingsWithTheSameKeyAndDifferentArgumentsAreDistinct() throws Exception {
        Channel channel = channel(broker);
        String x = uniqueName("x");
        channel.exchangeDeclare(x, "direct");
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, x, "k", Map.of("n", 1));
        channel.queueBind(queue, x, "k", Map.of("n", 2));
        channel.queueBind(queue, x, "k", null);
        publish(channel, x, "k", "three-bindings");
        channel.queueUnbind(queue, x, "k", Map.of("n", 1));
        channel.queueUnbind(queue, x, "k", null);
        publish(channel, x, "k", "one-binding-left");
        channel.queueUnbind(queue, x, "k", Map.of("n", 2));
        publish(channel, x, "k", "none-left");
        assertThat(drain(channel, queue)).containsExactly("three-bindings", "one-binding-left");
    }

    @Test
    void argumentOrderDoesNotMatterForBindingIdentity() throws Exception {
        Channel channel = channel(broker);
        String x = uniqueName("x");
        channel.exchangeDeclare(x, "topic");
        String queue = channel.queueDeclare().getQueue();
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", "2");
        ba.put("a", "1");
        channel.queueBind(queue, x, "t.#", ab);
        channel.queueBind(queue, x, "t.#", ba); // the same binding again
        channel.queueUnbind(queue, x, "t.#", ba);
        publish(channel, x, "t.1", "gone");
        assertThat(drain(channel, queue)).isEmpty();
    }

    @Test
    void argumentTypesMatterForBindingIdentity() throws Exception {
        // RabbitMQ keeps the field type with each argument: signedint 1 and long 1 are different bindings.
        Channel channel = channel(broker);
        String x = uniqueName("x");
        channel.exchangeDeclare(x, "direct");
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, x, "k", Map.of("n", 1));
        channel.queueUnbind(queue, x, "k", Map.of("n", 1L));
        publish(channel, x, "k", "still-bound");
        channel.queueUnbind(queue, x, "k", Map.of("n", 1));
        publish(channel, x, "k", "unbound");
        assertThat(drain(channel, queue)).containsExactly("still-bound");
    }

    @Test
    void rebindingIsANoOp() throws Exception {
        Channel channel = channel(broker);
        String x = uniqueName("x");
        channel.exchangeDeclare(x, "fanout");
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, x, "k");
        channel.queueBind(queue, x, "k");
        publish(channel, x, "k", "once");
        channel.queueUnbind(queue, x, "k");
        publish(channel, x, "k", "after-single-unbind");
        assertThat(drain(channel, queue)).containsExactly("once");
    }

    @Test
    void unbindOfMissingThingsSucceeds() throws Exception {
        Channel channel = channel(broker);
        String x = uniqueName("x");
        channel.exchangeDeclare(x, "direct");
        String queue = channel.queueDeclare().getQueue();
        channel.queueUnbind(queue, x, "never-bound");
        channel.queueUnbind(queue, x, "never-bound", Map.of("a", 1));
        channel.queueUnbind(queue, uniqueName("no-x"), "k");
        channel.queueUnbind(uniqueName("no-q"), x, "k");
        channel.queueUnbind(uniqueName("no-q"), uniqueName("no-x"), "k");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aDeletedQueuesBindingsVanish() throws Exception {
        Channel channel = channel(broker);
        String x = uniqueName("x");
        channel.exchangeDeclare(x, "topic");
        String queue = uniqueName("q");
        channel.queueDeclare(queue, false, false, false, null);
        channel.queueBind(queue, x, "a.*");
        channel.queueBind(queue, "amq.direct", queue);
        channel.queueDelete(queue);
        channel.queueDeclare(queue, false, false, false, null);
        publish(channel, x, "a.b", "old-topic-binding");
        publish(channel, "amq.direct", queue, "old-direct-binding");
        assertThat(drain(channel, queue)).isEmpty();
        // And the exchange, with no bindings left, may be deleted if-unused.
        channel.exchangeDelete(x, true);
        channel.queueDelete(queue);
    }

    @Test
    void bindingsOfAnExclusiveQueueVanishWithItsConnection() throws Exception {
        Connection owner = connect(broker);
        Channel ownerChannel = owner.createChannel();
        String x = uniqueName("x");
        ownerChannel.exchangeDeclare(x, "fanout");
        ownerChannel.queueBind(ownerChannel.queueDeclare().getQueue(), x, "");
        owner.close();
        Channel channel = channel(broker);
        channel.exchangeDelete(x, true); // no bindings left
    }
}
