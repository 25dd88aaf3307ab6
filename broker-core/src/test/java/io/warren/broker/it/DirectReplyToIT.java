package io.warren.broker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.RpcClient;
import com.rabbitmq.client.RpcClientParams;
import com.rabbitmq.client.RpcServer;
import com.rabbitmq.client.ShutdownSignalException;
import io.warren.broker.testing.BrokerExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** RabbitMQ's direct reply-to (the {@code direct_reply_to} capability), as RPC clients use it. */
class DirectReplyToIT {
    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    @Test
    void javaClientRpcRoundTripsThroughDirectReplyTo() throws Exception {
        String queue = BrokerExtension.uniqueName("rpc");
        Connection serverConnection = broker.connect();
        Channel serverChannel = serverConnection.createChannel();
        serverChannel.queueDeclare(queue, false, false, true, null);
        RpcServer server = new RpcServer(serverChannel, queue) {
            @Override
            public byte[] handleCall(com.rabbitmq.client.Delivery request, AMQP.BasicProperties replyProperties) {
                assertThat(request.getProperties().getReplyTo()).startsWith("amq.rabbitmq.reply-to.");
                return ("echo:" + new String(request.getBody(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            }
        };
        Thread serving = new Thread(() -> {
            try {
                server.mainloop();
            } catch (Exception e) {
                // The server's channel closes at the end of the test.
            }
        }, "rpc-server");
        serving.setDaemon(true);
        serving.start();

        Channel clientChannel = broker.channel();
        RpcClient client = new RpcClient(new RpcClientParams().channel(clientChannel).exchange("")
                .routingKey(queue).timeout(5000));
        for (int i = 0; i < 20; i++) {
            assertThat(client.stringCall("ping" + i)).isEqualTo("echo:ping" + i);
        }
        client.close();
        server.terminateMainloop();
    }

    @Test
    void replyAddressExistsWhileItsConsumerDoes() throws Exception {
        Channel requester = broker.channel();
        BlockingQueue<String> replies = new ArrayBlockingQueue<>(1);
        String tag = requester.basicConsume("amq.rabbitmq.reply-to", true,
                (consumerTag, delivery) -> replies.add(new String(delivery.getBody(), StandardCharsets.UTF_8)),
                consumerTag -> { });
        assertThat(requester.queueDeclarePassive("amq.rabbitmq.reply-to").getConsumerCount()).isEqualTo(1);

        String requests = requester.queueDeclare().getQueue();
        requester.basicPublish("", requests, new AMQP.BasicProperties.Builder()
                .replyTo("amq.rabbitmq.reply-to").correlationId("c1").build(), "req".getBytes(StandardCharsets.UTF_8));
        Channel responder = requester.getConnection().createChannel();
        com.rabbitmq.client.GetResponse request = null;
        for (int i = 0; i < 100 && request == null; i++) {
            request = responder.basicGet(requests, true);
        }
        assertThat(request).isNotNull();
        String address = request.getProps().getReplyTo();
        assertThat(address).startsWith("amq.rabbitmq.reply-to.").hasSizeGreaterThan(25);
        assertThat(request.getProps().getCorrelationId()).isEqualTo("c1");
        assertThat(responder.queueDeclarePassive(address).getConsumerCount()).isEqualTo(1);

        responder.basicPublish("", address, null, "reply".getBytes(StandardCharsets.UTF_8));
        assertThat(replies.poll(5, TimeUnit.SECONDS)).isEqualTo("reply");

        requester.basicCancel(tag);
        assertThatThrownBy(() -> responder.queueDeclarePassive(address)).isInstanceOf(IOException.class)
                .rootCause().isInstanceOf(ShutdownSignalException.class).hasMessageContaining("404");
    }

    @Test
    void publishingWithReplyToNeedsTheReplyConsumerOnTheSameChannel() throws Exception {
        Channel channel = broker.channel();
        channel.basicPublish("", "nowhere", new AMQP.BasicProperties.Builder().replyTo("amq.rabbitmq.reply-to").build(),
                new byte[0]);
        // The channel error may reach the client before queue.declare is sent (AlreadyClosedException) or
        // while it waits for declare-ok (IOException): either way the channel is closed with the 406.
        assertThatThrownBy(() -> channel.queueDeclare()).isInstanceOfAny(IOException.class,
                com.rabbitmq.client.AlreadyClosedException.class);
        assertThat(channel.isOpen()).isFalse();
        assertThat(channel.getCloseReason()).hasMessageContaining(
                "PRECONDITION_FAILED - fast reply consumer does not exist");
    }

    @Test
    void theReplyConsumerMustBeNoAckAndSingle() throws Exception {
        Channel ack = broker.channel();
        assertThatThrownBy(() -> ack.basicConsume("amq.rabbitmq.reply-to", false, (t, d) -> { }, t -> { }))
                .isInstanceOf(IOException.class).rootCause()
                .hasMessageContaining("PRECONDITION_FAILED - reply consumer cannot acknowledge");
        Channel twice = broker.channel();
        twice.basicConsume("amq.rabbitmq.reply-to", true, (t, d) -> { }, t -> { });
        assertThatThrownBy(() -> twice.basicConsume("amq.rabbitmq.reply-to", true, (t, d) -> { }, t -> { }))
                .isInstanceOf(IOException.class).rootCause()
                .hasMessageContaining("PRECONDITION_FAILED - reply consumer already set");
    }
}
