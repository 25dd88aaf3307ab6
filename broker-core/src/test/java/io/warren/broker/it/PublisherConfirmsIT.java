package io.warren.broker.it;

import static io.warren.broker.it.BasicClassSupport.assertChannelError;
import static io.warren.broker.it.BasicClassSupport.awaitReady;
import static io.warren.broker.it.BasicClassSupport.bytes;
import static io.warren.broker.it.BasicClassSupport.closedBy;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.MessageProperties;
import com.rabbitmq.client.ShutdownSignalException;
import io.warren.broker.testing.BrokerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Publisher confirms: select, sequence numbers, acks for routed and unroutable messages, mode clashes. */
class PublisherConfirmsIT {
    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    /** Records acks and nacks as the client sees them, in order. */
    private static final class Confirms implements ConfirmListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<long[]> acks = new CopyOnWriteArrayList<>();
        final List<Long> nacks = new CopyOnWriteArrayList<>();

        @Override
        public void handleAck(long deliveryTag, boolean multiple) {
            acks.add(new long[] {deliveryTag, multiple ? 1 : 0});
            events.add("ack " + deliveryTag);
        }

        @Override
        public void handleNack(long deliveryTag, boolean multiple) {
            nacks.add(deliveryTag);
            events.add("nack " + deliveryTag);
        }

        /** The sequence numbers the acks cover, expanding multiple=true. */
        TreeSet<Long> confirmed() {
            TreeSet<Long> out = new TreeSet<>();
            long previous = 0;
            for (long[] ack : acks) {
                assertThat(ack[0]).as("ack tags only grow").isGreaterThan(previous);
                if (ack[1] == 1) {
                    for (long t = previous + 1; t <= ack[0]; t++) {
                        out.add(t);
                    }
                } else {
                    out.add(ack[0]);
                }
                previous = ack[0];
            }
            return out;
        }

