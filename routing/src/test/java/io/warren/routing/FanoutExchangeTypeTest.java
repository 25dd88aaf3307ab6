package io.warren.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FanoutExchangeTypeTest extends BindingTableContract {
    @Override
    ExchangeType type() {
        return new FanoutExchangeType();
    }

    private final BindingTable<String> fanout = type().newBindingTable();

    @Test
    void isCalledFanout() {
        assertThat(type().name()).isEqualTo("fanout");
    }

    @Test
    void routesEveryMessageToEveryDestinationWhateverTheKeys() {
        fanout.add(Binding.of("q1", "a"));
        fanout.add(Binding.of("q2", ""));
        fanout.add(new Binding<>("q3", "#", Map.of("x-match", "any", "h", 1)));
        assertThat(Routes.all(fanout, "anything", null)).containsExactlyInAnyOrder("q1", "q2", "q3");
        assertThat(Routes.all(fanout, "", Map.of("h", 2))).containsExactlyInAnyOrder("q1", "q2", "q3");
    }

    @Test
    void aDestinationBoundSeveralTimesIsRoutedOnceAndLeavesWithItsLastBinding() {
        fanout.add(Binding.of("q1", "a"));
        fanout.add(Binding.of("q1", "b"));
        assertThat(Routes.all(fanout, "x", null)).containsExactly("q1");
        fanout.remove(Binding.of("q1", "a"));
        assertThat(Routes.all(fanout, "x", null)).containsExactly("q1");
        fanout.remove(Binding.of("q1", "b"));
        assertThat(Routes.all(fanout, "x", null)).isEmpty();
    }
}
