package io.warren.broker.it;

import static io.warren.broker.it.BasicClassSupport.awaitReady;
import static io.warren.broker.it.BasicClassSupport.publishConfirmed;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.warren.broker.it.BasicClassSupport.Delivery;
import io.warren.broker.it.BasicClassSupport.Recorder;
import io.warren.broker.testing.BrokerExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Consumers and channels that come and go while messages flow, and acknowledgements in random
 * order: deliveries caught in flight go back to the queue, prefetch windows are not lost, and
 * every message is settled exactly once.
 */
class ConsumerChurnIT {
    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void consumersCancelledMidStreamLoseNothing() throws Exception {
        int total = 4000;
        Channel setup = broker.channel();
        String q = BrokerExtension.uniqueName("churn");
        setup.queueDeclare(q, false, false, false, null);
        publishConfirmed(setup, q, "m", total);
        awaitReady(setup, q, total);

        Channel channel = broker.channel();
        channel.basicQos(10, false);
        channel.basicQos(15, true); // a shared window: a unit lost on cancel would stall everything
        Map<String, AtomicInteger> acked = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        AtomicInteger ackedCount = new AtomicInteger();
        LinkedBlockingQueue<Long> deliveredTags = new LinkedBlockingQueue<>();
        int rounds = 0;
        while (ackedCount.get() < total) {
            rounds++;
            String tag = channel.basicConsume(q, false, new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties,
                                           byte[] body) throws IOException {
                    String id = new String(body, StandardCharsets.UTF_8);
                    if (acked.containsKey(id)) {
                        problems.add(id + " delivered after its ack");
                    }
                    getChannel().basicAck(envelope.getDeliveryTag(), false);
                    if (acked.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet() != 1) {
                        problems.add(id + " acked twice");
                    }
                    ackedCount.incrementAndGet();
                    deliveredTags.add(envelope.getDeliveryTag());
                }
            });
            // Let a few through, then cancel with more on their way.
            for (int i = 0; i < 40 && ackedCount.get() < total; i++) {
                assertThat(deliveredTags.poll(5, TimeUnit.SECONDS)).as("deliveries keep coming (round %d)", rounds)
                        .isNotNull();
            }
            channel.basicCancel(tag);
            deliveredTags.clear();
        }
        assertThat(problems).isEmpty();
        assertThat(acked).hasSize(total);
        assertThat(rounds).isGreaterThan(10);
        Thread.sleep(100);
        assertThat(setup.basicGet(q, true)).isNull();
        assertThat(channel.isOpen()).isTrue();
        setup.queueDelete(q);
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void channelsClosedMidStreamLoseNothing() throws Exception {
        int total = 3000;
        Channel setup = broker.channel();
        String q = BrokerExtension.uniqueName("churn-channels");
        setup.queueDeclare(q, false, false, false, null);
        publishConfirmed(setup, q, "m", total);
        awaitReady(setup, q, total);

        Connection connection = broker.connect();
        Map<String, AtomicInteger> acked = new ConcurrentHashMap<>();
        int rounds = 0;
        while (acked.size() < total) {
            rounds++;
            Channel channel = connection.createChannel();
            channel.basicQos(25);
            Recorder recorder = new Recorder(channel);
            channel.basicConsume(q, false, recorder);
            // Ack the first 30 that arrive (fewer at the end), then close with the rest unacked.
            for (int i = 0; i < 30 && acked.size() < total; i++) {
                Delivery d = recorder.next();
                channel.basicAck(d.tag(), false);
                acked.computeIfAbsent(d.text(), k -> new AtomicInteger()).incrementAndGet();
            }
            channel.close();
        }
        assertThat(acked).hasSize(total);
        assertThat(acked.values()).allMatch(n -> n.get() == 1);
        assertThat(rounds).isGreaterThan(50);
        assertThat(setup.basicGet(q, true)).isNull();
        setup.queueDelete(q);
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void acksInRandomOrderAreEachAcceptedOnce() throws Exception {
        int total = 5000;
        Channel setup = broker.channel();
        String q = BrokerExtension.uniqueName("random-acks");
        setup.queueDeclare(q, false, false, false, null);
        publishConfirmed(setup, q, "m", total);
        awaitReady(setup, q, total);

        Channel channel = broker.channel();
        channel.basicQos(100);
        Recorder recorder = new Recorder(channel);
        channel.basicConsume(q, false, recorder);
        Random random = new Random(42);
        List<Delivery> held = new ArrayList<>();
        int settled = 0;
        int received = 0;
        while (settled < total) {
            if (received < total && (held.size() < 100)) {
                held.add(recorder.next());
                received++;
                continue;
            }
            // Settle a random one of those held; now and then a multiple ack or a requeue.
            int pick = random.nextInt(held.size());
            Delivery d = held.remove(pick);
            int action = random.nextInt(20);
            if (action == 0) {
                channel.basicNack(d.tag(), false, true);
                received--; // it comes back
            } else if (action == 1) {
                long upTo = d.tag();
                channel.basicAck(upTo, true);
                int before = held.size();
                held.removeIf(h -> h.tag() <= upTo);
                settled += 1 + before - held.size();
            } else {
                channel.basicAck(d.tag(), false);
                settled++;
            }
        }
        assertThat(channel.isOpen()).isTrue();
        channel.queueDeclarePassive(q);
        assertThat(channel.isOpen()).as("no ack was refused").isTrue();
        recorder.assertNothingFor(100);
        channel.close();
        assertThat(setup.basicGet(q, true)).isNull();
        setup.queueDelete(q);
    }
}
