package io.warren.broker.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SeriesTest {
    private static final Series.Columns COLUMNS =
            new Series.Columns(Metric.PUBLISH, Metric.DELIVER, Metric.MESSAGES_READY);
    private static final Metric[] PUBLISH = {Metric.PUBLISH};

    private static long[] sample(long publish, long deliver, long ready) {
        long[] sample = new long[Metric.COUNT];
        sample[Metric.PUBLISH.ordinal()] = publish;
        sample[Metric.DELIVER.ordinal()] = deliver;
        sample[Metric.MESSAGES_READY.ordinal()] = ready;
        return sample;
    }

    private static Map<String, Object> render(Series series, String key, Metric[] parts, HistoryRange range, long now) {
        Map<String, Object> out = new TreeMap<>();
        series.render(out, key, parts, range, now);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> details(Map<String, Object> rendered, String key) {
        return (Map<String, Object>) rendered.get(key + "_details");
    }

    @Test
    void theRateIsTheChangeSinceThePreviousSamplePerSecond() {
        Series series = new Series(COLUMNS, 10, 0);
        series.record(10_000, sample(100, 0, 5));
        series.record(15_000, sample(600, 50, 3));

        Map<String, Object> publish = render(series, "publish", PUBLISH, null, 15_000);
        assertThat(publish.get("publish")).isEqualTo(600L);
        assertThat(details(publish, "publish")).containsOnlyKeys("rate");
        assertThat((double) details(publish, "publish").get("rate")).isCloseTo(100.0, within(1e-9));
        Map<String, Object> ready = render(series, "messages_ready", new Metric[] {Metric.MESSAGES_READY}, null, 15_000);
        assertThat((double) details(ready, "messages_ready").get("rate")).isCloseTo(-0.4, within(1e-9));
    }

    @Test
    void theFirstSampleOfAnObjectWithoutAKnownStartHasNoRate() {
        Series series = new Series(COLUMNS, 10, 0);
        series.record(10_000, sample(100, 0, 0));

        assertThat(details(render(series, "publish", PUBLISH, null, 10_000), "publish").get("rate")).isEqualTo(0.0);
    }

    @Test
    void aNewObjectCountsFromZeroAtTheSampleBeforeItWasSeen() {
        Series series = new Series(COLUMNS, 10, 5_000);
        series.record(10_000, sample(100, 0, 0));

        assertThat((double) details(render(series, "publish", PUBLISH, null, 10_000), "publish").get("rate"))
                .isCloseTo(20.0, within(1e-9));
    }

    @Test
    void aFieldCanAddUpSeveralColumns() {
        Series series = new Series(COLUMNS, 10, 0);
        series.record(5_000, sample(1, 2, 0));
        series.record(10_000, sample(11, 22, 0));

        Map<String, Object> sum = render(series, "both", new Metric[] {Metric.PUBLISH, Metric.DELIVER}, null, 10_000);
        assertThat(sum.get("both")).isEqualTo(33L);
        assertThat((double) details(sum, "both").get("rate")).isCloseTo(6.0, within(1e-9));
    }

    @Test
    @SuppressWarnings("unchecked")
    void historyAnswersWithSamplesAtMultiplesOfTheIncrementNewestFirst() {
        Series series = new Series(COLUMNS, 20, 0);
        // One sample every 5 s from t=100 s to t=160 s; publish grows by 10 per sample.
        for (int i = 0; i <= 12; i++) {
            series.record(100_000 + i * 5_000L, sample(i * 10L, 0, 0));
        }

        Map<String, Object> rendered = render(series, "publish", PUBLISH, new HistoryRange(60, 10), 162_000);
        Map<String, Object> details = details(rendered, "publish");
        assertThat(details).containsOnlyKeys("avg", "avg_rate", "rate", "samples");
        List<Map<String, Object>> samples = (List<Map<String, Object>>) details.get("samples");
        assertThat(samples).hasSize(7);
        assertThat(samples).extracting(s -> s.get("timestamp"))
                .containsExactly(160_000L, 150_000L, 140_000L, 130_000L, 120_000L, 110_000L, 100_000L);
        // Each point shows the last sample of its increment: 160 s the one of 160 s, 150 s the one of 155 s...
        assertThat(samples).extracting(s -> s.get("sample")).containsExactly(120L, 110L, 90L, 70L, 50L, 30L, 10L);
        assertThat((double) details.get("avg")).isCloseTo(480.0 / 7, within(1e-9));
        assertThat((double) details.get("avg_rate")).isCloseTo(110.0 / 60, within(1e-9)); // (120 - 10) / 60 s
        assertThat((double) details.get("rate")).isCloseTo(2.0, within(1e-9));
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachPointShowsTheLatestSampleOfItsIncrement() {
        Series series = new Series(COLUMNS, 20, 0);
        series.record(100_000, sample(1, 0, 0));
        series.record(107_000, sample(2, 0, 0));
        series.record(114_000, sample(3, 0, 0));

        Map<String, Object> details = details(render(series, "publish", PUBLISH, new HistoryRange(15, 5), 116_000),
                "publish");
        List<Map<String, Object>> samples = (List<Map<String, Object>>) details.get("samples");
        // 115 -> sample of 114; 110 -> of 114 (before 115); 105 -> of 107; 100 -> of 100
        assertThat(samples).extracting(s -> s.get("sample")).containsExactly(3L, 3L, 2L, 1L);
    }

    @Test
    @SuppressWarnings("unchecked")
    void anObjectWithoutHistoryAnswersItsLatestValueThroughout() {
        Series series = new Series(COLUMNS, 0, 0);
        series.record(100_000, sample(7, 0, 0));

        List<Map<String, Object>> samples = (List<Map<String, Object>>) details(
                render(series, "publish", PUBLISH, new HistoryRange(20, 5), 130_000), "publish").get("samples");
        assertThat(samples).hasSize(5).extracting(s -> s.get("sample")).containsOnly(7L);
    }

    @Test
    void historyIsAllocatedOnlyOnChangeAndReleasedAfterARingWithoutChange() {
        Series series = new Series(COLUMNS, 4, 0);
        series.record(5_000, sample(0, 0, 0));
        assertThat(series.hasHistory()).as("nothing has changed yet").isFalse();

        series.record(10_000, sample(1, 0, 0));
        assertThat(series.hasHistory()).isTrue();
        assertThat(series.historySize()).as("the value before the change, and the change").isEqualTo(2);

        for (int i = 0; i < 3; i++) {
            series.record(15_000 + i * 5_000L, sample(1, 0, 0));
        }
        assertThat(series.hasHistory()).isTrue();
        assertThat(series.historySize()).as("bounded by the ring").isEqualTo(4);
        series.record(30_000, sample(1, 0, 0));
        assertThat(series.hasHistory()).as("four samples without change").isFalse();
        assertThat(series.value(Metric.PUBLISH)).isEqualTo(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void historyReallocatedAfterIdlenessStartsFromTheValueHeldMeanwhile() {
        Series series = new Series(COLUMNS, 3, 0);
        series.record(5_000, sample(0, 0, 0));
        series.record(10_000, sample(5, 0, 0));
        for (int i = 1; i <= 3; i++) {
            series.record(10_000 + i * 5_000L, sample(5, 0, 0));
        }
        assertThat(series.hasHistory()).isFalse();

        series.record(30_000, sample(9, 0, 0));

        List<Map<String, Object>> samples = (List<Map<String, Object>>) details(
                render(series, "publish", PUBLISH, new HistoryRange(10, 5), 30_000), "publish").get("samples");
        assertThat(samples).extracting(s -> s.get("sample")).containsExactly(9L, 5L, 5L);
    }

    @Test
    @SuppressWarnings("unchecked")
    void beforeAnObjectsFirstSampleItsHistoryIsZero() {
        Series series = new Series(COLUMNS, 10, 0);
        series.record(100_000, sample(0, 0, 60));

        List<Map<String, Object>> samples = (List<Map<String, Object>>) details(render(series, "messages_ready",
                new Metric[] {Metric.MESSAGES_READY}, new HistoryRange(30, 10), 110_000), "messages_ready")
                .get("samples");
        assertThat(samples).extracting(s -> s.get("sample")).containsExactly(60L, 60L, 0L, 0L);
    }
}