        long highest() {
            return acks.isEmpty() ? 0 : acks.get(acks.size() - 1)[0];
        }
    }

    private static String queue(Channel channel, String prefix) throws Exception {
        String name = BrokerExtension.uniqueName(prefix);
        channel.queueDeclare(name, false, false, true, null);
        return name;
    }

    @Test
    void everyPublishIsConfirmedWithTagsOneToN() throws Exception {
        Channel channel = broker.channel();
        String q = queue(channel, "confirm-all");
        Confirms confirms = new Confirms();
        channel.addConfirmListener(confirms);
        assertThat(channel.confirmSelect()).isNotNull();
        int n = 2000;
        for (int i = 0; i < n; i++) {
            assertThat(channel.getNextPublishSeqNo()).isEqualTo(i + 1L);
            channel.basicPublish("", q, null, bytes("m" + i));
        }
        channel.waitForConfirmsOrDie(5000);
        BasicClassSupport.await(() -> confirms.highest() == n, "the last ack");
        TreeSet<Long> confirmed = confirms.confirmed();
        assertThat(confirmed).hasSize(n);
        assertThat(confirmed.first()).isEqualTo(1L);
        assertThat(confirmed.last()).isEqualTo((long) n);
        assertThat(confirms.nacks).isEmpty();
        awaitReady(channel, q, n);
    }

    @Test
    void confirmsCountOnlyFromSelectAndPerChannel() throws Exception {
        Connection connection = broker.connect();
        Channel a = connection.createChannel();
        Channel b = connection.createChannel();
        String q = queue(a, "confirm-per-channel");
        a.basicPublish("", q, null, bytes("before select"));
        Confirms confirmsA = new Confirms();
        Confirms confirmsB = new Confirms();
        a.addConfirmListener(confirmsA);
        b.addConfirmListener(confirmsB);
        a.confirmSelect();
        a.confirmSelect(); // repeating it is fine
        b.confirmSelect();
        for (int i = 0; i < 3; i++) {
            a.basicPublish("", q, null, bytes("a" + i));
        }
        b.basicPublish("", q, null, bytes("b0"));
        a.waitForConfirmsOrDie(5000);
        b.waitForConfirmsOrDie(5000);
        BasicClassSupport.await(() -> confirmsA.highest() == 3 && confirmsB.highest() == 1, "acks");
        assertThat(confirmsA.confirmed()).containsExactly(1L, 2L, 3L);
        assertThat(confirmsB.confirmed()).containsExactly(1L);
        awaitReady(a, q, 5);
    }

    @Test
    void confirmSelectNowaitGetsNoReplyButConfirmsStill() throws Exception {
        Channel channel = broker.channel();
        String q = queue(channel, "confirm-nowait");
        Confirms confirms = new Confirms();
        channel.addConfirmListener(confirms);
        channel.asyncRpc(new AMQP.Confirm.Select.Builder().nowait(true).build());
        channel.basicPublish("", q, null, bytes("x"));
        channel.basicPublish("", q, null, bytes("y"));
        // Had the broker answered select-ok, the client would fail on an unexpected reply here.
        channel.queueDeclarePassive(q);
        BasicClassSupport.await(() -> confirms.highest() == 2, "acks for both");
        assertThat(confirms.confirmed()).containsExactly(1L, 2L);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void unroutableMessagesAreAckedAndMandatoryOnesReturnedFirst() throws Exception {
        Channel channel = broker.channel();
        String exchange = BrokerExtension.uniqueName("confirm-x");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.DIRECT, false, true, null);
        String q = queue(channel, "confirm-routed");
        channel.queueBind(q, exchange, "routed");
        Confirms confirms = new Confirms();
        channel.addConfirmListener(confirms);
        channel.addReturnListener(r -> confirms.events.add("return " + r.getRoutingKey()));
        channel.confirmSelect();

        channel.basicPublish(exchange, "nowhere", false, null, bytes("dropped"));
        channel.waitForConfirmsOrDie(5000);
        channel.basicPublish(exchange, "lost", true, null, bytes("returned"));
        channel.waitForConfirmsOrDie(5000);
        channel.basicPublish(exchange, "routed", true, null, bytes("kept"));
        channel.waitForConfirmsOrDie(5000);

        assertThat(confirms.nacks).isEmpty();
        assertThat(confirms.events).containsExactly("ack 1", "return lost", "ack 2", "ack 3");
        awaitReady(channel, q, 1);
    }

    @Test
    void aMessageRoutedToManyQueuesIsConfirmedOnce() throws Exception {
        Channel channel = broker.channel();
        String exchange = BrokerExtension.uniqueName("confirm-fanout");
        channel.exchangeDeclare(exchange, BuiltinExchangeType.FANOUT, false, true, null);
        List<String> queues = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String q = queue(channel, "confirm-fan");
            channel.queueBind(q, exchange, "");
            queues.add(q);
        }
        Confirms confirms = new Confirms();
        channel.addConfirmListener(confirms);
        channel.confirmSelect();
        channel.basicPublish(exchange, "", MessageProperties.PERSISTENT_TEXT_PLAIN, bytes("fan"));
        channel.basicPublish(exchange, "", null, bytes("fan2"));
        channel.waitForConfirmsOrDie(5000);
        assertThat(confirms.confirmed()).containsExactly(1L, 2L);
        for (String q : queues) {
            awaitReady(channel, q, 2);
        }
    }

    @Test
    void txSelectOnAConfirmChannelIs406() throws Exception {
        Channel channel = broker.channel();
        channel.confirmSelect();
        ShutdownSignalException signal = closedBy(channel, channel::txSelect);
        AMQP.Channel.Close close = assertChannelError(signal, 406,
                "PRECONDITION_FAILED - cannot switch from confirm to tx mode");
        assertThat(close.getClassId()).isEqualTo(90);
        assertThat(close.getMethodId()).isEqualTo(10);
    }

    @Test
    void confirmSelectOnATransactionalChannelIs406() throws Exception {
        Channel channel = broker.channel();
        channel.txSelect();
        ShutdownSignalException signal = closedBy(channel, channel::confirmSelect);
        AMQP.Channel.Close close = assertChannelError(signal, 406,
                "PRECONDITION_FAILED - cannot switch from tx to confirm mode");
        assertThat(close.getClassId()).isEqualTo(85);
        assertThat(close.getMethodId()).isEqualTo(10);
    }

    @Test
    void aConfirmedMessageIsAlreadyInItsQueue() throws Exception {
        Channel publisher = broker.channel();
        String q = queue(publisher, "confirm-visible");
        Channel reader = broker.channel();
        publisher.confirmSelect();
        for (int i = 0; i < 50; i++) {
            publisher.basicPublish("", q, null, bytes("m" + i));
            publisher.waitForConfirmsOrDie(5000);
            assertThat(reader.basicGet(q, true)).as("message %d after its confirm", i).isNotNull();
        }
    }
}
