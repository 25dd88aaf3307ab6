package io.warren.broker.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeySuggestionTest {
    @Test
    void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertThat(KeySuggestion.editDistance("heartbeat", "heartbeat")).isZero();
        assertThat(KeySuggestion.editDistance("hearbeat", "heartbeat")).isEqualTo(1);
        assertThat(KeySuggestion.editDistance("heartbeats", "heartbeat")).isEqualTo(1);
        assertThat(KeySuggestion.editDistance("heartbeet", "heartbeat")).isEqualTo(1);
        assertThat(KeySuggestion.editDistance("", "abc")).isEqualTo(3);
        assertThat(KeySuggestion.editDistance("kitten", "sitting")).isEqualTo(3);
    }

    @Test
    void picksTheClosestWithinTheAllowance() {
        List<String> known = List.of("management.tcp.port", "management.tcp.ip", "heartbeat");

        assertThat(KeySuggestion.closest("management.port", known)).contains("management.tcp.port");
        assertThat(KeySuggestion.closest("management.tcp.ipp", known)).contains("management.tcp.ip");
        assertThat(KeySuggestion.closest("xyz", known)).isEmpty();
        assertThat(KeySuggestion.closest("anything", List.of())).isEmpty();
    }
}
