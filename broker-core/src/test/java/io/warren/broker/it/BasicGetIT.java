package io.warren.broker.it;

import static io.warren.broker.it.BasicClassSupport.assertChannelError;
import static io.warren.broker.it.BasicClassSupport.awaitReady;
import static io.warren.broker.it.BasicClassSupport.closedBy;
import static io.warren.broker.it.BasicClassSupport.publishConfirmed;
import static io.warren.broker.it.BasicClassSupport.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ShutdownSignalException;
import io.warren.broker.it.BasicClassSupport.Recorder;
import io.warren.broker.testing.BrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** basic.get: get-ok and get-empty, message counts, with and without acknowledgement. */
class BasicGetIT {
    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    private static String queue(Channel channel, String prefix) throws Exception {
        String name = BrokerExtension.uniqueName(prefix);
        channel.queueDeclare(name, false, false, false, null);
        return name;
    }

    @Test
    void anEmptyQueueAnswersGetEmpty() throws Exception {
        Channel channel = broker.channel();
        String q = queue(channel, "get-empty");
        assertThat(channel.basicGet(q, true)).isNull();
        assertThat(channel.basicGet(q, false)).isNull();
        assertThat(channel.isOpen()).isTrue();
        channel.queueDelete(q);
    }

    @Test
    void getOkCountsTheReadyMessagesLeft() throws Exception {
        Channel channel = broker.channel();
        String q = queue(channel, "get-count");
        publishConfirmed(channel, q, "m", 5);
        awaitReady(channel, q, 5);
        for (int i = 0; i < 5; i++) {
            GetResponse got = channel.basicGet(q, i % 2 == 0);
            assertThat(got).isNotNull();
            assertThat(text(got.getBody())).isEqualTo("m" + i);
            assertThat(got.getMessageCount()).isEqualTo(4 - i);
            assertThat(got.getEnvelope().getRoutingKey()).isEqualTo(q);
            assertThat(got.getEnvelope().isRedeliver()).isFalse();
        }
        assertThat(channel.basicGet(q, true)).isNull();
        // Two were fetched with ack and are still unacked: declare-ok counts only ready ones.
        AMQP.Queue.DeclareOk ok = channel.queueDeclarePassive(q);
        assertThat(ok.getMessageCount()).isZero();
        channel.queueDelete(q);
    }

    @Test
    void anUnackedGetIsInvisibleUntilItsChannelClosesThenRedelivered() throws Exception {
        Channel setup = broker.channel();
        String q = queue(setup, "get-ack");
        publishConfirmed(setup, q, "m", 2);
        awaitReady(setup, q, 2);

        Channel channel = broker.channel();
        GetResponse first = channel.basicGet(q, false);
        assertThat(text(first.getBody())).isEqualTo("m0");
        assertThat(first.getMessageCount()).isEqualTo(1);

        Channel other = broker.channel();
        GetResponse second = other.basicGet(q, true);
        assertThat(text(second.getBody())).isEqualTo("m1");
        assertThat(other.basicGet(q, true)).as("m0 is unacked elsewhere").isNull();

        channel.close();
        GetResponse again = BasicClassSupport.awaitGet(other, q, false);
        assertThat(text(again.getBody())).isEqualTo("m0");
        assertThat(again.getEnvelope().isRedeliver()).isTrue();
        other.basicAck(again.getEnvelope().getDeliveryTag(), false);
        other.close();
        assertThat(setup.queueDeclarePassive(q).getMessageCount()).as("acked: gone for good").isZero();
        setup.queueDelete(q);
    }

    @Test
    void aNoAckGetIsGoneAtOnce() throws Exception {
        Channel setup = broker.channel();
        String q = queue(setup, "get-noack");
        publishConfirmed(setup, q, "m", 1);
        awaitReady(setup, q, 1);
        Channel channel = broker.channel();
        assertThat(text(channel.basicGet(q, true).getBody())).isEqualTo("m0");
        channel.close();
        assertThat(setup.queueDeclarePassive(q).getMessageCount()).isZero();
        setup.queueDelete(q);
    }

    @Test
    void getAndDeliverShareOneDeliveryTagSequence() throws Exception {
        Channel channel = broker.channel();
        String consumed = queue(channel, "tags-consumed");
        String fetched = queue(channel, "tags-fetched");
        Recorder recorder = new Recorder(channel);
        channel.basicConsume(consumed, false, recorder);
        Channel publisher = broker.channel();
        publishConfirmed(publisher, fetched, "g", 2);
        awaitReady(publisher, fetched, 2);

        publisher.basicPublish("", consumed, null, BasicClassSupport.bytes("d0"));
        assertThat(recorder.next().tag()).isEqualTo(1);
        assertThat(channel.basicGet(fetched, false).getEnvelope().getDeliveryTag()).isEqualTo(2);
        assertThat(channel.basicGet(fetched, true).getEnvelope().getDeliveryTag()).isEqualTo(3);
        publisher.basicPublish("", consumed, null, BasicClassSupport.bytes("d1"));
        assertThat(recorder.next().tag()).isEqualTo(4);
        channel.basicAck(4, true);
        channel.queueDeclarePassive(consumed);
        assertThat(channel.isOpen()).isTrue();
        channel.queueDelete(consumed);
        channel.queueDelete(fetched);
    }

    @Test
    void getFromAMissingQueueIs404() throws Exception {
        Channel channel = broker.channel();
        String missing = BrokerExtension.uniqueName("missing");
        ShutdownSignalException signal = closedBy(channel, () -> channel.basicGet(missing, true));
        AMQP.Channel.Close close = assertChannelError(signal, 404, "NOT_FOUND - no queue '" + missing
                + "' in vhost '/'");
        assertThat(close.getClassId()).isEqualTo(60);
        assertThat(close.getMethodId()).isEqualTo(70);
    }

    @Test
    void getFromAnotherConnectionsExclusiveQueueIs405() throws Exception {
        Channel owner = broker.channel();
        String q = BrokerExtension.uniqueName("exclusive-get");
        owner.queueDeclare(q, false, true, false, null);
        Channel other = broker.channel();
        ShutdownSignalException signal = closedBy(other, () -> other.basicGet(q, true));
        AMQP.Channel.Close close = assertChannelError(signal, 405, BasicConsumeIT.lockedText(q));
        assertThat(close.getMethodId()).isEqualTo(70);
        assertThat(owner.basicGet(q, true)).isNull();
    }
}
