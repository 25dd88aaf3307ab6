package io.warren.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The routing path must not allocate: measured with the JVM's per-thread allocation counter over
 * many routes after a warm-up. Any allocation per route (a substring per word, an iterator, a
 * boxed value) shows up as at least 16 bytes a route.
 */
class AllocationTest {
    private static final int ROUTES = 20_000;

    private static final class Counter implements Consumer<Object> {
        long count;

        @Override
        public void accept(Object destination) {
            count++;
        }
    }

    private final Counter sink = new Counter();

    private static com.sun.management.ThreadMXBean threads() {
        var bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's allocation counter");
        var hotspot = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(hotspot.isThreadAllocatedMemorySupported() && hotspot.isThreadAllocatedMemoryEnabled());
        return hotspot;
    }

    private long bytesPerRoute(BindingTable<String> table, String routingKey, Map<String, Object> headers) {
        var threads = threads();
        long id = Thread.currentThread().getId();
        for (int i = 0; i < ROUTES; i++) {
            table.route(routingKey, headers, sink);
        }
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < ROUTES; i++) {
            table.route(routingKey, headers, sink);
        }
        long after = threads.getThreadAllocatedBytes(id);
        return (after - before) / ROUTES;
    }

    @Test
    void topicWithWildcards() {
        BindingTable<String> topic = new TopicExchangeType().newBindingTable();
        for (int i = 0; i < 1000; i++) {
            topic.add(Binding.of("q" + i, "eu.service" + i + ".created"));
        }
        topic.add(Binding.of("star", "eu.*.created"));
        topic.add(Binding.of("hash", "#.created"));
        topic.add(Binding.of("hashes", "#.#.#.created"));
        topic.add(Binding.of("middle", "eu.#.created"));
        assertThat(bytesPerRoute(topic, "eu.service7.created", null)).isZero();
        assertThat(sink.count).isEqualTo(2L * ROUTES * 5);
    }

    @Test
    void direct() {
        BindingTable<String> direct = new DirectExchangeType().newBindingTable();
        direct.add(Binding.of("q1", "orders.created"));
        direct.add(Binding.of("q2", "orders.created"));
        assertThat(bytesPerRoute(direct, "orders.created", null)).isZero();
        assertThat(sink.count).isEqualTo(2L * ROUTES * 2);
    }

    @Test
    void fanout() {
        BindingTable<String> fanout = new FanoutExchangeType().newBindingTable();
        fanout.add(Binding.of("q1", ""));
        fanout.add(Binding.of("q2", ""));
        assertThat(bytesPerRoute(fanout, "", null)).isZero();
    }

    @Test
    void headers() {
        BindingTable<String> headers = new HeadersExchangeType().newBindingTable();
        headers.add(new Binding<>("q1", "", Map.of("x-match", "all", "region", "eu", "size", 3)));
        headers.add(new Binding<>("q2", "", Map.of("x-match", "any", "size", 3L, "kind", "x")));
        headers.add(new Binding<>("q3", "", Map.of("x-match", "all", "size", 4)));
        assertThat(bytesPerRoute(headers, "", Map.of("region", "eu", "size", 3L, "other", true))).isZero();
        assertThat(sink.count).isEqualTo(2L * ROUTES * 2);
    }
}
