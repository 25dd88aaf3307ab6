package io.warren.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Routes from several threads while another binds and unbinds: nothing throws, and every
 * destination routed belongs to a binding that was made at some point and matches the message.
 * Destinations name their own binding key, so the check needs no shared state with the writer
 * beyond the set of keys ever bound.
 */
class ConcurrentRoutingTest {
    private static final int READERS = 3;
    private static final long RUN_MILLIS = 700;

    private static final List<String> BINDING_KEYS = List.of(
            "a.b.c", "a.*.c", "a.#", "#.c", "#", "*.b.*", "a..c", "", "b.#.c", "#.#.c", "x.y", "a.b.c.d");
    private static final List<String> ROUTING_KEYS = List.of("a.b.c", "a.x.c", "", "a", "b.b.c", "a..c", "x.y", "a.b.c.d");

    @Test
    @Timeout(20)
    void topic() throws Exception {
        run(new TopicExchangeType(), (destination, routingKey, headers) ->
                TopicReference.matches(keyOf(destination), routingKey));
    }

    @Test
    @Timeout(20)
    void direct() throws Exception {
        run(new DirectExchangeType(), (destination, routingKey, headers) -> keyOf(destination).equals(routingKey));
    }

    @Test
    @Timeout(20)
    void fanout() throws Exception {
        run(new FanoutExchangeType(), (destination, routingKey, headers) -> true);
    }

    @Test
    @Timeout(20)
    void headers() throws Exception {
        run(new HeadersExchangeType(), (destination, routingKey, headers) ->
                headers.get("k").equals(keyOf(destination)));
    }

    interface Oracle {
        boolean matches(String destination, String routingKey, Map<String, Object> headers);
    }

    /** Destinations are "key|n": the binding key they are bound with, and a number. */
    private static String keyOf(String destination) {
        return destination.substring(0, destination.indexOf('|'));
    }

    private static Binding<String> binding(String key, int n) {
        // For headers, the binding asks for header k = its key.
        return new Binding<>(key + "|" + n, key, Map.of("k", key));
    }

    private void run(ExchangeType type, Oracle oracle) throws Exception {
        BindingTable<String> table = type.newBindingTable();
        Set<String> everBound = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong routes = new AtomicLong();
        AtomicLong delivered = new AtomicLong();
        CountDownLatch started = new CountDownLatch(READERS + 1);
        List<Thread> threads = new ArrayList<>();

        threads.add(new Thread(() -> {
            Random random = new Random(7);
            started.countDown();
            List<Binding<String>> bound = new ArrayList<>();
            while (!stop.get()) {
                int action = random.nextInt(10);
                if (action < 5 || bound.isEmpty()) {
                    Binding<String> b = binding(BINDING_KEYS.get(random.nextInt(BINDING_KEYS.size())), random.nextInt(20));
                    everBound.add(b.destination()); // before the bind, so a reader never sees it unannounced
                    if (table.add(b)) {
                        bound.add(b);
                    }
                } else if (action < 9) {
                    table.remove(bound.remove(random.nextInt(bound.size())));
                } else {
                    String destination = bound.get(random.nextInt(bound.size())).destination();
                    table.removeDestination(destination);
                    bound.removeIf(b -> b.destination().equals(destination));
                }
            }
        }, "binder"));

        for (int r = 0; r < READERS; r++) {
            int seed = r;
            threads.add(new Thread(() -> {
                Random random = new Random(seed);
                started.countDown();
                while (!stop.get()) {
                    String routingKey = ROUTING_KEYS.get(random.nextInt(ROUTING_KEYS.size()));
                    Map<String, Object> headers = Map.of("k", BINDING_KEYS.get(random.nextInt(BINDING_KEYS.size())));
                    table.route(routingKey, headers, destination -> {
                        delivered.incrementAndGet();
                        if (!everBound.contains(destination)) {
                            throw new AssertionError("routed to " + destination + ", which was never bound");
                        }
                        if (!oracle.matches(destination, routingKey, headers)) {
                            throw new AssertionError(destination + " does not match " + routingKey + " " + headers);
                        }
                    });
                    routes.incrementAndGet();
                }
            }, "router-" + r));
        }

        for (Thread thread : threads) {
            thread.setUncaughtExceptionHandler((t, e) -> failure.compareAndSet(null, e));
            thread.start();
        }
        started.await();
        Thread.sleep(RUN_MILLIS);
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(failure.get()).isNull();
        assertThat(routes.get()).isGreaterThan(1000);
        assertThat(delivered.get()).isPositive();

        // Once quiet, the table routes exactly what its bindings say.
        Set<String> bound = new HashSet<>();
        table.bindings().forEach(b -> bound.add(b.destination()));
        assertThat(table.size()).isEqualTo(table.bindings().size());
        for (String routingKey : ROUTING_KEYS) {
            for (String headerKey : BINDING_KEYS) {
                Map<String, Object> headers = Map.of("k", headerKey);
                Set<String> expected = new HashSet<>();
                for (String destination : bound) {
                    if (oracle.matches(destination, routingKey, headers)) {
                        expected.add(destination);
                    }
                }
                assertThat(Routes.distinct(table, routingKey, headers)).isEqualTo(expected);
            }
        }
    }
}
