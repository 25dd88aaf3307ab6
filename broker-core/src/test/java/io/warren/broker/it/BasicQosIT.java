package io.warren.broker.it;

import static io.warren.broker.it.BasicClassSupport.assertConnectionError;
import static io.warren.broker.it.BasicClassSupport.awaitReady;
import static io.warren.broker.it.BasicClassSupport.closedBy;
import static io.warren.broker.it.BasicClassSupport.publishConfirmed;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import io.warren.broker.it.BasicClassSupport.Delivery;
import io.warren.broker.it.BasicClassSupport.Recorder;
import io.warren.broker.testing.BrokerExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** basic.qos: per-consumer and channel-wide (global) prefetch windows. */
class BasicQosIT {
    /** How long to watch for a delivery that must not come. */
    private static final long QUIET_MILLIS = 150;

    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    private static String filledQueue(String prefix, int n) throws Exception {
        Channel setup = broker.channel();
        String name = BrokerExtension.uniqueName(prefix);
        setup.queueDeclare(name, false, false, false, null);
        publishConfirmed(setup, name, "m", n);
        awaitReady(setup, name, n);
        return name;
    }

    @Test
    void withPrefetchNExactlyNAreOutstanding() throws Exception {
        for (int n : new int[] {1, 7}) {
            String q = filledQueue("qos-n", 20);
            Channel channel = broker.channel();
            channel.basicQos(n);
            Recorder recorder = new Recorder(channel);
            channel.basicConsume(q, false, recorder);
            List<Delivery> got = recorder.next(n);
            recorder.assertNothingFor(QUIET_MILLIS);
            assertThat(channel.queueDeclarePassive(q).getMessageCount()).isEqualTo(20 - n);

            channel.basicAck(got.get(0).tag(), false);
            recorder.next();
            recorder.assertNothingFor(QUIET_MILLIS);

            channel.basicAck(0, true);
            assertThat(recorder.next(n)).hasSize(n);
            recorder.assertNothingFor(QUIET_MILLIS);
            channel.queueDelete(q);
        }
    }

    @Test
    void nacksAndRejectsFreeTheWindowToo() throws Exception {
        String q = filledQueue("qos-nack", 10);
        Channel channel = broker.channel();
        channel.basicQos(2);
        Recorder recorder = new Recorder(channel);
        channel.basicConsume(q, false, recorder);
        List<Delivery> got = recorder.next(2);
        recorder.assertNothingFor(QUIET_MILLIS);
        channel.basicReject(got.get(0).tag(), false);
        Delivery third = recorder.next();
        assertThat(third.text()).isEqualTo("m2");
        recorder.assertNothingFor(QUIET_MILLIS);
        channel.basicNack(third.tag(), true, false);
        assertThat(recorder.next(2)).extracting(Delivery::text).containsExactly("m3", "m4");
        recorder.assertNothingFor(QUIET_MILLIS);
        channel.queueDelete(q);
    }

    @Test
    void zeroMeansNoLimit() throws Exception {
        String q = filledQueue("qos-zero", 300);
        Channel channel = broker.channel();
        channel.basicQos(0);
        Recorder recorder = new Recorder(channel);
        channel.basicConsume(q, false, recorder);
        assertThat(recorder.next(300)).hasSize(300);
        channel.queueDelete(q);
    }

    @Test
    void perConsumerPrefetchAppliesToEachConsumerSeparately() throws Exception {
        String q = filledQueue("qos-each", 20);
        Channel channel = broker.channel();
        channel.basicQos(3, false);
        Recorder a = new Recorder(channel);
        Recorder b = new Recorder(channel);
        channel.basicConsume(q, false, a);
        channel.basicConsume(q, false, b);
        a.next(3);
        b.next(3);
        a.assertNothingFor(QUIET_MILLIS);
        b.assertNothingFor(0);
        assertThat(channel.queueDeclarePassive(q).getMessageCount()).isEqualTo(14);
        channel.queueDelete(q);
    }

    @Test
    void perConsumerPrefetchChangesAffectOnlyLaterConsumers() throws Exception {
        String q = filledQueue("qos-later", 20);
        Channel channel = broker.channel();
        channel.basicQos(2);
        Recorder early = new Recorder(channel);
        channel.basicConsume(q, false, early);
        early.next(2);
        early.assertNothingFor(QUIET_MILLIS);

        channel.basicQos(5);
        Recorder late = new Recorder(channel);
        channel.basicConsume(q, false, late);
        late.next(5);
        late.assertNothingFor(QUIET_MILLIS);
        early.assertNothingFor(0);
        channel.queueDelete(q);
    }

