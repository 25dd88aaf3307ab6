package io.warren.benchmarks;

import io.warren.routing.Binding;
import io.warren.routing.BindingTable;
import io.warren.routing.DirectExchangeType;
import java.util.concurrent.TimeUnit;
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
 * The cost of routing one message through a direct exchange as its binding count grows from 1 to
 * 100 000, with the same {@code region.service.event} keys as {@link TopicRoutingBenchmark}. The
 * routed key is bound by a handful of queues (three; one when there is a single binding). One hash
 * lookup, so the cost should not move with the count.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar DirectRoutingBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DirectRoutingBenchmark {
    @Param({"1", "1000", "100000"})
    public int bindings;

    private BindingTable<String> table;
    private final TopicRoutingBenchmark.CountingSink sink = new TopicRoutingBenchmark.CountingSink();

    @Setup(Level.Trial)
    public void setUp() {
        table = new DirectExchangeType().newBindingTable();
        table.add(Binding.of("payments-created", TopicRoutingBenchmark.ROUTING_KEY));
        if (bindings > 1) {
            table.add(Binding.of("payments-audit", TopicRoutingBenchmark.ROUTING_KEY));
            table.add(Binding.of("payments-metrics", TopicRoutingBenchmark.ROUTING_KEY));
        }
        String[] regions = TopicRoutingBenchmark.REGIONS;
        for (int i = table.size(); i < bindings; i++) {
            table.add(Binding.of("queue-" + i, regions[i % regions.length] + ".service" + (i % 500) + ".event" + i));
        }
        if (table.size() != bindings) {
            throw new IllegalStateException("expected " + bindings + " bindings, have " + table.size());
        }
        int expected = bindings > 1 ? 3 : 1;
        if (route() != expected) {
            throw new IllegalStateException("routed key should match " + expected + " bindings");
        }
    }

    /** One publish: every matching destination handed to the sink. */
    @Benchmark
    public int route() {
        sink.count = 0;
        table.route(TopicRoutingBenchmark.ROUTING_KEY, null, sink);
        return sink.count;
    }
}
