package io.warren.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExchangeTypeRegistryTest {
    @Test
    void loadsTheBuiltInsFirstAndPluginsFromServiceFiles() {
        ExchangeTypeRegistry registry = ExchangeTypeRegistry.load();
        assertThat(registry.names()).containsExactly("direct", "fanout", "topic", "headers", "x-test-plugin");
        assertThat(registry.find("topic")).get().isInstanceOf(TopicExchangeType.class);
        assertThat(registry.find("x-test-plugin")).get().isInstanceOf(TestPluginExchangeType.class);
        assertThat(registry.find("x-consistent-hash")).isEmpty();
        assertThat(registry.find("Topic")).isEmpty();
    }

    @Test
    void aPluginTableRoutes() {
        BindingTable<String> table = ExchangeTypeRegistry.load().find("x-test-plugin").orElseThrow().newBindingTable();
        table.add(Binding.of("q1", "yes"));
        table.add(Binding.of("q2", "no"));
        assertThat(Routes.distinct(table, "whatever")).containsExactly("q1");
    }

    @Test
    void builtInsAreThereWithoutServiceFiles() {
        ExchangeTypeRegistry registry = ExchangeTypeRegistry.of(List.of());
        assertThat(registry.names()).containsExactly("direct", "fanout", "topic", "headers");
        assertThat(registry.types()).hasSize(4);
    }

    @Test
    void twoClassesClaimingOneNameIsAnError() {
        ExchangeType impostor = new ExchangeType() {
            @Override
            public String name() {
                return "topic";
            }

            @Override
            public <D> BindingTable<D> newBindingTable() {
                throw new UnsupportedOperationException();
            }
        };
        assertThatThrownBy(() -> ExchangeTypeRegistry.of(List.of(impostor)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'topic'")
                .hasMessageContaining(TopicExchangeType.class.getName());
    }

    @Test
    void theSameClassTwiceIsHarmless() {
        assertThat(ExchangeTypeRegistry.of(List.of(new TopicExchangeType())).names()).hasSize(4);
    }

    @Test
    void everyTypeDescribesItself() {
        assertThat(ExchangeTypeRegistry.of(List.of()).types())
                .allSatisfy(type -> assertThat(type.description()).contains(type.name()));
    }
}
