package io.warren.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The topic trie against {@link TopicReference}, a naive matcher written apart from it, over a
 * small alphabet of words so that random keys collide often: empty words, wildcards, and (in
 * routing keys) literal {@code *} and {@code #} words.
 */
class TopicRoutingPropertyTest {
    private static final List<String> BINDING_WORDS = List.of("a", "b", "", "*", "#");
    private static final List<String> ROUTING_WORDS = List.of("a", "b", "c", "", "*", "#");

    @Provide
    Arbitrary<String> bindingKeys() {
        return Arbitraries.of(BINDING_WORDS).list().ofMaxSize(5).map(words -> String.join(".", words));
    }

    @Provide
    Arbitrary<String> routingKey() {
        return Arbitraries.of(ROUTING_WORDS).list().ofMaxSize(6).map(words -> String.join(".", words));
    }

    @Provide
    Arbitrary<List<String>> bindingKeySets() {
        return bindingKeys().list().ofMaxSize(14);
    }

    @Provide
    Arbitrary<List<String>> routingKeys() {
        return routingKey().list().ofMinSize(1).ofMaxSize(10);
    }

    @Property(tries = 400)
    void routesExactlyTheDestinationsOfMatchingBindingKeys(
            @ForAll("bindingKeySets") List<String> bindingKeys, @ForAll("routingKeys") List<String> routingKeys) {
        BindingTable<Integer> table = new TopicExchangeType().newBindingTable();
        // Destinations shared between keys (i % 5) exercise the per-node dedupe too.
        for (int i = 0; i < bindingKeys.size(); i++) {
            table.add(Binding.of(i % 5, bindingKeys.get(i)));
        }
        for (String routingKey : routingKeys) {
            Set<Integer> expected = new HashSet<>();
            for (int i = 0; i < bindingKeys.size(); i++) {
                if (TopicReference.matches(bindingKeys.get(i), routingKey)) {
                    expected.add(i % 5);
                }
            }
            assertThat(Routes.distinct(table, routingKey)).as("routing key '%s' through %s", routingKey, bindingKeys)
                    .isEqualTo(expected);
        }
    }

    record Op(boolean add, int destination, String key, boolean withArgument) {
        Binding<Integer> binding() {
            return new Binding<>(destination, key, withArgument ? Map.of("v", 1) : Map.of());
        }
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Op> op = Combinators.combine(
                Arbitraries.integers().between(0, 3).map(n -> n != 0), // three adds to one remove
                Arbitraries.integers().between(0, 3),
                bindingKeys(),
                Arbitraries.of(true, false)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 300)
    void anyInterleavingOfBindsAndUnbindsLeavesTheTrieEqualToAModel(
            @ForAll("operations") List<Op> operations, @ForAll("routingKeys") List<String> routingKeys) {
        TopicBindingTable<Integer> table = (TopicBindingTable<Integer>) new TopicExchangeType().<Integer>newBindingTable();
        Set<Binding<Integer>> model = new LinkedHashSet<>();
        for (Op op : operations) {
            if (op.add()) {
                assertThat(table.add(op.binding())).isEqualTo(model.add(op.binding()));
            } else {
                assertThat(table.remove(op.binding())).isEqualTo(model.remove(op.binding()));
            }
            assertThat(table.size()).isEqualTo(model.size());
        }
        assertThat(table.bindings()).containsExactlyElementsOf(model);
        for (String routingKey : routingKeys) {
            Set<Integer> expected = new HashSet<>();
            for (Binding<Integer> binding : model) {
                if (TopicReference.matches(binding.routingKey(), routingKey)) {
                    expected.add(binding.destination());
                }
            }
            assertThat(Routes.distinct(table, routingKey)).isEqualTo(expected);
        }
        for (int destination = 0; destination < 4; destination++) {
            int gone = destination;
            long expectedRemoved = model.stream().filter(b -> b.destination() == gone).count();
            assertThat(table.removeDestination(destination)).isEqualTo(expectedRemoved);
            model.removeIf(b -> b.destination() == gone);
        }
        assertThat(table.size()).isZero();
        assertThat(table.nodeCount()).as("every node pruned").isEqualTo(1);
    }
}
