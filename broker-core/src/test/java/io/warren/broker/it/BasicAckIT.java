package io.warren.broker.it;

import static io.warren.broker.it.BasicClassSupport.assertChannelError;
import static io.warren.broker.it.BasicClassSupport.assertConnectionError;
import static io.warren.broker.it.BasicClassSupport.awaitGet;
import static io.warren.broker.it.BasicClassSupport.awaitReady;
import static io.warren.broker.it.BasicClassSupport.closedBy;
import static io.warren.broker.it.BasicClassSupport.publishConfirmed;
import static io.warren.broker.it.BasicClassSupport.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ShutdownSignalException;
import io.warren.broker.it.BasicClassSupport.Delivery;
import io.warren.broker.it.BasicClassSupport.Recorder;
import io.warren.broker.testing.BrokerExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** basic.ack, nack, reject and recover: which deliveries a tag names, requeue position, errors. */
class BasicAckIT {
    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    /** A queue holding m0..m(n-1), confirmed. */
    private static String filledQueue(String prefix, int n) throws Exception {
        Channel setup = broker.channel();
        String name = BrokerExtension.uniqueName(prefix);
        setup.queueDeclare(name, false, false, false, null);
        publishConfirmed(setup, name, "m", n);
        awaitReady(setup, name, n);
        return name;
    }

