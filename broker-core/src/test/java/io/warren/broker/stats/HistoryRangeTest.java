package io.warren.broker.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HistoryRangeTest {
    @Test
    void bothParametersMakeARange() {
        HistoryRange range = HistoryRange.of("60", "5");

        assertThat(range).isEqualTo(new HistoryRange(60, 5));
        assertThat(range.sampleCount()).isEqualTo(13);
    }

    @Test
    void aMissingParameterMeansNoHistory() {
        assertThat(HistoryRange.of(null, "5")).isNull();
        assertThat(HistoryRange.of("60", null)).isNull();
    }

    @Test
    void badValuesAreRefusedWithAReason() {
        assertThatThrownBy(() -> HistoryRange.of("sixty", "5")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whole numbers");
        assertThatThrownBy(() -> HistoryRange.of("60", "0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HistoryRange.of("-1", "5")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HistoryRange.of("86400", "1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than 1000 samples");
    }
}
