package io.warren.broker.it;

import static io.warren.broker.it.ClientSupport.channel;
import static io.warren.broker.it.ClientSupport.channelError;
import static io.warren.broker.it.ClientSupport.connect;
import static io.warren.broker.it.ClientSupport.connectionError;
import static io.warren.broker.it.ClientSupport.drain;
import static io.warren.broker.it.ClientSupport.eventually;
import static io.warren.broker.it.ClientSupport.exchangeExists;
import static io.warren.broker.it.ClientSupport.publish;
import static io.warren.broker.testing.BrokerExtension.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.warren.broker.testing.BrokerExtension;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** exchange.declare and exchange.delete as a RabbitMQ client sees them: flags, names, equivalence, errors. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ExchangeDeclareIT {
    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    @ParameterizedTest
    @ValueSource(strings = {"direct", "fanout", "topic", "headers"})
    void declaresEachBuiltInTypeAndFindsItPassively(String type) throws Exception {
        Channel channel = channel(broker);
        String name = uniqueName("x-" + type);
        assertThat(channel.exchangeDeclare(name, type)).isNotNull();
        assertThat(channel.exchangeDeclarePassive(name)).isNotNull();
        // Re-declaring with identical properties is fine.
        channel.exchangeDeclare(name, type);
        channel.exchangeDelete(name);
        assertThat(exchangeExists(channel.getConnection(), name)).isFalse();
    }

    @Test
    void passiveDeclareOfAMissingExchangeIsNotFound() throws Exception {
        Channel channel = channel(broker);
        String name = uniqueName("missing");
        AMQP.Channel.Close close = channelError(404, "NOT_FOUND - no exchange '" + name + "' in vhost '/'",
                () -> channel.exchangeDeclarePassive(name));
        assertThat(close.getClassId()).isEqualTo(40);
        assertThat(close.getMethodId()).isEqualTo(10);
        assertThat(channel.getConnection().isOpen()).isTrue();
    }

    @Test
    void passiveDeclareChecksNeitherTypeNorFlags() throws Exception {
        Channel channel = channel(broker);
        String name = uniqueName("x");
        channel.exchangeDeclare(name, "topic", true, false, false, Map.of());
        // The Java client's passive declare sends an empty type; a raw passive declare with an
        // unknown type and other flags must succeed too.
        channel.exchangeDeclarePassive(name);
        channel.rpc(new AMQP.Exchange.Declare.Builder().exchange(name).type("no-such-type").passive(true)
                .durable(false).autoDelete(true).build());
        channel.exchangeDeclarePassive(name);
    }

    @Test
    void passiveDeclareOfTheDefaultExchangeIsRefused() throws Exception {
        Channel channel = channel(broker);
        channelError(403, "ACCESS_REFUSED - operation not permitted on the default exchange",
                () -> channel.exchangeDeclarePassive(""));
    }

    @Test
    void durableAutoDeleteAndInternalFlagsAreKeptAndCompared() throws Exception {
        Connection connection = connect(broker);
        Channel channel = connection.createChannel();
        String name = uniqueName("flags");
        channel.exchangeDeclare(name, "direct", true, true, true, Map.of());
        channel.exchangeDeclare(name, "direct", true, true, true, Map.of());
        String prefix = "PRECONDITION_FAILED - inequivalent arg '";
        String resource = "' for exchange '" + name + "' in vhost '/': ";
        channelError(406, prefix + "durable" + resource + "received 'false' but current is 'true'",
                () -> connection.createChannel().exchangeDeclare(name, "direct", false, true, true, Map.of()));
        channelError(406, prefix + "auto_delete" + resource + "received 'false' but current is 'true'",
                () -> connection.createChannel().exchangeDeclare(name, "direct", true, false, true, Map.of()));
        channelError(406, prefix + "internal" + resource + "received 'false' but current is 'true'",
                () -> connection.createChannel().exchangeDeclare(name, "direct", true, true, false, Map.of()));
    }

    @Test
    void redeclaringWithAnotherTypeIsInequivalent() throws Exception {
        Channel channel = channel(broker);
        String name = uniqueName("typed");
        channel.exchangeDeclare(name, "direct");
        AMQP.Channel.Close close = channelError(406, "PRECONDITION_FAILED - inequivalent arg 'type' for exchange '"
                + name + "' in vhost '/': received 'fanout' but current is 'direct'",
                () -> channel.exchangeDeclare(name, "fanout"));
        assertThat(close.getClassId()).isEqualTo(40);
        assertThat(close.getMethodId()).isEqualTo(10);
    }

    @Test
    void typeIsComparedBeforeTheFlags() throws Exception {
        Channel channel = channel(broker);
        String name = uniqueName("order");
        channel.exchangeDeclare(name, "direct", false, false, false, Map.of());
        channelError(406, "PRECONDITION_FAILED - inequivalent arg 'type' for exchange '" + name
                + "' in vhost '/': received 'topic' but current is 'direct'",
                () -> channel.exchangeDeclare(name, "topic", true, true, true, Map.of()));
    }

    @Test
    void alternateExchangeArgumentTakesPartInEquivalence() throws Exception {
        Connection connection = connect(broker);
        Channel channel = connection.createChannel();
        String name = uniqueName("with-ae");
        String plain = uniqueName("without-ae");
        channel.exchangeDeclare(name, "direct", false, false, false, Map.of("alternate-exchange", "ae1"));
        channel.exchangeDeclare(plain, "direct");
        String head = "PRECONDITION_FAILED - inequivalent arg 'alternate-exchange' for exchange '";
        channelError(406, head + name + "' in vhost '/': received none but current is the value 'ae1' of type 'longstr'",
                () -> connection.createChannel().exchangeDeclare(name, "direct"));
        channelError(406, head + name + "' in vhost '/': received 'ae2' but current is 'ae1'",
                () -> connection.createChannel().exchangeDeclare(name, "direct", false, false, false,
                        Map.of("alternate-exchange", "ae2")));
        channelError(406, head + plain + "' in vhost '/': received the value 'ae' of type 'longstr' but current is none",
                () -> connection.createChannel().exchangeDeclare(plain, "direct", false, false, false,
                        Map.of("alternate-exchange", "ae")));
        // The same AE is fine; other arguments are never compared.
        channel.exchangeDeclare(name, "direct", false, false, false, Map.of("alternate-exchange", "ae1"));
        channel.exchangeDeclare(name, "direct", false, false, false,
                Map.of("alternate-exchange", "ae1", "x-whatever", 42));
        channel.exchangeDeclare(plain, "direct", false, false, false, Map.of("x-whatever", "yes"));
    }

    @Test
    void alternateExchangeOfAnotherTypeOnRedeclareShowsBothRawValues() throws Exception {
        // rabbit_misc:assert_args_equivalence1: both present but of different type classes ->
        // assert_field_equivalence(OrigVal, NewVal) -> "received '<new>' but current is '<orig>'".
        Channel channel = channel(broker);
        String name = uniqueName("ae-type");
        channel.exchangeDeclare(name, "direct", false, false, false, Map.of("alternate-exchange", "ae1"));
        channelError(406, "PRECONDITION_FAILED - inequivalent arg 'alternate-exchange' for exchange '" + name
                + "' in vhost '/': received '5' but current is 'ae1'",
                () -> channel.exchangeDeclare(name, "direct", false, false, false, Map.of("alternate-exchange", 5L)));
    }

    @Test
    void alternateExchangeMustBeAStringWhenCreating() throws Exception {
        Channel channel = channel(broker);
        String name = uniqueName("bad-ae");
        channelError(406, "PRECONDITION_FAILED - invalid type 'long' for arg 'alternate-exchange' in exchange '"
                + name + "' in vhost '/'",
                () -> channel.exchangeDeclare(name, "direct", false, false, false, Map.of("alternate-exchange", 7L)));
        assertThat(exchangeExists(channel.getConnection(), name)).isFalse();
    }

    @Test
    void unknownTypeIsAConnectionError() throws Exception {
        Connection connection = connect(broker);
        Channel channel = connection.createChannel();
        String name = uniqueName("weird");
        AMQP.Connection.Close close = connectionError(503, "COMMAND_INVALID - unknown exchange type 'x-no-such-type'",
                () -> channel.exchangeDeclare(name, "x-no-such-type"));
        assertThat(close.getClassId()).isEqualTo(40);
        assertThat(close.getMethodId()).isEqualTo(10);
        assertThat(connection.isOpen()).isFalse();
        assertThat(exchangeExists(connect(broker), name)).isFalse();
    }

    @Test
    void unknownTypeIsCheckedEvenWhenTheExchangeExists() throws Exception {
        Channel setup = channel(broker);
        String name = uniqueName("exists");
        setup.exchangeDeclare(name, "direct");
        Channel channel = channel(broker);
        connectionError(503, "COMMAND_INVALID - unknown exchange type 'nope'",
                () -> channel.exchangeDeclare(name, "nope"));
        setup.exchangeDeclarePassive(name);
    }

    @Test
    void typeIsCheckedBeforeTheDefaultExchangeName() throws Exception {
        Channel channel = channel(broker);
        connectionError(503, "COMMAND_INVALID - unknown exchange type 'nope'", () -> channel.exchangeDeclare("", "nope"));
    }

    @Test
    void predeclaredExchangesExistWithTheirTypes() throws Exception {
        Connection connection = connect(broker);
        Channel channel = connection.createChannel();
        for (String name : new String[] {"amq.direct", "amq.fanout", "amq.topic", "amq.headers", "amq.match"}) {
            channel.exchangeDeclarePassive(name);
        }
        // Re-declaring them with their own properties is allowed, despite the reserved prefix.
        channel.exchangeDeclare("amq.direct", "direct", true);
        channel.exchangeDeclare("amq.fanout", "fanout", true);
        channel.exchangeDeclare("amq.topic", "topic", true);
        channel.exchangeDeclare("amq.headers", "headers", true);
        channel.exchangeDeclare("amq.match", "headers", true);
        channelError(406, "PRECONDITION_FAILED - inequivalent arg 'type' for exchange 'amq.match' in vhost '/':"
                + " received 'topic' but current is 'headers'",
                () -> connection.createChannel().exchangeDeclare("amq.match", "topic", true));
        channelError(406, "PRECONDITION_FAILED - inequivalent arg 'durable' for exchange 'amq.direct' in vhost '/':"
                + " received 'false' but current is 'true'",
                () -> connection.createChannel().exchangeDeclare("amq.direct", "direct", false));
    }

    @Test
    void newExchangeNamesMustNotStartWithAmq() throws Exception {
        Channel channel = channel(broker);
        String name = "amq." + uniqueName("mine");
        channelError(403, "ACCESS_REFUSED - exchange name '" + name + "' contains reserved prefix 'amq.*'",
                () -> channel.exchangeDeclare(name, "direct"));
        assertThat(exchangeExists(channel.getConnection(), name)).isFalse();
    }

    @Test
    void theDefaultExchangeCannotBeDeclaredOrDeleted() throws Exception {
        Connection connection = connect(broker);
        channelError(403, "ACCESS_REFUSED - operation not permitted on the default exchange",
                () -> connection.createChannel().exchangeDeclare("", "direct", true));
        channelError(403, "ACCESS_REFUSED - operation not permitted on the default exchange",
                () -> connection.createChannel().exchangeDelete(""));
    }

    @Test
    void systemExchangesCannotBeDeleted() throws Exception {
        Connection connection = connect(broker);
        AMQP.Channel.Close close = channelError(403,
                "ACCESS_REFUSED - deletion of system exchange 'amq.direct' in vhost '/' not allowed",
                () -> connection.createChannel().exchangeDelete("amq.direct"));
        assertThat(close.getClassId()).isEqualTo(40);
        assertThat(close.getMethodId()).isEqualTo(20);
        channelError(403, "ACCESS_REFUSED - deletion of system exchange 'amq.no-such' in vhost '/' not allowed",
                () -> connection.createChannel().exchangeDelete("amq.no-such"));
        connection.createChannel().exchangeDeclarePassive("amq.direct");
    }

    @Test
    void deletingAMissingExchangeSucceeds() throws Exception {
        Channel channel = channel(broker);
        channel.exchangeDelete(uniqueName("never-there"));
        channel.exchangeDelete(uniqueName("never-there"), true);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void deleteIfUnusedRefusesAnExchangeWithBindings() throws Exception {
        Connection connection = connect(broker);
        Channel channel = connection.createChannel();
        String name = uniqueName("used");
        channel.exchangeDeclare(name, "fanout");
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, name, "");
        AMQP.Channel.Close close = channelError(406,
                "PRECONDITION_FAILED - exchange '" + name + "' in vhost '/' in use",
                () -> connection.createChannel().exchangeDelete(name, true));
        assertThat(close.getClassId()).isEqualTo(40);
        assertThat(close.getMethodId()).isEqualTo(20);
        assertThat(exchangeExists(connection, name)).isTrue();
        channel.queueUnbind(queue, name, "");
        channel.exchangeDelete(name, true);
        assertThat(exchangeExists(connection, name)).isFalse();
    }

    @Test
    void deleteIfUnusedIgnoresBindingsWhereTheExchangeIsOnlyTheDestination() throws Exception {
        Connection connection = connect(broker);
        Channel channel = connection.createChannel();
        String source = uniqueName("src");
        String destination = uniqueName("dst");
        channel.exchangeDeclare(source, "fanout");
        channel.exchangeDeclare(destination, "fanout");
        channel.exchangeBind(destination, source, "");
        channel.exchangeDelete(destination, true);
        assertThat(exchangeExists(connection, destination)).isFalse();
    }

    @Test
    void deletingAnExchangeRemovesItsBindings() throws Exception {
        Channel channel = channel(broker);
        String name = uniqueName("gone");
        channel.exchangeDeclare(name, "fanout");
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, name, "");
        channel.exchangeDelete(name);
        channel.exchangeDeclare(name, "fanout");
        publish(channel, name, "", "after");
        assertThat(drain(channel, queue)).isEmpty();
    }

    @Test
    void autoDeleteExchangeGoesWithItsLastBinding() throws Exception {
        Connection connection = connect(broker);
        Channel channel = connection.createChannel();
        String name = uniqueName("auto");
        channel.exchangeDeclare(name, "direct", false, true, Map.of());
        String q1 = channel.queueDeclare().getQueue();
        String q2 = channel.queueDeclare().getQueue();
        channel.queueBind(q1, name, "a");
        channel.queueBind(q2, name, "b");
        channel.queueUnbind(q1, name, "a");
        assertThat(exchangeExists(connection, name)).isTrue();
        channel.queueUnbind(q2, name, "b");
        assertThat(exchangeExists(connection, name)).isFalse();
    }

    @Test
    void autoDeleteExchangeGoesWhenItsLastBoundQueueIsDeleted() throws Exception {
        Connection connection = connect(broker);
        Channel channel = connection.createChannel();
        String name = uniqueName("auto-q");
        channel.exchangeDeclare(name, "fanout", false, true, Map.of());
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, name, "");
        channel.queueDelete(queue);
        assertThat(exchangeExists(connection, name)).isFalse();
    }

    @Test
    void autoDeleteExchangeGoesWhenItsExclusiveQueueOwnerDisconnects() throws Exception {
        Connection owner = connect(broker);
        Channel channel = owner.createChannel();
        String name = uniqueName("auto-excl");
        channel.exchangeDeclare(name, "fanout", false, true, Map.of());
        channel.queueBind(channel.queueDeclare().getQueue(), name, "");
        owner.close();
        Connection other = connect(broker);
        eventually("the auto-delete exchange is gone", () -> !exchangeExists(other, name));
    }

    @Test
    void autoDeleteExchangeThatWasNeverBoundStays() throws Exception {
        Connection connection = connect(broker);
        Channel channel = connection.createChannel();
        String name = uniqueName("auto-unbound");
        channel.exchangeDeclare(name, "topic", false, true, Map.of());
        publish(channel, name, "k", "m");
        assertThat(exchangeExists(connection, name)).isTrue();
        // A binding where it is only the destination does not make it a source.
        String other = uniqueName("src");
        channel.exchangeDeclare(other, "fanout");
        channel.exchangeBind(name, other, "");
        channel.exchangeUnbind(name, other, "");
        assertThat(exchangeExists(connection, name)).isTrue();
    }

    @Test
    void publishingToAnInternalExchangeIsRefused() throws Exception {
        Channel channel = channel(broker);
        String name = uniqueName("internal");
        channel.exchangeDeclare(name, "fanout", false, false, true, Map.of());
        AMQP.Channel.Close close = channelError(403,
                "ACCESS_REFUSED - cannot publish to internal exchange '" + name + "' in vhost '/'", () -> {
                    publish(channel, name, "", "nope");
                    channel.basicQos(1); // a round trip, to receive the close
                });
        assertThat(close.getClassId()).isEqualTo(60);
        assertThat(close.getMethodId()).isEqualTo(40);
    }

    @Test
    void internalExchangeRoutesWhatReachesItThroughExchangeBindings() throws Exception {
        Channel channel = channel(broker);
        String front = uniqueName("front");
        String internal = uniqueName("internal");
        channel.exchangeDeclare(front, "direct");
        channel.exchangeDeclare(internal, "topic", false, false, true, Map.of());
        channel.exchangeBind(internal, front, "orders.eu");
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, internal, "orders.*");
        publish(channel, front, "orders.eu", "m1");
        publish(channel, front, "orders.us", "m2");
        assertThat(drain(channel, queue)).containsExactly("m1");
    }

    @Test
    void channelStaysUsableAfterSuccessfulDeclarations() throws Exception {
        Channel channel = channel(broker);
        for (int i = 0; i < 20; i++) {
            String name = uniqueName("many-" + i);
            channel.exchangeDeclare(name, i % 2 == 0 ? "direct" : "topic", i % 3 == 0);
            channel.exchangeDelete(name);
        }
        assertThat(channel.isOpen()).isTrue();
    }
}
