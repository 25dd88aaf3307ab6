package io.warren.broker.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LongDequeTest {
    @Test
    void keepsOrderAcrossChunksWhileFillingAndDrainingInterleaved() {
        LongDeque deque = new LongDeque();
        long next = 0;
        long expected = 0;
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 10_000; i++) {
                deque.addLast(next++);
            }
            for (int i = 0; i < 7_000; i++) {
                assertThat(deque.pollFirst()).isEqualTo(expected++);
            }
        }
        assertThat(deque.size()).isEqualTo(15_000);
        while (!deque.isEmpty()) {
            assertThat(deque.pollFirst()).isEqualTo(expected++);
        }
        assertThat(expected).isEqualTo(next);
        deque.addLast(42);
        assertThat(deque.pollFirst()).isEqualTo(42);
        assertThatThrownBy(deque::pollFirst).isInstanceOf(IllegalStateException.class);
    }
}
