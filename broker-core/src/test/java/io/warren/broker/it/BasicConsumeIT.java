package io.warren.broker.it;

import static io.warren.broker.it.BasicClassSupport.assertChannelError;
import static io.warren.broker.it.BasicClassSupport.assertConnectionError;
import static io.warren.broker.it.BasicClassSupport.awaitReady;
import static io.warren.broker.it.BasicClassSupport.bytes;
import static io.warren.broker.it.BasicClassSupport.closedBy;
import static io.warren.broker.it.BasicClassSupport.publishConfirmed;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Command;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.ShutdownSignalException;
import io.warren.broker.it.BasicClassSupport.Delivery;
import io.warren.broker.it.BasicClassSupport.Recorder;
import io.warren.broker.testing.BrokerExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** basic.consume and basic.cancel: tags, exclusivity, ordering, round-robin, consumer priorities. */
class BasicConsumeIT {
    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    private static String queue(Channel channel, String prefix) throws Exception {
        String name = BrokerExtension.uniqueName(prefix);
        channel.queueDeclare(name, false, false, false, null);
        return name;
    }

    @Test
    void anEmptyTagIsReplacedByAServerGeneratedOne() throws Exception {
        Channel channel = broker.channel();
        String q = queue(channel, "ctag");
        Set<String> tags = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            String tag = channel.basicConsume(q, true, "", new DefaultConsumer(channel));
            assertThat(tag).matches("amq\\.ctag-[A-Za-z0-9_-]{22}");
            tags.add(tag);
        }
        assertThat(tags).hasSize(5);
        assertThat(channel.queueDeclarePassive(q).getConsumerCount()).isEqualTo(5);
        channel.queueDelete(q);
    }

    @Test
    void aClientChosenTagIsKept() throws Exception {
        Channel channel = broker.channel();
        String q = queue(channel, "ctag-own");
        assertThat(channel.basicConsume(q, true, "my-tag", new DefaultConsumer(channel))).isEqualTo("my-tag");
        channel.queueDelete(q);
    }

    @Test
    void reusingATagOnAChannelIsConnectionError530() throws Exception {
        Connection connection = broker.connect();
        Channel channel = connection.createChannel();
        String q = queue(channel, "ctag-dup");
        channel.basicConsume(q, true, "dup", new DefaultConsumer(channel));

        // The same tag on another channel is fine.
        Channel other = connection.createChannel();
        other.basicConsume(q, true, "dup", new DefaultConsumer(other));

        ShutdownSignalException signal = closedBy(channel,
                () -> channel.basicConsume(q, true, "dup", new DefaultConsumer(channel)));
        AMQP.Connection.Close close = assertConnectionError(signal, 530,
                "NOT_ALLOWED - attempt to reuse consumer tag 'dup'");
        assertThat(close.getClassId()).isEqualTo(60);
        assertThat(close.getMethodId()).isEqualTo(20);
        assertThat(connection.isOpen()).isFalse();
        broker.channel().queueDelete(q);
    }

    @Test
    void anExclusiveConsumerIsRefusedWhenOthersExist() throws Exception {
        Channel first = broker.channel();
        String q = queue(first, "excl-late");
        first.basicConsume(q, true, new DefaultConsumer(first));

        Connection connection = broker.connect();
        Channel second = connection.createChannel();
        ShutdownSignalException signal = closedBy(second,
                () -> second.basicConsume(q, true, "", false, true, null, new DefaultConsumer(second)));
        AMQP.Channel.Close close = assertChannelError(signal, 403,
                "ACCESS_REFUSED - queue '" + q + "' in vhost '/' in exclusive use");
        assertThat(close.getClassId()).isEqualTo(60);
        assertThat(close.getMethodId()).isEqualTo(20);
        assertThat(connection.isOpen()).isTrue();

        // The same channel as the existing consumer is refused too.
        ShutdownSignalException again = closedBy(first,
                () -> first.basicConsume(q, true, "", false, true, null, new DefaultConsumer(first)));
        assertChannelError(again, 403, "ACCESS_REFUSED - queue '" + q + "' in vhost '/' in exclusive use");
        broker.channel().queueDelete(q);
    }

    @Test
    void noOtherConsumerIsAllowedBesideAnExclusiveOne() throws Exception {
        Channel owner = broker.channel();
        String q = queue(owner, "excl-first");
        String tag = owner.basicConsume(q, true, "", false, true, null, new DefaultConsumer(owner));

        Channel other = broker.channel();
        ShutdownSignalException signal = closedBy(other,
                () -> other.basicConsume(q, true, new DefaultConsumer(other)));
        assertChannelError(signal, 403, "ACCESS_REFUSED - queue '" + q + "' in vhost '/' in exclusive use");

        Channel sameConnection = owner.getConnection().createChannel();
        ShutdownSignalException again = closedBy(sameConnection,
                () -> sameConnection.basicConsume(q, false, new DefaultConsumer(sameConnection)));
        assertChannelError(again, 403, "ACCESS_REFUSED - queue '" + q + "' in vhost '/' in exclusive use");

        // Once the exclusive consumer is cancelled, others may come.
        owner.basicCancel(tag);
        Channel later = broker.channel();
        later.basicConsume(q, true, new DefaultConsumer(later));
        later.queueDelete(q);
    }

    @Test
    void consumingFromAMissingQueueIs404() throws Exception {
        Channel channel = broker.channel();
        String missing = BrokerExtension.uniqueName("missing");
        ShutdownSignalException signal = closedBy(channel,
                () -> channel.basicConsume(missing, true, new DefaultConsumer(channel)));
        assertChannelError(signal, 404, "NOT_FOUND - no queue '" + missing + "' in vhost '/'");
    }

    @Test
    void aNoAckConsumerGetsEverythingAndLeavesNothingUnacked() throws Exception {
        Channel channel = broker.channel();
        String q = queue(channel, "noack");
        publishConfirmed(channel, q, "m", 50);
        Channel consumerChannel = broker.channel();
        Recorder recorder = new Recorder(consumerChannel);
        consumerChannel.basicQos(1); // ignored for no-ack consumers
        consumerChannel.basicConsume(q, true, recorder);
        List<Delivery> got = recorder.next(50);
        assertThat(got).extracting(Delivery::text).containsExactly(expected("m", 50));
        assertThat(got).noneMatch(Delivery::redelivered);
        consumerChannel.close();
        assertThat(channel.queueDeclarePassive(q).getMessageCount()).as("nothing comes back").isZero();
        channel.queueDelete(q);
    }

    @Test
    void oneConsumerGetsMessagesInPublishOrder() throws Exception {
        Channel channel = broker.channel();
        String q = queue(channel, "order");
        Channel consumerChannel = broker.channel();
        Recorder recorder = new Recorder(consumerChannel);
        consumerChannel.basicConsume(q, false, recorder);
        publishConfirmed(channel, q, "m", 500);
        List<Delivery> got = recorder.next(500);
        assertThat(got).extracting(Delivery::text).containsExactly(expected("m", 500));
        List<Long> tags = got.stream().map(Delivery::tag).toList();
        for (int i = 0; i < tags.size(); i++) {
            assertThat(tags.get(i)).as("delivery tags count from 1").isEqualTo(i + 1L);
        }
        consumerChannel.basicAck(500, true);
        awaitReady(channel, q, 0);
        channel.queueDelete(q);
    }

    @Test
    void consumersOfEqualPriorityShareRoundRobin() throws Exception {
        Channel channel = broker.channel();
        String q = queue(channel, "rr");
        List<Recorder> recorders = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Channel c = broker.channel();
            Recorder r = new Recorder(c);
            c.basicConsume(q, true, r);
            recorders.add(r);
        }
        publishConfirmed(channel, q, "m", 30);
        List<List<Integer>> seen = new ArrayList<>();
        for (Recorder r : recorders) {
            List<Integer> numbers = r.next(10).stream().map(d -> Integer.parseInt(d.text().substring(1))).toList();
            assertThat(numbers).isSorted();
            seen.add(numbers);
        }
        for (Recorder r : recorders) {
            r.assertNothingFor(50);
        }
        // Strict rotation: each consumer takes every third message.
        for (List<Integer> numbers : seen) {
            for (int i = 1; i < numbers.size(); i++) {
                assertThat(numbers.get(i) - numbers.get(i - 1)).isEqualTo(3);
            }
        }
        channel.queueDelete(q);
    }

    @Test
    void aHigherPriorityConsumerWithRoomGetsEverything() throws Exception {
        Channel channel = broker.channel();
        String q = queue(channel, "prio-all");
        Channel lowChannel = broker.channel();
        Recorder low = new Recorder(lowChannel);
        lowChannel.basicConsume(q, true, "low", false, false, Map.of("x-priority", -5), low);
        Channel highChannel = broker.channel();
        Recorder high = new Recorder(highChannel);
        highChannel.basicConsume(q, true, "high", false, false, Map.of("x-priority", 10), high);
        Channel midChannel = broker.channel();
        Recorder mid = new Recorder(midChannel);
        midChannel.basicConsume(q, true, "mid", false, false, Map.of("x-priority", 1L), mid);

        publishConfirmed(channel, q, "m", 40);
        assertThat(high.next(40)).extracting(Delivery::text).containsExactly(expected("m", 40));
        mid.assertNothingFor(50);
        low.assertNothingFor(0);
        channel.queueDelete(q);
    }

    @Test
    void lowerPriorityConsumersGetMessagesOnlyWhileTheHigherOneIsFull() throws Exception {
        Channel channel = broker.channel();
        String q = queue(channel, "prio-full");
        Channel highChannel = broker.channel();
        highChannel.basicQos(3);
        Recorder high = new Recorder(highChannel);
        highChannel.basicConsume(q, false, "high", false, false, Map.of("x-priority", 5), high);
        Channel lowChannel = broker.channel();
        lowChannel.basicQos(100);
        Recorder low = new Recorder(lowChannel);
        lowChannel.basicConsume(q, false, "low", false, false, Map.of(), low);

        publishConfirmed(channel, q, "a", 10);
        List<Delivery> toHigh = high.next(3);
        assertThat(toHigh).extracting(Delivery::text).containsExactly("a0", "a1", "a2");
        List<Delivery> toLow = low.next(7);
        assertThat(toLow).extracting(Delivery::text).containsExactly("a3", "a4", "a5", "a6", "a7", "a8", "a9");
        high.assertNothingFor(50);

        // The high one has room again: new messages go to it, up to its limit.
        highChannel.basicAck(toHigh.get(2).tag(), true);
        highChannel.queueDeclarePassive(q); // a round trip: the acks reached the queue before what follows
        publishConfirmed(channel, q, "b", 4);
        assertThat(high.next(3)).extracting(Delivery::text).containsExactly("b0", "b1", "b2");
        assertThat(low.next()).extracting(Delivery::text).isEqualTo("b3");
        channel.queueDelete(q);
    }

    @Test
    void aStringXPriorityIs406() throws Exception {
        Channel channel = broker.channel();
        String q = queue(channel, "prio-bad");
        ShutdownSignalException signal = closedBy(channel, () -> channel.basicConsume(q, true, "", false, false,
                Map.of("x-priority", "high"), new DefaultConsumer(channel)));
        AMQP.Channel.Close close = assertChannelError(signal, 406, "PRECONDITION_FAILED - invalid arg 'x-priority' for"
                + " queue '" + q + "' in vhost '/': \"expected integer, got longstr\"");
        assertThat(close.getClassId()).isEqualTo(60);
        assertThat(close.getMethodId()).isEqualTo(20);
        Channel check = broker.channel();
        assertThat(check.queueDeclarePassive(q).getConsumerCount()).isZero();
        check.queueDelete(q);
    }

    @Test
    void cancelStopsDeliveriesAndAnswersCancelOk() throws Exception {
        Channel channel = broker.channel();
        String q = queue(channel, "cancel");
        Channel consumerChannel = broker.channel();
        CompletableFuture<String> cancelOk = new CompletableFuture<>();
        Recorder recorder = new Recorder(consumerChannel) {
            @Override
            public void handleCancelOk(String consumerTag) {
                cancelOk.complete(consumerTag);
            }
        };
        String tag = consumerChannel.basicConsume(q, false, recorder);
        publishConfirmed(channel, q, "a", 5);
        List<Delivery> before = recorder.next(5);
        consumerChannel.basicCancel(tag);
        assertThat(cancelOk.get(5, TimeUnit.SECONDS)).isEqualTo(tag);
        assertThat(channel.queueDeclarePassive(q).getConsumerCount()).isZero();

        channel.basicPublish("", q, null, bytes("after"));
        recorder.assertNothingFor(100);
        awaitReady(channel, q, 1);

        // Deliveries of a cancelled consumer can still be settled.
        consumerChannel.basicAck(before.get(1).tag(), false);
        consumerChannel.basicNack(before.get(4).tag(), false, true);
        awaitReady(channel, q, 2);
        assertThat(consumerChannel.isOpen()).isTrue();
        channel.queueDelete(q);
    }

    @Test
    void cancellingAnUnknownTagIsAnsweredWithCancelOk() throws Exception {
        Channel channel = broker.channel();
        Command reply = channel.rpc(new AMQP.Basic.Cancel.Builder().consumerTag("never-used").build());
        assertThat(reply.getMethod()).isInstanceOf(AMQP.Basic.CancelOk.class);
        assertThat(((AMQP.Basic.CancelOk) reply.getMethod()).getConsumerTag()).isEqualTo("never-used");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void deletingTheQueueCancelsItsConsumers() throws Exception {
        Channel channel = broker.channel();
        String q = queue(channel, "cancel-notify");
        Channel consumerChannel = broker.channel();
        Recorder recorder = new Recorder(consumerChannel);
        String tag = consumerChannel.basicConsume(q, true, recorder);
        channel.queueDelete(q);
        assertThat(recorder.cancelled.get(5, TimeUnit.SECONDS)).isEqualTo(tag);
        assertThat(consumerChannel.isOpen()).isTrue();
    }

    @Test
    void messagesAlreadyWaitingFollowConsumeOk() throws Exception {
        Channel channel = broker.channel();
        String q = queue(channel, "backlog");
        publishConfirmed(channel, q, "m", 200);
        Channel consumerChannel = broker.channel();
        Recorder recorder = new Recorder(consumerChannel);
        consumerChannel.basicConsume(q, true, "backlog-tag", recorder);
        assertThat(recorder.next(200)).extracting(Delivery::consumerTag).containsOnly("backlog-tag");
        channel.queueDelete(q);
    }

    static String[] expected(String prefix, int n) {
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = prefix + i;
        }
        return out;
    }

    @Test
    void aCancelledTagCanBeUsedAgain() throws Exception {
        Channel channel = broker.channel();
        String q = queue(channel, "ctag-again");
        channel.basicConsume(q, true, "again", new DefaultConsumer(channel));
        channel.basicCancel("again");
        Recorder recorder = new Recorder(channel);
        assertThat(channel.basicConsume(q, true, "again", recorder)).isEqualTo("again");
        channel.basicPublish("", q, null, bytes("x"));
        assertThat(recorder.next().consumerTag()).isEqualTo("again");
        channel.queueDelete(q);
    }

    @Test
    void aFloatingPointXPriorityIs406() throws Exception {
        Channel channel = broker.channel();
        String q = queue(channel, "prio-double");
        ShutdownSignalException signal = closedBy(channel, () -> channel.basicConsume(q, true, "", false, false,
                Map.of("x-priority", 1.5d), new DefaultConsumer(channel)));
        assertChannelError(signal, 406, "PRECONDITION_FAILED - invalid arg 'x-priority' for queue '" + q
                + "' in vhost '/': \"expected integer, got double\"");

        Channel again = broker.channel();
        Map<String, Object> voidValue = new HashMap<>();
        voidValue.put("x-priority", null);
        ShutdownSignalException voidSignal = closedBy(again, () -> again.basicConsume(q, true, "", false, false,
                voidValue, new DefaultConsumer(again)));
        assertChannelError(voidSignal, 406, "PRECONDITION_FAILED - invalid arg 'x-priority' for queue '" + q
                + "' in vhost '/': \"expected integer, got void\"");
        broker.channel().queueDelete(q);
    }

    @Test
    void closingTheExclusiveConsumersChannelLetsOthersIn() throws Exception {
        Channel owner = broker.channel();
        String q = queue(owner, "excl-closed");
        owner.basicConsume(q, false, "", false, true, null, new DefaultConsumer(owner));
        owner.close();
        Channel next = broker.channel();
        next.basicConsume(q, false, "", false, true, null, new DefaultConsumer(next));
        assertThat(next.queueDeclarePassive(q).getConsumerCount()).isEqualTo(1);
        next.queueDelete(q);
    }

    @Test
    void aReopenedChannelNumberStartsAfresh() throws Exception {
        Connection connection = broker.connect();
        Channel setup = connection.createChannel();
        String q = queue(setup, "reopen");
        publishConfirmed(setup, q, "m", 3);
        Channel first = connection.createChannel(7);
        Recorder old = new Recorder(first);
        first.basicConsume(q, false, "same", old);
        assertThat(old.next(3)).extracting(Delivery::tag).containsExactly(1L, 2L, 3L);
        first.close();

        Channel again = connection.createChannel(7);
        Recorder recorder = new Recorder(again);
        again.basicConsume(q, false, "same", recorder);
        List<Delivery> got = recorder.next(3);
        assertThat(got).extracting(Delivery::tag).containsExactly(1L, 2L, 3L);
        assertThat(got).extracting(Delivery::text).containsExactly("m0", "m1", "m2");
        assertThat(got).allMatch(Delivery::redelivered);
        again.basicAck(3, true);
        again.queueDeclarePassive(q);
        assertThat(again.isOpen()).isTrue();
        old.assertNothingFor(0);
        setup.queueDelete(q);
    }

    static String lockedText(String q) {
        return "RESOURCE_LOCKED - cannot obtain exclusive access to locked queue '" + q + "' in vhost '/'. It could be"
                + " originally declared on another connection or the exclusive property value does not match that"
                + " of the original declaration.";
    }

    @Test
    void consumingFromAnotherConnectionsExclusiveQueueIs405() throws Exception {
        Channel owner = broker.channel();
        String q = BrokerExtension.uniqueName("exclusive-q");
        owner.queueDeclare(q, false, true, false, null);
        Channel other = broker.channel();
        ShutdownSignalException signal = closedBy(other,
                () -> other.basicConsume(q, true, new DefaultConsumer(other)));
        AMQP.Channel.Close close = assertChannelError(signal, 405, lockedText(q));
        assertThat(close.getMethodId()).isEqualTo(20);
        // The owner may consume, and anyone may publish to it.
        Recorder recorder = new Recorder(owner);
        owner.basicConsume(q, true, recorder);
        Channel publisher = broker.channel();
        publisher.confirmSelect();
        publisher.basicPublish("", q, null, bytes("to the owner"));
        publisher.waitForConfirmsOrDie(5000);
        assertThat(recorder.next().text()).isEqualTo("to the owner");
    }

    @Test
    void cancelOnHaFailoverMustBeABoolean() throws Exception {
        Channel channel = broker.channel();
        String q = queue(channel, "ha-failover");
        channel.basicConsume(q, true, "", false, false, Map.of("x-cancel-on-ha-failover", true),
                new DefaultConsumer(channel));
        ShutdownSignalException signal = closedBy(channel, () -> channel.basicConsume(q, true, "", false, false,
                Map.of("x-cancel-on-ha-failover", "yes"), new DefaultConsumer(channel)));
        assertChannelError(signal, 406, "PRECONDITION_FAILED - invalid arg 'x-cancel-on-ha-failover' for queue '" + q
                + "' in vhost '/': {unacceptable_type,longstr}");

        Channel again = broker.channel();
        Map<String, Object> voidValue = new HashMap<>();
        voidValue.put("x-cancel-on-ha-failover", null);
        ShutdownSignalException voidSignal = closedBy(again, () -> again.basicConsume(q, true, "", false, false,
                voidValue, new DefaultConsumer(again)));
        assertChannelError(voidSignal, 406, "PRECONDITION_FAILED - invalid arg 'x-cancel-on-ha-failover' for queue '"
                + q + "' in vhost '/': {unacceptable_type,void}");
        broker.channel().queueDelete(q);
    }
}
