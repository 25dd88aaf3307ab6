package io.warren.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import io.warren.broker.testing.BrokerExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SmokeIT {
    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    @Test
    void publishAndGet() throws Exception {
        Channel channel = broker.channel();
        String queue = channel.queueDeclare().getQueue();
        channel.basicPublish("", queue, null, "hello".getBytes(StandardCharsets.UTF_8));
        GetResponse response = null;
        for (int i = 0; i < 50 && response == null; i++) {
            response = channel.basicGet(queue, true);
        }
        assertThat(response).isNotNull();
        assertThat(new String(response.getBody(), StandardCharsets.UTF_8)).isEqualTo("hello");
    }

    @Test
    void consumeWithAcksThroughATopicExchangeWithConfirms() throws Exception {
        Channel channel = broker.channel();
        channel.exchangeDeclare("smoke.topic", BuiltinExchangeType.TOPIC);
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, "smoke.topic", "orders.#");
        channel.confirmSelect();
        channel.basicQos(10);
        int count = 1000;
        CountDownLatch received = new CountDownLatch(count);
        List<String> bodies = new CopyOnWriteArrayList<>();
        Channel consumerChannel = channel.getConnection().createChannel();
        consumerChannel.basicQos(5);
        consumerChannel.basicConsume(queue, false, new DefaultConsumer(consumerChannel) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body)
                    throws java.io.IOException {
                bodies.add(new String(body, StandardCharsets.UTF_8));
                getChannel().basicAck(envelope.getDeliveryTag(), false);
                received.countDown();
            }
        });
        for (int i = 0; i < count; i++) {
            channel.basicPublish("smoke.topic", "orders.eu." + i, null, ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        channel.basicPublish("smoke.topic", "nobody.listens", null, new byte[0]);
        assertThat(channel.waitForConfirms(5000)).isTrue();
        assertThat(received.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(bodies).hasSize(count).startsWith("m0", "m1", "m2").endsWith("m" + (count - 1));
    }

    @Test
    void transactionsHoldPublishesUntilCommit() throws Exception {
        Channel channel = broker.channel();
        String queue = channel.queueDeclare().getQueue();
        channel.txSelect();
        channel.basicPublish("", queue, null, new byte[] {1});
        assertThat(channel.queueDeclarePassive(queue).getMessageCount()).isZero();
        channel.txCommit();
        GetResponse got = null;
        for (int i = 0; i < 50 && got == null; i++) {
            got = channel.basicGet(queue, true);
        }
        assertThat(got).isNotNull();
    }
}
