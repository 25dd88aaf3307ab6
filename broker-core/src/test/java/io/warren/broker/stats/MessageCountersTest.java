package io.warren.broker.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageCountersTest {
    @Test
    void countsEachMetricOnItsOwn() {
        MessageCounters counters = new MessageCounters();
        counters.increment(Metric.PUBLISH);
        counters.increment(Metric.PUBLISH);
        counters.add(Metric.ACK, 5);
        counters.add(Metric.ACK, -1);

        assertThat(counters.get(Metric.PUBLISH)).isEqualTo(2);
        assertThat(counters.get(Metric.ACK)).isEqualTo(4);
        assertThat(counters.get(Metric.DELIVER)).isZero();
    }

    @Test
    void addsIntoTotalsIndexedByMetric() {
        MessageCounters counters = new MessageCounters();
        counters.add(Metric.GET_EMPTY, 3);
        long[] totals = new long[Metric.COUNT];
        totals[Metric.GET_EMPTY.ordinal()] = 10;

        counters.addTo(totals);
        counters.addTo(totals);

        assertThat(totals[Metric.GET_EMPTY.ordinal()]).isEqualTo(16);
        assertThat(totals[Metric.PUBLISH.ordinal()]).isZero();
    }

    @Test
    void aReaderOnAnotherThreadSeesTheOwnersCounts() throws Exception {
        MessageCounters counters = new MessageCounters();
        Thread owner = new Thread(() -> {
            for (int i = 0; i < 100_000; i++) {
                counters.increment(Metric.DELIVER);
            }
        });
        owner.start();
        owner.join();

        assertThat(counters.get(Metric.DELIVER)).isEqualTo(100_000);
    }
}
