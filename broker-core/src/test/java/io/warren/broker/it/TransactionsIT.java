package io.warren.broker.it;

import static io.warren.broker.it.BasicClassSupport.assertChannelError;
import static io.warren.broker.it.BasicClassSupport.awaitGet;
import static io.warren.broker.it.BasicClassSupport.awaitReady;
import static io.warren.broker.it.BasicClassSupport.bytes;
import static io.warren.broker.it.BasicClassSupport.closedBy;
import static io.warren.broker.it.BasicClassSupport.publishConfirmed;
import static io.warren.broker.it.BasicClassSupport.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.ShutdownSignalException;
import io.warren.broker.it.BasicClassSupport.Delivery;
import io.warren.broker.it.BasicClassSupport.Recorder;
import io.warren.broker.testing.BrokerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** tx.select, tx.commit and tx.rollback over publishes and acknowledgements. */
class TransactionsIT {
    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    private static String queue(Channel channel, String prefix) throws Exception {
        String name = BrokerExtension.uniqueName(prefix);
        channel.queueDeclare(name, false, false, false, null);
        return name;
    }

    private static String filledQueue(String prefix, int n) throws Exception {
        Channel setup = broker.channel();
        String name = queue(setup, prefix);
        publishConfirmed(setup, name, "m", n);
        awaitReady(setup, name, n);
        return name;
    }

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

    @Test
    void publishesAreInvisibleUntilCommitInOrder() throws Exception {
        Channel channel = broker.channel();
        String q = queue(channel, "tx-publish");
        Channel observer = broker.channel();
        channel.txSelect();
        for (int i = 0; i < 5; i++) {
            channel.basicPublish("", q, null, bytes("m" + i));
        }
        channel.queueDeclarePassive(q); // the publishes have reached the broker
        Thread.sleep(50);
        assertThat(observer.queueDeclarePassive(q).getMessageCount()).isZero();
        assertThat(observer.basicGet(q, true)).isNull();
        channel.txCommit();
        awaitReady(observer, q, 5);
        assertThat(drain(q)).containsExactly("m0", "m1", "m2", "m3", "m4");
    }

    @Test
    void rolledBackPublishesAreGoneAndTheNextTransactionStartsAfresh() throws Exception {
        Channel channel = broker.channel();
        String q = queue(channel, "tx-rollback");
        channel.txSelect();
        channel.basicPublish("", q, null, bytes("no1"));
        channel.basicPublish("", q, null, bytes("no2"));
        channel.txRollback();
        channel.txCommit(); // commits nothing
        Thread.sleep(50);
        assertThat(channel.queueDeclarePassive(q).getMessageCount()).isZero();

        channel.basicPublish("", q, null, bytes("yes"));
        channel.txCommit();
        channel.basicPublish("", q, null, bytes("dropped with the channel"));
        channel.close();
        awaitReady(broker.channel(), q, 1);
        assertThat(drain(q)).containsExactly("yes");
    }

    @Test
    void aMandatoryUnroutablePublishIsReturnedAtCommit() throws Exception {
        Channel channel = broker.channel();
        LinkedBlockingQueue<Return> returns = new LinkedBlockingQueue<>();
        channel.addReturnListener(returns::add);
        channel.txSelect();
        String missing = BrokerExtension.uniqueName("tx-missing");
        channel.basicPublish("", missing, true, null, bytes("r"));
        channel.queueDeclare();
        assertThat(returns.poll(100, TimeUnit.MILLISECONDS)).as("not before commit").isNull();
        channel.txCommit();
        Return returned = returns.poll(5, TimeUnit.SECONDS);
        assertThat(returned).isNotNull();
        assertThat(returned.getReplyCode()).isEqualTo(312);
        assertThat(returned.getRoutingKey()).isEqualTo(missing);
    }