    @Test
    void globalPrefetchLimitsAllConsumersOfTheChannelTogether() throws Exception {
        String q1 = filledQueue("qos-global-a", 10);
        String q2 = filledQueue("qos-global-b", 10);
        Channel channel = broker.channel();
        channel.basicQos(4, true);
        Recorder a = new Recorder(channel);
        Recorder b = new Recorder(channel);
        Recorder c = new Recorder(channel);
        channel.basicConsume(q1, false, a);
        channel.basicConsume(q2, false, b);
        channel.basicConsume(q1, false, c);
        BasicClassSupport.await(() -> a.count() + b.count() + c.count() >= 4, "four deliveries");
        Thread.sleep(QUIET_MILLIS);
        assertThat(a.count() + b.count() + c.count()).isEqualTo(4);

        // One ack: exactly one more, whichever consumer it goes to.
        Delivery any = a.count() > 0 ? a.next() : b.count() > 0 ? b.next() : c.next();
        channel.basicAck(any.tag(), false);
        BasicClassSupport.await(() -> a.count() + b.count() + c.count() >= 4, "a replacement delivery");
        Thread.sleep(QUIET_MILLIS);
        assertThat(a.count() + b.count() + c.count()).isEqualTo(4);
        channel.queueDelete(q1);
        channel.queueDelete(q2);
    }

    @Test
    void globalAndPerConsumerLimitsBothHold() throws Exception {
        String q = filledQueue("qos-both", 30);
        Channel channel = broker.channel();
        // In this order, as RabbitMQ's documentation shows it: since 3.8 a global=false qos also lifts
        // the channel-wide limit (rabbit_channel calls rabbit_limiter:unlimit_prefetch).
        channel.basicQos(2, false); // each new consumer
        channel.basicQos(5, true); // channel-wide
        Recorder[] recorders = {new Recorder(channel), new Recorder(channel), new Recorder(channel)};
        for (Recorder r : recorders) {
            channel.basicConsume(q, false, r);
        }
        BasicClassSupport.await(() -> total(recorders) >= 5, "five deliveries");
        Thread.sleep(QUIET_MILLIS);
        assertThat(total(recorders)).as("the channel-wide window").isEqualTo(5);
        for (Recorder r : recorders) {
            assertThat(r.count()).as("each consumer's window").isLessThanOrEqualTo(2);
        }

        // A wider channel window leaves the per-consumer one in charge: 3 x 2.
        channel.basicQos(100, true);
        BasicClassSupport.await(() -> total(recorders) >= 6, "six deliveries");
        Thread.sleep(QUIET_MILLIS);
        for (Recorder r : recorders) {
            assertThat(r.count()).isEqualTo(2);
        }
        channel.queueDelete(q);
    }

    private static int total(Recorder[] recorders) {
        int sum = 0;
        for (Recorder r : recorders) {
            sum += r.count();
        }
        return sum;
    }

    @Test
    void raisingTheGlobalLimitLetsMoreFlowAndLoweringItHoldsBack() throws Exception {
        String q = filledQueue("qos-raise", 20);
        Channel channel = broker.channel();
        channel.basicQos(2, true);
        Recorder recorder = new Recorder(channel);
        channel.basicConsume(q, false, recorder);
        List<Delivery> first = recorder.next(2);
        recorder.assertNothingFor(QUIET_MILLIS);

        channel.basicQos(5, true);
        List<Delivery> more = recorder.next(3);
        recorder.assertNothingFor(QUIET_MILLIS);

        // Lower than what is out: nothing flows until enough is settled.
        channel.basicQos(3, true);
        channel.basicAck(first.get(1).tag(), true); // 5 -> 3 outstanding
        recorder.assertNothingFor(QUIET_MILLIS);
        channel.basicAck(more.get(0).tag(), false); // 2 outstanding
        recorder.next();
        recorder.assertNothingFor(QUIET_MILLIS);

        // Zero lifts the limit.
        channel.basicQos(0, true);
        recorder.next(14);
        channel.queueDelete(q);
    }

    @Test
    void basicGetIsNotHeldByPrefetch() throws Exception {
        String q = filledQueue("qos-get", 5);
        Channel channel = broker.channel();
        channel.basicQos(1, true);
        for (int i = 0; i < 3; i++) {
            assertThat(channel.basicGet(q, false)).isNotNull();
        }
        Recorder recorder = new Recorder(channel);
        channel.basicConsume(q, false, recorder);
        recorder.next();
        recorder.assertNothingFor(QUIET_MILLIS);
        channel.queueDelete(q);
    }

    @Test
    void prefetchSizeIsNotImplemented() throws Exception {
        Connection connection = broker.connect();
        Channel channel = connection.createChannel();
        ShutdownSignalException signal = closedBy(channel, () -> channel.basicQos(1000, 10, false));
        AMQP.Connection.Close close = assertConnectionError(signal, 540,
                "NOT_IMPLEMENTED - prefetch_size!=0 (1000)");
        assertThat(close.getClassId()).isEqualTo(60);
        assertThat(close.getMethodId()).isEqualTo(10);
    }

    @Test
    void noAckConsumersDoNotUseTheChannelWindow() throws Exception {
        String acked = filledQueue("qos-mixed-ack", 10);
        String unacked = filledQueue("qos-mixed-noack", 50);
        Channel channel = broker.channel();
        channel.basicQos(1, true);
        Recorder withAcks = new Recorder(channel);
        Recorder noAck = new Recorder(channel);
        channel.basicConsume(acked, false, withAcks);
        channel.basicConsume(unacked, true, noAck);
        noAck.next(50);
        withAcks.next();
        withAcks.assertNothingFor(QUIET_MILLIS);
        channel.queueDelete(acked);
        channel.queueDelete(unacked);
    }
}
