package io.warren.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BindingTest {
    @Test
    void identityIsDestinationKeyAndArguments() {
        assertThat(new Binding<>("q", "k", Map.of("a", 1))).isEqualTo(new Binding<>("q", "k", Map.of("a", 1)));
        assertThat(new Binding<>("q", "k", Map.of("a", 1))).isNotEqualTo(new Binding<>("q", "k", Map.of("a", 2)));
        assertThat(Binding.of("q", "k")).isNotEqualTo(Binding.of("q", "k2"));
        assertThat(Binding.of("q", "k")).isNotEqualTo(Binding.of("q2", "k"));
    }

    @Test
    void argumentValuesAreTypeSensitiveForIdentity() {
        assertThat(new Binding<>("q", "k", Map.of("a", 1))).isNotEqualTo(new Binding<>("q", "k", Map.of("a", 1L)));
    }

    @Test
    void nullAndEmptyArgumentsAreTheSame() {
        assertThat(new Binding<>("q", "k", null)).isEqualTo(Binding.of("q", "k"));
        assertThat(new Binding<>("q", "k", null).arguments()).isEmpty();
    }

    @Test
    void argumentsAreAnUnmodifiableCopyThatKeepsVoidValues() {
        Map<String, Object> arguments = new HashMap<>();
        arguments.put("present", null);
        Binding<String> binding = new Binding<>("q", "k", arguments);
        arguments.put("later", 1);

        assertThat(binding.arguments()).containsOnlyKeys("present");
        assertThat(binding.arguments().get("present")).isNull();
        assertThatThrownBy(() -> binding.arguments().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void destinationAndKeyAreRequired() {
        assertThatThrownBy(() -> Binding.of(null, "k")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Binding.of("q", null)).isInstanceOf(NullPointerException.class);
    }
}
