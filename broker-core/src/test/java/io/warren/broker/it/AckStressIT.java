package io.warren.broker.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.warren.broker.testing.BrokerExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Four confirming publishers and three acknowledging consumers with prefetch 20 on one queue, the
 * consumers sometimes nacking with requeue: every message ends up acknowledged exactly once, and
 * only messages that were nacked are ever redelivered.
 */
class AckStressIT {
    private static final int PUBLISHERS = 4;
    private static final int PER_PUBLISHER = 5000;
    private static final int TOTAL = PUBLISHERS * PER_PUBLISHER;
    private static final int CONSUMERS = 3;

    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    /** What happened to each message id. */
    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> nacks = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> acks = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    private final AtomicInteger ackedCount = new AtomicInteger();
    private final CountDownLatch allAcked = new CountDownLatch(1);

    private final class StressConsumer extends DefaultConsumer {
        private final boolean batchAcks;
        private final List<String> pending = new ArrayList<>();
        private long lastTag;

        StressConsumer(Channel channel, boolean batchAcks) {
            super(channel);
            this.batchAcks = batchAcks;
        }

        @Override
        public synchronized void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
                                                byte[] body) throws IOException {
            String id = properties.getMessageId();
            int seen = deliveries.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            int nacked = nacks.getOrDefault(id, new AtomicInteger()).get();
            if (acks.containsKey(id)) {
                problems.add(id + " delivered again after it was acked");
            }
            if (seen != nacked + 1) {
                problems.add(id + " delivered " + seen + " times after " + nacked + " nacks");
            }
            if (envelope.isRedeliver() != (nacked > 0)) {
                problems.add(id + " redelivered=" + envelope.isRedeliver() + " after " + nacked + " nacks");
            }
            if (!new String(body, StandardCharsets.UTF_8).equals(id)) {
                problems.add(id + " arrived with the wrong body");
            }
            long deliveryTag = envelope.getDeliveryTag();
            if (ThreadLocalRandom.current().nextInt(100) < 5) {
                nacks.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                if (ThreadLocalRandom.current().nextBoolean()) {
                    getChannel().basicNack(deliveryTag, false, true);
                } else {
                    getChannel().basicReject(deliveryTag, true);
                }
                return;
            }
            if (batchAcks) {
                pending.add(id);
                lastTag = deliveryTag;
                if (pending.size() == 7) {
                    flush();
                }
            } else {
                getChannel().basicAck(deliveryTag, false);
                acked(id);
            }
        }

        /** Acks everything pending with one multiple=true ack; also run on a timer, so none lingers. */
        synchronized void flush() throws IOException {
            if (!pending.isEmpty()) {
                getChannel().basicAck(lastTag, true);
                pending.forEach(AckStressIT.this::acked);
                pending.clear();
            }
        }
    }

    private void acked(String id) {
        if (acks.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet() != 1) {
            problems.add(id + " acked twice");
        }
        if (ackedCount.incrementAndGet() == TOTAL) {
            allAcked.countDown();
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void everyMessageIsConsumedExactlyOnce() throws Exception {
        Channel setup = broker.channel();
        String q = BrokerExtension.uniqueName("stress");
        setup.queueDeclare(q, false, false, false, null);

        List<Connection> consumerConnections = new ArrayList<>();
        List<StressConsumer> consumers = new ArrayList<>();
        for (int i = 0; i < CONSUMERS; i++) {
            Connection connection = broker.connect();
            consumerConnections.add(connection);
            Channel channel = connection.createChannel();
            channel.basicQos(20);
            StressConsumer consumer = new StressConsumer(channel, i == CONSUMERS - 1);
            consumers.add(consumer);
            channel.basicConsume(q, false, consumer);
        }

        ExecutorService pool = Executors.newFixedThreadPool(PUBLISHERS + 1);
        try {
            pool.submit(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    for (StressConsumer c : consumers) {
                        c.flush();
                    }
                    Thread.sleep(10);
                }
                return null;
            });
            List<Future<?>> publishers = new ArrayList<>();
            for (int p = 0; p < PUBLISHERS; p++) {
                int publisher = p;
                Channel channel = broker.connect().createChannel(); // the fixture is not thread-safe
                publishers.add(pool.submit(() -> {
                    channel.confirmSelect();
                    for (int i = 0; i < PER_PUBLISHER; i++) {
                        String id = "p" + publisher + "-" + i;
                        channel.basicPublish("", q, new AMQP.BasicProperties.Builder().messageId(id).build(),
                                id.getBytes(StandardCharsets.UTF_8));
                        if (i % 500 == 499) {
                            channel.waitForConfirmsOrDie(10_000);
                        }
                    }
                    channel.waitForConfirmsOrDie(10_000);
                    return null;
                }));
            }
            for (Future<?> f : publishers) {
                f.get(15, TimeUnit.SECONDS);
            }
            boolean done = allAcked.await(15, TimeUnit.SECONDS);
            assertThat(problems).isEmpty();
            assertThat(done).as("all acked; got %d of %d", ackedCount.get(), TOTAL).isTrue();
        } finally {
            pool.shutdownNow();
        }

        Thread.sleep(200); // anything delivered late would be a duplicate
        assertThat(problems).isEmpty();
        assertThat(acks).hasSize(TOTAL);
        assertThat(acks.values()).allMatch(n -> n.get() == 1);
        for (Map.Entry<String, AtomicInteger> e : deliveries.entrySet()) {
            int nacked = nacks.getOrDefault(e.getKey(), new AtomicInteger()).get();
            assertThat(e.getValue().get()).as("deliveries of %s", e.getKey()).isEqualTo(nacked + 1);
        }
        int totalNacks = nacks.values().stream().mapToInt(AtomicInteger::get).sum();
        assertThat(totalNacks).as("some nacks happened").isPositive();
        AMQP.Queue.DeclareOk ok = setup.queueDeclarePassive(q);
        assertThat(ok.getMessageCount()).isZero();
        assertThat(ok.getConsumerCount()).isEqualTo(CONSUMERS);
        for (Connection connection : consumerConnections) {
            connection.close();
        }
        assertThat(setup.queueDeclarePassive(q).getMessageCount()).as("nothing left unacked").isZero();
        setup.queueDelete(q);
    }
}
