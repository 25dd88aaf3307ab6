package io.warren.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BindingTable} promises, whatever its matching. Each type's test class extends
 * this and supplies a binding key, arguments and a message that match each other.
 */
abstract class BindingTableContract {
    abstract ExchangeType type();

    /** The binding key that the message below matches. */
    String key() {
        return "orders.created";
    }

    /** Arguments that the message below matches. */
    Map<String, Object> arguments() {
        return Map.of();
    }

    Map<String, Object> headers() {
        return Map.of("region", "eu");
    }

    private final BindingTable<String> table = type().newBindingTable();

    private Binding<String> binding(String destination) {
        return new Binding<>(destination, key(), arguments());
    }

    private Binding<String> bindingWithExtraArgument(String destination) {
        Map<String, Object> arguments = new java.util.LinkedHashMap<>(arguments());
        arguments.put("x-extra", 1);
        return new Binding<>(destination, key(), arguments);
    }

    private List<String> route() {
        return Routes.all(table, "orders.created", headers());
    }

    @Test
    void anEmptyTableRoutesNowhere() {
        assertThat(route()).isEmpty();
        assertThat(table.size()).isZero();
        assertThat(table.bindings()).isEmpty();
        assertThat(table.bindingsFor("q1")).isEmpty();
    }

    @Test
    void routesToABoundDestination() {
        assertThat(table.add(binding("q1"))).isTrue();
        assertThat(route()).containsExactly("q1");
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void routesToEveryMatchingDestination() {
        table.add(binding("q1"));
        table.add(binding("q2"));
        assertThat(route()).containsExactlyInAnyOrder("q1", "q2");
    }

    @Test
    void addingTheSameBindingTwiceIsRefused() {
        assertThat(table.add(binding("q1"))).isTrue();
        assertThat(table.add(binding("q1"))).isFalse();
        assertThat(table.size()).isEqualTo(1);
        assertThat(route()).containsExactly("q1");
    }

    @Test
    void bindingsDifferingOnlyInArgumentsAreDistinct() {
        assertThat(table.add(binding("q1"))).isTrue();
        assertThat(table.add(bindingWithExtraArgument("q1"))).isTrue();
        assertThat(table.size()).isEqualTo(2);
        assertThat(route()).isNotEmpty().containsOnly("q1");

        assertThat(table.remove(binding("q1"))).isTrue();
        assertThat(route()).isNotEmpty().containsOnly("q1");
        assertThat(table.remove(bindingWithExtraArgument("q1"))).isTrue();
        assertThat(route()).isEmpty();
    }

    @Test
    void removingStopsRouting() {
        table.add(binding("q1"));
        table.add(binding("q2"));
        assertThat(table.remove(binding("q1"))).isTrue();
        assertThat(route()).containsExactly("q2");
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void removingAnAbsentBindingReturnsFalse() {
        assertThat(table.remove(binding("q1"))).isFalse();
        table.add(binding("q1"));
        assertThat(table.remove(bindingWithExtraArgument("q1"))).isFalse();
        assertThat(table.remove(binding("q2"))).isFalse();
        assertThat(table.size()).isEqualTo(1);
        assertThat(route()).containsExactly("q1");
    }

    @Test
    void removeDestinationRemovesAllItsBindingsAndCountsThem() {
        table.add(binding("q1"));
        table.add(bindingWithExtraArgument("q1"));
        table.add(new Binding<>("q1", "other.key", arguments()));
        table.add(binding("q2"));

        assertThat(table.removeDestination("q1")).isEqualTo(3);
        assertThat(route()).containsExactly("q2");
        assertThat(table.bindingsFor("q1")).isEmpty();
        assertThat(table.bindings()).containsExactly(binding("q2"));
        assertThat(table.size()).isEqualTo(1);
        assertThat(table.removeDestination("q1")).isZero();
    }

    @Test
    void bindingsAreAnUnmodifiableSnapshotInInsertionOrder() {
        table.add(binding("q2"));
        table.add(binding("q1"));
        List<Binding<String>> snapshot = table.bindings();
        table.add(binding("q3"));
        table.remove(binding("q2"));

        assertThat(snapshot).containsExactly(binding("q2"), binding("q1"));
        assertThat(table.bindings()).containsExactly(binding("q1"), binding("q3"));
        assertThatThrownBy(() -> snapshot.add(binding("q9"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void bindingsForListsOneDestination() {
        table.add(binding("q1"));
        table.add(binding("q2"));
        table.add(bindingWithExtraArgument("q1"));
        assertThat(table.bindingsFor("q1")).containsExactly(binding("q1"), bindingWithExtraArgument("q1"));
        assertThat(table.bindingsFor("q2")).containsExactly(binding("q2"));
    }

    @Test
    void rebindingAfterRemovalRoutesAgain() {
        table.add(binding("q1"));
        table.removeDestination("q1");
        assertThat(table.add(binding("q1"))).isTrue();
        assertThat(route()).containsExactly("q1");
    }
}
