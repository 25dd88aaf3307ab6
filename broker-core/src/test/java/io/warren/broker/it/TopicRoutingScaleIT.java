package io.warren.broker.it;

import static io.warren.broker.it.ClientSupport.bytes;
import static io.warren.broker.it.ClientSupport.channel;
import static io.warren.broker.it.ClientSupport.text;
import static io.warren.broker.testing.BrokerExtension.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import io.warren.broker.testing.BrokerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A thousand queues with distinct patterns on one topic exchange, driven through the Java client. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TopicRoutingScaleIT {
    @RegisterExtension
    static final BrokerExtension broker = new BrokerExtension();

    private static final int QUEUES = 1000;

    /**
     * Queue i is bound with a pattern only its own keys match: {@code s.<i>.#} for even i,
     * {@code s.<i>.*} for odd i, {@code *.<i>.x.y} for every tenth i besides. Then for every i:
     * {@code s.<i>.a} (every queue), {@code s.<i>} (even only: '#' takes zero words),
     * {@code q.<i>.x.y} (tenth only), {@code s.<i>.a.b} (even only) and
     * {@code s.<i>x.a} (no queue).
     */
    @Test
    void aThousandQueuesWithDistinctPatternsRouteExactly() throws Exception {
        Channel channel = channel(broker);
        String x = uniqueName("scale");
        channel.exchangeDeclare(x, "topic");
        List<String> queues = new ArrayList<>(QUEUES);
        for (int i = 0; i < QUEUES; i++) {
            String queue = channel.queueDeclare(x + ".q" + i, false, true, true, null).getQueue();
            channel.queueBind(queue, x, i % 2 == 0 ? "s." + i + ".#" : "s." + i + ".*");
            if (i % 10 == 0) {
                channel.queueBind(queue, x, "*." + i + ".x.y");
            }
            queues.add(queue);
        }
        channel.confirmSelect();
        for (int i = 0; i < QUEUES; i++) {
            for (String key : new String[] {"s." + i + ".a", "s." + i, "q." + i + ".x.y", "s." + i + ".a.b",
                                            "s." + i + "x.a"}) {
                channel.basicPublish(x, key, null, bytes(key));
            }
        }
        assertThat(channel.waitForConfirms(10_000)).isTrue();
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < QUEUES; i++) {
            List<String> expected = new ArrayList<>();
            expected.add("s." + i + ".a");
            if (i % 2 == 0) {
                expected.add("s." + i);
            }
            if (i % 10 == 0) {
                expected.add("q." + i + ".x.y");
            }
            if (i % 2 == 0) {
                expected.add("s." + i + ".a.b");
            }
            List<String> got = new ArrayList<>();
            GetResponse response;
            while ((response = channel.basicGet(queues.get(i), true)) != null) {
                got.add(text(response.getBody()));
            }
            if (!got.equals(expected)) {
                mismatches.add("queue " + i + ": expected " + expected + " got " + got);
            }
        }
        assertThat(mismatches).isEmpty();
    }
}