    @Test
    void committedAcksSettle() throws Exception {
        String q = filledQueue("tx-ack-commit", 4);
        Channel channel = broker.channel();
        channel.txSelect();
        Recorder recorder = new Recorder(channel);
        channel.basicConsume(q, false, recorder);
        List<Delivery> got = recorder.next(4);
        channel.basicAck(got.get(0).tag(), false);
        channel.basicReject(got.get(1).tag(), false);
        channel.basicNack(got.get(2).tag(), false, true);
        channel.queueDeclarePassive(q);
        Thread.sleep(50);
        assertThat(channel.queueDeclarePassive(q).getMessageCount()).as("requeue waits for commit").isZero();
        recorder.assertNothingFor(50);
        channel.txCommit();
        Delivery requeued = recorder.next();
        assertThat(requeued.text()).isEqualTo("m2");
        assertThat(requeued.redelivered()).isTrue();
        channel.basicCancel(recorder.getConsumerTag());
        channel.close();
        assertThat(drain(q)).containsExactly("m2*", "m3*");
    }

    @Test
    void aRolledBackAckLeavesTheDeliveryUnacked() throws Exception {
        String q = filledQueue("tx-ack-rollback", 3);
        Channel channel = broker.channel();
        channel.txSelect();
        List<GetResponse> got = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            got.add(channel.basicGet(q, false));
        }
        channel.basicAck(got.get(2).getEnvelope().getDeliveryTag(), true);
        channel.txRollback();
        Thread.sleep(50);
        assertThat(channel.queueDeclarePassive(q).getMessageCount()).as("nothing requeued").isZero();

        // Still unacked: it can be acked again, now for real.
        channel.basicAck(got.get(0).getEnvelope().getDeliveryTag(), false);
        channel.txCommit();
        channel.queueDeclarePassive(q);
        assertThat(channel.isOpen()).isTrue();
        channel.close();
        assertThat(drain(q)).containsExactly("m1*", "m2*");
    }

    @Test
    void anAckPendingInATransactionCannotBeRepeated() throws Exception {
        String q = filledQueue("tx-ack-twice", 1);
        Channel channel = broker.channel();
        channel.txSelect();
        GetResponse got = channel.basicGet(q, false);
        channel.basicAck(got.getEnvelope().getDeliveryTag(), false);
        ShutdownSignalException signal = closedBy(channel, () -> {
            channel.basicAck(got.getEnvelope().getDeliveryTag(), false);
            channel.txCommit();
        });
        assertChannelError(signal, 406, "PRECONDITION_FAILED - unknown delivery tag 1");
        assertThat(drain(q)).as("the uncommitted ack died with the channel").containsExactly("m0*");
    }

    @Test
    void commitAndRollbackWithoutSelectAre406() throws Exception {
        Channel channel = broker.channel();
        AMQP.Channel.Close commit = assertChannelError(closedBy(channel, channel::txCommit), 406,
                "PRECONDITION_FAILED - channel is not transactional");
        assertThat(commit.getClassId()).isEqualTo(90);
        assertThat(commit.getMethodId()).isEqualTo(20);

        Channel other = broker.channel();
        AMQP.Channel.Close rollback = assertChannelError(closedBy(other, other::txRollback), 406,
                "PRECONDITION_FAILED - channel is not transactional");
        assertThat(rollback.getMethodId()).isEqualTo(30);
    }

    @Test
    void repeatedSelectIsFine() throws Exception {
        Channel channel = broker.channel();
        String q = queue(channel, "tx-reselect");
        channel.txSelect();
        channel.basicPublish("", q, null, bytes("kept"));
        channel.txSelect();
        channel.txCommit();
        assertThat(text(awaitGet(channel, q, true).getBody())).isEqualTo("kept");
        channel.queueDelete(q);
    }

    @Test
    void committedPublishesAreInTheirQueueWhenCommitOkArrives() throws Exception {
        Channel publisher = broker.channel();
        String q = queue(publisher, "tx-visible");
        Channel reader = broker.channel();
        publisher.txSelect();
        for (int i = 0; i < 50; i++) {
            publisher.basicPublish("", q, null, bytes("m" + i));
            publisher.txCommit();
            GetResponse got = reader.basicGet(q, true);
            assertThat(got).as("message %d after commit-ok", i).isNotNull();
            assertThat(text(got.getBody())).isEqualTo("m" + i);
        }
        publisher.queueDelete(q);
    }
}