    /** basic.get with ack, n times. */
    private static List<GetResponse> getN(Channel channel, String q, int n) throws Exception {
        List<GetResponse> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            GetResponse got = channel.basicGet(q, false);
            assertThat(got).as("get %d", i).isNotNull();
            out.add(got);
        }
        return out;
    }

    /** Drains the queue with no-ack gets: bodies, with a trailing '*' when redelivered. */
    private static List<String> drain(String q) throws Exception {
        Channel channel = broker.channel();
        List<String> out = new ArrayList<>();
        GetResponse got;
        while ((got = channel.basicGet(q, true)) != null) {
            out.add(text(got.getBody()) + (got.getEnvelope().isRedeliver() ? "*" : ""));
        }
        channel.queueDelete(q);
        return out;
    }

    /** Closes the channel (requeueing what it still holds) and drains the queue. */
    private static List<String> closeAndDrain(Channel channel, String q) throws Exception {
        channel.close();
        return drain(q);
    }

    @Test
    void aSingleAckSettlesOnlyItsDelivery() throws Exception {
        String q = filledQueue("ack-one", 5);
        Channel channel = broker.channel();
        Recorder recorder = new Recorder(channel);
        channel.basicConsume(q, false, recorder);
        List<Delivery> got = recorder.next(5);
        assertThat(got).extracting(Delivery::tag).containsExactly(1L, 2L, 3L, 4L, 5L);
        channel.basicAck(3, false);
        assertThat(closeAndDrain(channel, q)).containsExactly("m0*", "m1*", "m3*", "m4*");
    }

    @Test
    void multipleAcksEverythingUpToTheTag() throws Exception {
        String q = filledQueue("ack-multi", 6);
        Channel channel = broker.channel();
        List<GetResponse> got = getN(channel, q, 6);
        channel.basicAck(got.get(1).getEnvelope().getDeliveryTag(), false);
        channel.basicAck(got.get(3).getEnvelope().getDeliveryTag(), true); // m0, m2, m3 (m1 already gone)
        assertThat(closeAndDrain(channel, q)).containsExactly("m4*", "m5*");
    }

    @Test
    void multipleWithTagZeroAcksEverythingOutstanding() throws Exception {
        String q = filledQueue("ack-zero", 4);
        Channel channel = broker.channel();
        channel.basicAck(0, true); // nothing outstanding yet: still no error
        getN(channel, q, 2);
        Recorder recorder = new Recorder(channel);
        channel.basicConsume(q, false, recorder);
        assertThat(recorder.next(2)).extracting(Delivery::tag).containsExactly(3L, 4L);
        channel.basicAck(0, true);
        channel.queueDeclarePassive(q);
        assertThat(channel.isOpen()).isTrue();
        assertThat(closeAndDrain(channel, q)).isEmpty();
    }

    @Test
    void tagZeroWithoutMultipleIsUnknown() throws Exception {
        String q = filledQueue("ack-zero-single", 1);
        Channel channel = broker.channel();
        getN(channel, q, 1);
        ShutdownSignalException signal = closedBy(channel, () -> {
            channel.basicAck(0, false);
            channel.queueDeclarePassive(q);
        });
        assertChannelError(signal, 406, "PRECONDITION_FAILED - unknown delivery tag 0");
        assertThat(drain(q)).containsExactly("m0*");
    }

    @Test
    void anUnknownTagIs406() throws Exception {
        String q = filledQueue("ack-unknown", 1);
        Connection connection = broker.connect();
        Channel channel = connection.createChannel();
        getN(channel, q, 1);
        ShutdownSignalException signal = closedBy(channel, () -> {
            channel.basicAck(99, false);
            channel.queueDeclarePassive(q);
        });
        AMQP.Channel.Close close = assertChannelError(signal, 406, "PRECONDITION_FAILED - unknown delivery tag 99");
        assertThat(close.getClassId()).isEqualTo(60);
        assertThat(close.getMethodId()).isEqualTo(80);
        assertThat(connection.isOpen()).isTrue();
        assertThat(drain(q)).as("the closed channel's delivery came back").containsExactly("m0*");
    }

    @Test
    void aDoubleAckIs406() throws Exception {
        String q = filledQueue("ack-double", 2);
        Channel channel = broker.channel();
        getN(channel, q, 2);
        channel.basicAck(1, false);
        ShutdownSignalException signal = closedBy(channel, () -> {
            channel.basicAck(1, false);
            channel.queueDeclarePassive(q);
        });
        assertChannelError(signal, 406, "PRECONDITION_FAILED - unknown delivery tag 1");
        assertThat(drain(q)).containsExactly("m1*");
    }

    @Test
    void multipleUpToATagAlreadyAckedIs406() throws Exception {
        String q = filledQueue("ack-multi-gone", 3);
        Channel channel = broker.channel();
        getN(channel, q, 3);
        channel.basicAck(2, false);
        ShutdownSignalException signal = closedBy(channel, () -> {
            channel.basicAck(2, true);
            channel.queueDeclarePassive(q);
        });
        assertChannelError(signal, 406, "PRECONDITION_FAILED - unknown delivery tag 2");
        assertThat(drain(q)).containsExactly("m0*", "m2*");
    }

    @Test
    void ackingANoAckDeliveryIs406() throws Exception {
        String q = filledQueue("ack-noack", 3);
        Channel channel = broker.channel();
        Recorder recorder = new Recorder(channel);
        channel.basicConsume(q, true, recorder);
        List<Delivery> got = recorder.next(3);
        ShutdownSignalException signal = closedBy(channel, () -> {
            channel.basicAck(got.get(1).tag(), false);
            channel.queueDeclarePassive(q);
        });
        assertChannelError(signal, 406, "PRECONDITION_FAILED - unknown delivery tag 2");
        assertThat(drain(q)).isEmpty();
    }

    @Test
    void ackingANoAckGetIs406() throws Exception {
        String q = filledQueue("ack-noack-get", 1);
        Channel channel = broker.channel();
        GetResponse got = channel.basicGet(q, true);
        ShutdownSignalException signal = closedBy(channel, () -> {
            channel.basicAck(got.getEnvelope().getDeliveryTag(), false);
            channel.queueDeclarePassive(q);
        });
        assertChannelError(signal, 406, "PRECONDITION_FAILED - unknown delivery tag 1");
    }

    @Test
    void rejectAndNackOfUnknownTagsAre406WithTheirMethodIds() throws Exception {
        Channel reject = broker.channel();
        AMQP.Channel.Close rejectClose = assertChannelError(closedBy(reject, () -> {
            reject.basicReject(7, true);
            reject.queueDeclare();
        }), 406, "PRECONDITION_FAILED - unknown delivery tag 7");
        assertThat(rejectClose.getMethodId()).isEqualTo(90);

        Channel nack = broker.channel();
        AMQP.Channel.Close nackClose = assertChannelError(closedBy(nack, () -> {
            nack.basicNack(8, true, false);
            nack.queueDeclare();
        }), 406, "PRECONDITION_FAILED - unknown delivery tag 8");
        assertThat(nackClose.getMethodId()).isEqualTo(120);
    }

    @Test
    void requeuedMessagesGoBackToTheirOriginalPlaceMarkedRedelivered() throws Exception {
        String q = filledQueue("requeue-order", 6);
        Channel channel = broker.channel();
        List<GetResponse> got = getN(channel, q, 4); // m0..m3
        channel.basicReject(got.get(2).getEnvelope().getDeliveryTag(), true); // m2
        channel.basicNack(got.get(0).getEnvelope().getDeliveryTag(), false, true); // m0
        channel.basicAck(got.get(1).getEnvelope().getDeliveryTag(), false); // m1

        List<String> next = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            GetResponse g = awaitGet(channel, q, false);
            next.add(text(g.getBody()) + (g.getEnvelope().isRedeliver() ? "*" : ""));
        }
        assertThat(next).containsExactly("m0*", "m2*", "m4", "m5");
        assertThat(closeAndDrain(channel, q)).containsExactly("m0*", "m2*", "m3*", "m4*", "m5*");
    }

    @Test
    void aConsumerSeesRequeuedMessagesAgainBeforeNewOnes() throws Exception {
        String q = filledQueue("requeue-consumer", 10);
        Channel channel = broker.channel();
        channel.basicQos(3);
        Recorder recorder = new Recorder(channel);
        channel.basicConsume(q, false, recorder);
        List<Delivery> first = recorder.next(3);
        assertThat(first).extracting(Delivery::text).containsExactly("m0", "m1", "m2");
        channel.basicNack(first.get(2).tag(), true, true); // all three back
        List<Delivery> again = recorder.next(3);
        assertThat(again).extracting(Delivery::text).containsExactly("m0", "m1", "m2");
        assertThat(again).allMatch(Delivery::redelivered);
        channel.basicAck(again.get(2).tag(), true);
        List<Delivery> fresh = recorder.next(3);
        assertThat(fresh).extracting(Delivery::text).containsExactly("m3", "m4", "m5");
        assertThat(fresh).noneMatch(Delivery::redelivered);
        channel.basicCancel(recorder.getConsumerTag()); // at its limit: nothing more is on its way
        channel.basicAck(0, true);
        assertThat(closeAndDrain(channel, q)).containsExactly("m6", "m7", "m8", "m9");
    }

    @Test
    void nackMultipleRequeuesAllUpToTheTagInOrder() throws Exception {
        String q = filledQueue("nack-multi", 6);
        Channel channel = broker.channel();
        List<GetResponse> got = getN(channel, q, 5);
        channel.basicNack(got.get(3).getEnvelope().getDeliveryTag(), true, true); // m0..m3
        List<String> next = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            GetResponse g = awaitGet(channel, q, true);
            next.add(text(g.getBody()) + (g.getEnvelope().isRedeliver() ? "*" : ""));
        }
        assertThat(next).containsExactly("m0*", "m1*", "m2*", "m3*", "m5");
        assertThat(closeAndDrain(channel, q)).containsExactly("m4*");
    }

    @Test
    void requeueFalseDropsTheMessage() throws Exception {
        String q = filledQueue("requeue-false", 6);
        Channel channel = broker.channel();
        List<GetResponse> got = getN(channel, q, 5);
        channel.basicReject(got.get(0).getEnvelope().getDeliveryTag(), false); // m0
        channel.basicNack(got.get(3).getEnvelope().getDeliveryTag(), true, false); // m1..m3
        channel.queueDeclarePassive(q);
        assertThat(channel.isOpen()).isTrue();
        assertThat(closeAndDrain(channel, q)).containsExactly("m4*", "m5");
    }

    @Test
    void recoverRequeuesEverythingUnackedAndRedeliversToTheConsumer() throws Exception {
        String q = filledQueue("recover", 3);
        Channel channel = broker.channel();
        Recorder recorder = new Recorder(channel);
        channel.basicConsume(q, false, recorder);
        List<Delivery> first = recorder.next(3);
        assertThat(first).noneMatch(Delivery::redelivered);
        channel.basicAck(first.get(1).tag(), false);
        AMQP.Basic.RecoverOk ok = channel.basicRecover(true);
        assertThat(ok).isNotNull();
        List<Delivery> again = recorder.next(2);
        assertThat(again).extracting(Delivery::text).containsExactly("m0", "m2");
        assertThat(again).allMatch(Delivery::redelivered);
        assertThat(again).extracting(Delivery::tag).containsExactly(4L, 5L);
        channel.basicAck(0, true);
        channel.basicCancel(recorder.getConsumerTag());
        assertThat(closeAndDrain(channel, q)).isEmpty();
    }

    @Test
    void recoverWithRequeueFalseIsConnectionError540() throws Exception {
        String q = filledQueue("recover-false", 1);
        Connection connection = broker.connect();
        Channel channel = connection.createChannel();
        getN(channel, q, 1);
        ShutdownSignalException signal = closedBy(channel, () -> channel.basicRecover(false));
        AMQP.Connection.Close close = assertConnectionError(signal, 540, "NOT_IMPLEMENTED - requeue=false");
        assertThat(close.getClassId()).isEqualTo(60);
        assertThat(close.getMethodId()).isEqualTo(110);
        assertThat(drain(q)).containsExactly("m0*");
    }

    @Test
    void recoverAsyncWithRequeueFalseIsConnectionError540() throws Exception {
        Connection connection = broker.connect();
        Channel channel = connection.createChannel();
        ShutdownSignalException signal = closedBy(channel, () -> {
            channel.asyncRpc(new AMQP.Basic.RecoverAsync.Builder().requeue(false).build());
            channel.queueDeclare();
        });
        AMQP.Connection.Close close = assertConnectionError(signal, 540, "NOT_IMPLEMENTED - requeue=false");
        assertThat(close.getMethodId()).isEqualTo(100);
    }

    @Test
    void recoverAsyncRequeues() throws Exception {
        String q = filledQueue("recover-async", 2);
        Channel channel = broker.channel();
        getN(channel, q, 2);
        channel.asyncRpc(new AMQP.Basic.RecoverAsync.Builder().requeue(true).build());
        awaitReady(channel, q, 2);
        assertThat(closeAndDrain(channel, q)).containsExactly("m0*", "m1*");
    }

    @Test
    void deliveriesFromADeletedQueueCanStillBeSettled() throws Exception {
        String q = filledQueue("ack-deleted", 4);
        Channel channel = broker.channel();
        List<GetResponse> got = getN(channel, q, 4);
        broker.channel().queueDelete(q);
        channel.basicAck(got.get(0).getEnvelope().getDeliveryTag(), false);
        channel.basicNack(got.get(1).getEnvelope().getDeliveryTag(), false, true);
        channel.basicReject(got.get(2).getEnvelope().getDeliveryTag(), false);
        channel.queueDeclare();
        assertThat(channel.isOpen()).isTrue();
        channel.close(); // the fourth goes back to a queue that is gone
        Channel check = broker.channel();
        assertThat(check.queueDeclare(q, false, false, false, null).getMessageCount()).isZero();
        assertThat(check.basicGet(q, true)).isNull();
        check.queueDelete(q);
    }

    @Test
    void multipleSettlesDeliveriesFromSeveralQueuesAndGets() throws Exception {
        String q1 = filledQueue("multi-q1", 3);
        String q2 = filledQueue("multi-q2", 3);
        String q3 = filledQueue("multi-q3", 3);
        Channel channel = broker.channel();
        channel.basicQos(2);
        Recorder r1 = new Recorder(channel);
        Recorder r2 = new Recorder(channel);
        channel.basicConsume(q1, false, r1);
        r1.next(2);
        channel.basicConsume(q2, false, r2);
        r2.next(2);
        List<GetResponse> got = getN(channel, q3, 2);
        long last = got.get(1).getEnvelope().getDeliveryTag();
        assertThat(last).isEqualTo(6);
        // Requeue all six: each message goes back to its own queue, at its place.
        channel.basicNack(last, true, true);
        List<Delivery> again1 = r1.next(2);
        List<Delivery> again2 = r2.next(2);
        assertThat(again1).extracting(Delivery::text).containsExactly("m0", "m1");
        assertThat(again2).extracting(Delivery::text).containsExactly("m0", "m1");
        assertThat(again1).allMatch(Delivery::redelivered);
        GetResponse third = channel.basicGet(q3, false);
        assertThat(text(third.getBody())).isEqualTo("m0");
        assertThat(third.getEnvelope().isRedeliver()).isTrue();
        channel.basicAck(0, true);
        List<Delivery> rest1 = r1.next(1);
        List<Delivery> rest2 = r2.next(1);
        assertThat(rest1.get(0).text()).isEqualTo("m2");
        assertThat(rest2.get(0).text()).isEqualTo("m2");
        channel.basicAck(Math.max(rest1.get(0).tag(), rest2.get(0).tag()), true);
        channel.basicCancel(r1.getConsumerTag());
        channel.basicCancel(r2.getConsumerTag());
        channel.close();
        assertThat(drain(q1)).isEmpty();
        assertThat(drain(q2)).isEmpty();
        assertThat(drain(q3)).containsExactly("m1*", "m2");
    }

    @Test
    void nackMultipleWithTagZeroRequeuesEverything() throws Exception {
        String q = filledQueue("nack-zero", 4);
        Channel channel = broker.channel();
        getN(channel, q, 3);
        channel.basicNack(0, true, true);
        List<String> next = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            GetResponse g = awaitGet(channel, q, true);
            next.add(text(g.getBody()) + (g.getEnvelope().isRedeliver() ? "*" : ""));
        }
        assertThat(next).containsExactly("m0*", "m1*", "m2*", "m3");
        drain(q);
    }
}
