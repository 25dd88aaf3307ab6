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

    /**
     * An owner that moves mid-stream (a queue following its first consumer) keeps every item, in
     * order per poster, never runs on two threads at once, and runs on the new thread from the next
     * drain on.
     */
    @Test
    void anOwnerThatMovesLosesNothingAndNeverRunsTwiceAtOnce() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor(r -> new Thread(r, "mailbox-test-other"));
        try {
            int posters = 4;
            int perPoster = 20_000;
            int[] lastSeen = new int[posters];
            java.util.Arrays.fill(lastSeen, -1);
            AtomicInteger running = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            AtomicInteger outOfOrder = new AtomicInteger();
            AtomicInteger handledAfterMoveElsewhere = new AtomicInteger();
            boolean[] moved = new boolean[1];
            CountDownLatch done = new CountDownLatch(posters * perPoster);
            @SuppressWarnings("unchecked")
            Mailbox<int[]>[] box = new Mailbox[1];
            box[0] = new Mailbox<>(executor, item -> {
                if (running.incrementAndGet() != 1) {
                    overlaps.incrementAndGet();
                }
                if (moved[0] && !Thread.currentThread().getName().equals("mailbox-test-other")) {
                    handledAfterMoveElsewhere.incrementAndGet();
                }
                if (item[1] != lastSeen[item[0]] + 1) {
                    outOfOrder.incrementAndGet();
                }
                lastSeen[item[0]] = item[1];
                if (item[0] == 0 && item[1] == perPoster / 2) {
                    box[0].moveTo(other);
                }
                running.decrementAndGet();
                done.countDown();
            }, () -> moved[0] = moved[0] || lastSeen[0] >= perPoster / 2, 64);
            Thread[] threads = new Thread[posters];
            for (int p = 0; p < posters; p++) {
                int poster = p;
                threads[p] = new Thread(() -> {
                    for (int i = 0; i < perPoster; i++) {
                        box[0].post(new int[] {poster, i});
                    }
                });
                threads[p].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(overlaps.get()).as("drains running at once").isZero();
            assertThat(outOfOrder.get()).as("items out of order").isZero();
            assertThat(lastSeen).containsOnly(perPoster - 1);
            assertThat(moved[0]).isTrue();
            assertThat(handledAfterMoveElsewhere.get()).as("items handled on the old thread after the move").isZero();
        } finally {
            other.shutdownNow();
        }
    }

    /**
     * On event loops (where a busy owner's next drain goes through the loop's schedule), an owner
     * moving back and forth while posters and a waker run loses no item and no wake, and never runs
     * on two loops at once.
     */
    @Test
    void anOwnerMovingBetweenEventLoopsLosesNothing() throws Exception {
        io.netty.channel.DefaultEventLoopGroup loops = new io.netty.channel.DefaultEventLoopGroup(2);
        try {
            java.util.concurrent.Executor first = loops.next();
            java.util.concurrent.Executor second = loops.next();
            int total = 200_000;
            AtomicInteger running = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            AtomicInteger wakesSeen = new AtomicInteger();
            int[] last = {-1};
            AtomicInteger outOfOrder = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(total);
            @SuppressWarnings("unchecked")
            Mailbox<Integer>[] box = new Mailbox[1];
            box[0] = new Mailbox<>(first, item -> {
                if (running.incrementAndGet() != 1) {
                    overlaps.incrementAndGet();
                }
                if (item != last[0] + 1) {
                    outOfOrder.incrementAndGet();
                }
                last[0] = item;
                if (item % 1_000 == 999) {
                    box[0].moveTo(box[0].livesOn(first) ? second : first);
                }
                running.decrementAndGet();
                done.countDown();
            }, wakesSeen::incrementAndGet, 64);
            Thread poster = new Thread(() -> {
                for (int i = 0; i < total; i++) {
                    box[0].post(i);
                }
            });
            poster.start();
            poster.join();
            assertThat(done.await(20, TimeUnit.SECONDS)).as("every item handled").isTrue();
            // A wake after everything was handled still earns a batch, wherever the owner now lives.
            int before = wakesSeen.get();
            box[0].wake();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (wakesSeen.get() == before && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertThat(wakesSeen.get()).as("a batch ran for the last wake").isGreaterThan(before);
            assertThat(overlaps.get()).as("drains running at once").isZero();
            assertThat(outOfOrder.get()).as("items out of order").isZero();
        } finally {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
