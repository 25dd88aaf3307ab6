package io.warren.broker.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MailboxTest {
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void itemsAreHandledInOrderOnTheOwnersThread() throws Exception {
        List<Integer> seen = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1000);
        Thread[] owner = new Thread[1];
        Mailbox<Integer> mailbox = new Mailbox<>(executor, i -> {
            owner[0] = Thread.currentThread();
            seen.add(i);
            done.countDown();
        }, () -> { }, 16);
        for (int i = 0; i < 1000; i++) {
            mailbox.post(i);
        }
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).hasSize(1000).isSorted();
        assertThat(owner[0]).isNotSameAs(Thread.currentThread());
    }

    /**
     * A wake that lands while a drain is running, after that drain's afterBatch has looked, must
     * still lead to another afterBatch: this is what wakes a queue when its consumer's socket
     * drains, and losing it left messages stranded.
     */
    @Test
    void aWakeDuringADrainIsNotLost() throws Exception {
        AtomicInteger batches = new AtomicInteger();
        CountDownLatch insideFirstBatch = new CountDownLatch(1);
        CountDownLatch wokenMeanwhile = new CountDownLatch(1);
        Mailbox<String> mailbox = new Mailbox<>(executor, item -> { }, () -> {
            if (batches.incrementAndGet() == 1) {
                insideFirstBatch.countDown();
                await(wokenMeanwhile);
            }
        }, 16);
        mailbox.post("first");
        assertThat(insideFirstBatch.await(5, TimeUnit.SECONDS)).isTrue();
        mailbox.wake();
        wokenMeanwhile.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (batches.get() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(batches.get()).as("a second batch ran for the wake").isGreaterThanOrEqualTo(2);
    }

    @Test
    void aBusyOwnerYieldsAfterItsBatchLimit() throws Exception {
        AtomicInteger batches = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(100);
        Mailbox<Integer> mailbox = new Mailbox<>(executor, i -> done.countDown(), batches::incrementAndGet, 10);
        executor.execute(() -> {
            for (int i = 0; i < 100; i++) {
                mailbox.post(i);
            }
        });
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(50);
        assertThat(batches.get()).isGreaterThanOrEqualTo(10);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
