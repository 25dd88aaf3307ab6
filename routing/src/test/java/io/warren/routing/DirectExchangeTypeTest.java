package io.warren.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DirectExchangeTypeTest extends BindingTableContract {
    @Override
    ExchangeType type() {
        return new DirectExchangeType();
    }

    private final BindingTable<String> direct = type().newBindingTable();

    @Test
    void isCalledDirect() {
        assertThat(type().name()).isEqualTo("direct");
    }

    @Test
    void matchesTheWholeKeyExactly() {
        direct.add(Binding.of("q1", "orders"));
        assertThat(Routes.distinct(direct, "orders")).containsExactly("q1");
        assertThat(Routes.distinct(direct, "Orders")).isEmpty();
        assertThat(Routes.distinct(direct, "orders.created")).isEmpty();
        assertThat(Routes.distinct(direct, "order")).isEmpty();
        assertThat(Routes.distinct(direct, "orders ")).isEmpty();
    }

    @Test
    void wildcardsMeanNothing() {
        direct.add(Binding.of("q1", "#"));
        direct.add(Binding.of("q2", "*"));
        assertThat(Routes.distinct(direct, "orders")).isEmpty();
        assertThat(Routes.distinct(direct, "#")).containsExactly("q1");
        assertThat(Routes.distinct(direct, "*")).containsExactly("q2");
    }

    @Test
    void theEmptyKeyIsAKeyLikeAnyOther() {
        direct.add(Binding.of("q1", ""));
        assertThat(Routes.distinct(direct, "")).containsExactly("q1");
        assertThat(Routes.distinct(direct, "a")).isEmpty();
    }

    @Test
    void oneDestinationBoundTwiceUnderOneKeyIsRoutedOnce() {
        direct.add(Binding.of("q1", "k"));
        direct.add(new Binding<>("q1", "k", Map.of("a", 1)));
        assertThat(Routes.all(direct, "k", null)).containsExactly("q1");
    }

    @Test
    void headersAreIgnored() {
        direct.add(new Binding<>("q1", "k", Map.of("x-match", "any", "a", 1)));
        assertThat(Routes.distinct(direct, "k", Map.of("b", 2))).containsExactly("q1");
    }

    @Test
    void acceptsAnyBinding() {
        assertThatCode(() -> type().validateBinding("#", Map.of("x-match", "bogus"))).doesNotThrowAnyException();
    }
}
