package io.warren.broker.it;

import static io.warren.broker.it.ClientSupport.bytes;
import static io.warren.broker.it.ClientSupport.channel;
import static io.warren.broker.it.ClientSupport.channelError;
import static io.warren.broker.it.ClientSupport.connect;
import static io.warren.broker.it.ClientSupport.eventually;
import static io.warren.broker.it.ClientSupport.queueExists;
import static io.warren.broker.testing.BrokerExtension.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import io.warren.broker.testing.BrokerExtension;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** queue.declare: names, passive declares, flags, equivalence and x-arguments. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class QueueDeclareIT {
    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    private static final String LOCKED_TAIL = ". It could be originally declared on another connection or the exclusive"
            + " property value does not match that of the original declaration.";

    private static String locked(String queue) {
        return "RESOURCE_LOCKED - cannot obtain exclusive access to locked queue '" + queue + "' in vhost '/'"
                + LOCKED_TAIL;
    }

    @Test
    void serverNamedQueuesLookLikeRabbitMqs() throws Exception {
        Channel channel = channel(broker);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            AMQP.Queue.DeclareOk ok = channel.queueDeclare("", false, true, true, null);
            assertThat(ok.getQueue()).matches("amq\\.gen-[A-Za-z0-9_-]{22}");
            assertThat(ok.getMessageCount()).isZero();
            assertThat(ok.getConsumerCount()).isZero();
            names.add(ok.getQueue());
        }
        assertThat(names).hasSize(20);
        // A server-named queue can be found passively, but not re-declared actively (reserved prefix).
        String name = names.iterator().next();
        channel.queueDeclarePassive(name);
        channelError(403, "ACCESS_REFUSED - queue name '" + name + "' contains reserved prefix 'amq.*'",
                () -> channel.queueDeclare(name, false, true, true, null));
    }

    @Test
    void queueNamesMustNotStartWithAmq() throws Exception {
        Channel channel = channel(broker);
        String name = "amq." + uniqueName("mine");
        AMQP.Channel.Close close = channelError(403,
                "ACCESS_REFUSED - queue name '" + name + "' contains reserved prefix 'amq.*'",
                () -> channel.queueDeclare(name, false, false, false, null));
        assertThat(close.getClassId()).isEqualTo(50);
        assertThat(close.getMethodId()).isEqualTo(10);
        assertThat(queueExists(connect(broker), name)).isFalse();
    }

    @Test
    void passiveDeclareOfAMissingQueueIsNotFound() throws Exception {
        Channel channel = channel(broker);
        String name = uniqueName("missing");
        channelError(404, "NOT_FOUND - no queue '" + name + "' in vhost '/'", () -> channel.queueDeclarePassive(name));
        // Passive declares skip the reserved-prefix check: the answer is 404, not 403.
        Channel other = channel(broker);
        channelError(404, "NOT_FOUND - no queue 'amq.gen-nothing' in vhost '/'",
                () -> other.queueDeclarePassive("amq.gen-nothing"));
    }

    @Test
    void declareOkCountsReadyMessagesAndConsumers() throws Exception {
        Connection connection = connect(broker);
        Channel channel = connection.createChannel();
        String queue = channel.queueDeclare(uniqueName("counts"), false, false, true, null).getQueue();
        for (int i = 0; i < 3; i++) {
            channel.basicPublish("", queue, null, bytes("m" + i));
        }
        eventually("3 ready messages", () -> channel.queueDeclarePassive(queue).getMessageCount() == 3);
        // An unacknowledged message is not counted.
        assertThat(channel.basicGet(queue, false)).isNotNull();
        eventually("2 ready messages", () -> channel.queueDeclarePassive(queue).getMessageCount() == 2);
        Channel consumerChannel = connection.createChannel();
        consumerChannel.basicQos(1);
        consumerChannel.basicConsume(queue, false, new DefaultConsumer(consumerChannel));
        consumerChannel.basicConsume(queue, false, new DefaultConsumer(consumerChannel));
        eventually("2 consumers holding the 2 ready messages", () -> {
            AMQP.Queue.DeclareOk ok = channel.queueDeclarePassive(queue);
            return ok.getConsumerCount() == 2 && ok.getMessageCount() == 0;
        });
        AMQP.Queue.DeclareOk active = channel.queueDeclare(queue, false, false, true, null);
        assertThat(active.getConsumerCount()).isEqualTo(2);
        assertThat(active.getMessageCount()).isZero(); // both delivered to the consumers (prefetch 1 each)
        assertThat(active.getQueue()).isEqualTo(queue);
        channel.queueDelete(queue);
    }

    @Test
    void durableAndAutoDeleteAreComparedOnRedeclare() throws Exception {
        Connection connection = connect(broker);
        Channel channel = connection.createChannel();
        String queue = uniqueName("flags");
        channel.queueDeclare(queue, true, false, false, null);
        channel.queueDeclare(queue, true, false, false, null);
        channelError(406, "PRECONDITION_FAILED - inequivalent arg 'durable' for queue '" + queue
                + "' in vhost '/': received 'false' but current is 'true'",
                () -> connection.createChannel().queueDeclare(queue, false, false, false, null));
        channelError(406, "PRECONDITION_FAILED - inequivalent arg 'auto_delete' for queue '" + queue
                + "' in vhost '/': received 'true' but current is 'false'",
                () -> connection.createChannel().queueDeclare(queue, true, false, true, null));
        // durable is compared before auto_delete
        channelError(406, "PRECONDITION_FAILED - inequivalent arg 'durable' for queue '" + queue
                + "' in vhost '/': received 'false' but current is 'true'",
                () -> connection.createChannel().queueDeclare(queue, false, false, true, null));
        channel.queueDelete(queue);
    }

    @Test
    void exclusiveQueuesAreMadeNonDurable() throws Exception {
        Channel channel = channel(broker);
        String queue = uniqueName("excl-durable");
        channel.queueDeclare(queue, true, true, false, null);
        // Whatever durable flag is sent along with exclusive, it matches.
        channel.queueDeclare(queue, false, true, false, null);
        channel.queueDeclare(queue, true, true, false, null);
    }

    @Test
    void exclusiveFlagMismatchOnTheOwningConnectionIsResourceLocked() throws Exception {
        Connection connection = connect(broker);
        String exclusive = uniqueName("excl");
        connection.createChannel().queueDeclare(exclusive, false, true, false, null);
        AMQP.Channel.Close close = channelError(405, locked(exclusive),
                () -> connection.createChannel().queueDeclare(exclusive, false, false, false, null));
        assertThat(close.getClassId()).isEqualTo(50);
        assertThat(close.getMethodId()).isEqualTo(10);
        String shared = uniqueName("shared");
        Channel channel = connection.createChannel();
        channel.queueDeclare(shared, false, false, false, null);
        channelError(405, locked(shared),
                () -> connection.createChannel().queueDeclare(shared, false, true, false, null));
        channel.queueDelete(shared);
    }

    @Test
    void exclusiveQueueOfAnotherConnectionIsResourceLockedForDeclares() throws Exception {
        Connection owner = connect(broker);
        String queue = uniqueName("owned");
        owner.createChannel().queueDeclare(queue, false, true, false, null);
        Connection other = connect(broker);
        channelError(405, locked(queue), () -> other.createChannel().queueDeclarePassive(queue));
        channelError(405, locked(queue), () -> other.createChannel().queueDeclare(queue, false, true, false, null));
        channelError(405, locked(queue), () -> other.createChannel().queueDeclare(queue, false, false, false, null));
        owner.createChannel().queueDeclarePassive(queue);
    }

    @Test
    void queueTypeClassicIsAcceptedAndEquivalentToNoType() throws Exception {
        Connection connection = connect(broker);
        Channel channel = connection.createChannel();
        String typed = uniqueName("classic");
        channel.queueDeclare(typed, false, false, true, Map.of("x-queue-type", "classic"));
        channel.queueDeclare(typed, false, false, true, Map.of("x-queue-type", "classic"));
        channel.queueDeclare(typed, false, false, true, null);
        String untyped = uniqueName("untyped");
        channel.queueDeclare(untyped, false, false, true, null);
        channel.queueDeclare(untyped, false, false, true, Map.of("x-queue-type", "classic"));
        channelError(406, "PRECONDITION_FAILED - inequivalent arg 'x-queue-type' for queue '" + untyped
                + "' in vhost '/': received the value 'quorum' of type 'longstr' but current is none",
                () -> connection.createChannel().queueDeclare(untyped, false, false, true,
                        Map.of("x-queue-type", "quorum")));
        channelError(406, "PRECONDITION_FAILED - inequivalent arg 'x-queue-type' for queue '" + typed
                + "' in vhost '/': received 'stream' but current is 'classic'",
                () -> connection.createChannel().queueDeclare(typed, false, false, true,
                        Map.of("x-queue-type", "stream")));
        channel.queueDelete(typed);
        channel.queueDelete(untyped);
    }

    @Test
    void unsupportedQueueTypesAreRefused() throws Exception {
        Connection connection = connect(broker);
        String queue = uniqueName("quorum");
        AMQP.Channel.Close close = channelError(406, "PRECONDITION_FAILED - invalid arg 'x-queue-type' for queue '"
                + queue + "' in vhost '/': \"unsupported queue type 'quorum'\"",
                () -> connection.createChannel().queueDeclare(queue, true, false, false,
                        Map.of("x-queue-type", "quorum")));
        assertThat(close.getClassId()).isEqualTo(50);
        assertThat(close.getMethodId()).isEqualTo(10);
        channelError(406, "PRECONDITION_FAILED - invalid arg 'x-queue-type' for queue '" + queue
                + "' in vhost '/': \"unsupported queue type 'foo'\"",
                () -> connection.createChannel().queueDeclare(queue, true, false, false, Map.of("x-queue-type", "foo")));
        channelError(406, "PRECONDITION_FAILED - invalid arg 'x-queue-type' for queue '" + queue
                + "' in vhost '/': {unacceptable_type,signedint}",
                () -> connection.createChannel().queueDeclare(queue, true, false, false, Map.of("x-queue-type", 1)));
        assertThat(queueExists(connection, queue)).isFalse();
    }

    @Test
    void argumentsWarrenDoesNotImplementYetAreRefused() throws Exception {
        Connection connection = connect(broker);
        String queue = uniqueName("ttl");
        for (Map.Entry<String, Object> arg : Map.<String, Object>of("x-message-ttl", 1000, "x-expires", 60000,
                "x-max-length", 10, "x-dead-letter-exchange", "dlx", "x-max-priority", 5,
                "x-single-active-consumer", true, "x-overflow", "reject-publish").entrySet()) {
            channelError(406, "PRECONDITION_FAILED - arg '" + arg.getKey() + "' for queue '" + queue
                    + "' in vhost '/' is not supported by Warren yet",
                    () -> connection.createChannel().queueDeclare(queue, false, false, false,
                            Map.of(arg.getKey(), arg.getValue())));
        }
        assertThat(queueExists(connection, queue)).isFalse();
    }

    @Test
    void knownArgumentsAreComparedOnRedeclareAndUnknownOnesAreNot() throws Exception {
        Connection connection = connect(broker);
        Channel channel = connection.createChannel();
        String queue = uniqueName("args");
        channel.queueDeclare(queue, false, false, false, Map.of("x-queue-mode", "lazy", "x-custom", "a"));
        channel.queueDeclare(queue, false, false, false, Map.of("x-queue-mode", "lazy", "x-custom", "b"));
        channel.queueDeclare(queue, false, false, false, Map.of("x-queue-mode", "lazy"));
        channelError(406, "PRECONDITION_FAILED - inequivalent arg 'x-message-ttl' for queue '" + queue
                + "' in vhost '/': received the value '2000' of type 'signedint' but current is none",
                () -> connection.createChannel().queueDeclare(queue, false, false, false,
                        Map.of("x-queue-mode", "lazy", "x-message-ttl", 2000)));
        channelError(406, "PRECONDITION_FAILED - inequivalent arg 'x-queue-mode' for queue '" + queue
                + "' in vhost '/': received 'default' but current is 'lazy'",
                () -> connection.createChannel().queueDeclare(queue, false, false, false,
                        Map.of("x-queue-mode", "default")));
        channelError(406, "PRECONDITION_FAILED - inequivalent arg 'x-queue-mode' for queue '" + queue
                + "' in vhost '/': received none but current is the value 'lazy' of type 'longstr'",
                () -> connection.createChannel().queueDeclare(queue, false, false, false, null));
        channel.queueDelete(queue);
    }

    @Test
    void argumentTypesAreNamedAsRabbitMqNamesThem() throws Exception {
        Connection connection = connect(broker);
        Channel channel = connection.createChannel();
        String queue = uniqueName("int-args");
        channel.queueDeclare(queue, false, false, false, null);
        channelError(406, "PRECONDITION_FAILED - inequivalent arg 'x-expires' for queue '" + queue
                + "' in vhost '/': received the value '5' of type 'long' but current is none",
                () -> connection.createChannel().queueDeclare(queue, false, false, false, Map.of("x-expires", 5L)));
        channelError(406, "PRECONDITION_FAILED - inequivalent arg 'x-single-active-consumer' for queue '" + queue
                + "' in vhost '/': received the value 'true' of type 'bool' but current is none",
                () -> connection.createChannel().queueDeclare(queue, false, false, false,
                        Map.of("x-single-active-consumer", true)));
        channel.queueDelete(queue);
    }
}
