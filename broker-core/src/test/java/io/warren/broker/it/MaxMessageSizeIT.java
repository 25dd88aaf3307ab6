package io.warren.broker.it;

import static io.warren.broker.it.BasicClassSupport.assertChannelError;
import static io.warren.broker.it.BasicClassSupport.awaitGet;
import static io.warren.broker.it.BasicClassSupport.closedBy;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import io.warren.broker.config.CoreSettings;
import io.warren.broker.testing.BrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code max_message_size}: a body above it is refused with RabbitMQ's 406 text; one at it is accepted. */
class MaxMessageSizeIT {
    private static final long MAX = 1024;

    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension().with(CoreSettings.MAX_MESSAGE_SIZE, MAX);

    @Test
    void aBodyOfExactlyTheLimitIsAccepted() throws Exception {
        Channel channel = broker.channel();
        String q = channel.queueDeclare().getQueue();
        channel.basicPublish("", q, null, new byte[(int) MAX]);
        assertThat(awaitGet(channel, q, true).getBody()).hasSize((int) MAX);
    }

    @Test
    void aBodyOverTheLimitIs406AndNotEnqueued() throws Exception {
        Connection connection = broker.connect();
        Channel channel = connection.createChannel();
        String q = channel.queueDeclare(BrokerExtension.uniqueName("max-size"), false, false, false, null).getQueue();
        ShutdownSignalException signal = closedBy(channel, () -> {
            channel.basicPublish("", q, null, new byte[(int) MAX + 1]);
            channel.queueDeclarePassive(q);
        });
        AMQP.Channel.Close close = assertChannelError(signal, 406,
                "PRECONDITION_FAILED - message size 1025 is larger than configured max size 1024");
        assertThat(close.getClassId()).isEqualTo(60);
        assertThat(close.getMethodId()).isEqualTo(40);
        assertThat(connection.isOpen()).isTrue();
        Channel check = connection.createChannel();
        assertThat(check.queueDeclarePassive(q).getMessageCount()).isZero();
        check.queueDelete(q);
    }

    @Test
    void sizeIsCheckedBeforeTheExchange() throws Exception {
        Channel channel = broker.channel();
        ShutdownSignalException signal = closedBy(channel, () -> {
            channel.basicPublish(BrokerExtension.uniqueName("missing"), "k", null, new byte[(int) MAX + 100]);
            channel.queueDeclare();
        });
        assertChannelError(signal, 406,
                "PRECONDITION_FAILED - message size 1124 is larger than configured max size 1024");
    }
}
