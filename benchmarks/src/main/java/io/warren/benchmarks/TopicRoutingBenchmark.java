package io.warren.benchmarks;

import io.warren.routing.Binding;
import io.warren.routing.BindingTable;
import io.warren.routing.TopicExchangeType;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of routing one message through a topic exchange as its binding count grows from 1 to
 * 100 000. Keys look like {@code region.service.event}; most bindings are exact, one in ten has a
 * {@code *} and one in ten a {@code #}. The routed key matches a handful of bindings (one when there
 * is only one): an exact one, {@code eu-west.*.created}, {@code eu-west.payments.#},
 * {@code *.payments.*} and {@code #.created}. The trie should keep the cost nearly flat.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar TopicRoutingBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TopicRoutingBenchmark {
    static final String ROUTING_KEY = "eu-west.payments.created";
    static final String[] REGIONS = {
        "eu-west", "eu-central", "us-east", "us-west", "ap-south", "ap-northeast", "sa-east", "af-south",
        "me-central", "ca-central", "eu-north", "us-central", "ap-southeast", "eu-south", "il-central", "mx-central",
    };

    @Param({"1", "1000", "100000"})
    public int bindings;

    private BindingTable<String> table;
    private final CountingSink sink = new CountingSink();

    @Setup(Level.Trial)
    public void setUp() {
        table = new TopicExchangeType().newBindingTable();
        table.add(Binding.of("payments-created", ROUTING_KEY));
        if (bindings > 1) {
            table.add(Binding.of("eu-west-created", "eu-west.*.created"));
            table.add(Binding.of("eu-west-payments", "eu-west.payments.#"));
            table.add(Binding.of("all-payments", "*.payments.*"));
            table.add(Binding.of("all-created", "#.created"));
        }
        // Fillers never match the routed key: their services are never "payments", their events never "created".
        for (int i = table.size(); i < bindings; i++) {
            String region = REGIONS[i % REGIONS.length];
            String key = switch (i % 10) {
                case 0 -> region + ".*.event" + i;
                case 1 -> region + ".service" + i + ".#";
                default -> region + ".service" + (i % 500) + ".event" + i;
            };
            table.add(Binding.of("queue-" + i, key));
        }
        if (table.size() != bindings) {
            throw new IllegalStateException("expected " + bindings + " bindings, have " + table.size());
        }
        int expected = bindings > 1 ? 5 : 1;
        if (route() != expected) {
            throw new IllegalStateException("routed key should match " + expected + " bindings");
        }
    }

    /** One publish: every matching destination handed to the sink. */
    @Benchmark
    public int route() {
        sink.count = 0;
        table.route(ROUTING_KEY, null, sink);
        return sink.count;
    }

    /** A sink that allocates nothing, like the broker's per-publish collector. */
    static final class CountingSink implements Consumer<String> {
        int count;
        String last;

        @Override
        public void accept(String destination) {
            count++;
            last = destination;
        }
    }
}
