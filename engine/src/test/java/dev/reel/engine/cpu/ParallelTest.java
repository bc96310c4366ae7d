package dev.reel.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The worker team: every index exactly once at 1..4 threads, no nesting, errors reach the caller, concurrent callers. */
class ParallelTest {
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    @Test
    void everyIndexRunsExactlyOnce() {
        for (int threads = 1; threads <= 4; threads++) {
            Parallel.setThreads(threads);
            for (int n : new int[] {1, 2, 3, 7, 17, 31, 33, 65, 127, 129}) {
                for (int grain : new int[] {1, 2, 5, 1000}) {
                    for (int rep = 0; rep < 20; rep++) {   // back-to-back regions reuse the same workers
                        AtomicIntegerArray seen = new AtomicIntegerArray(n + 3);
                        Parallel.forRange(3, n + 3, grain, (lo, hi) -> {
                            for (int i = lo; i < hi; i++) seen.incrementAndGet(i);
                        });
                        for (int i = 0; i < n + 3; i++) {
                            assertEquals(i < 3 ? 0 : 1, seen.get(i), "threads=" + threads + " n=" + n + " grain=" + grain + " index " + i);
                        }
                    }
                }
            }
        }
    }

    @Test
    void nestedRegionsRunOnTheirOwnThread() {
        Parallel.setThreads(4);
        AtomicIntegerArray mismatches = new AtomicIntegerArray(1);
        Parallel.forRange(0, 4, 1, (lo, hi) -> {
            Thread outer = Thread.currentThread();
            Parallel.forRange(0, 100, 1, (a, b) -> {
                if (Thread.currentThread() != outer) mismatches.incrementAndGet(0);
            });
        });
        assertEquals(0, mismatches.get(0));
    }

    @Test
    void aWorkersExceptionReachesTheCaller() {
        Parallel.setThreads(3);
        var e = assertThrows(IllegalArgumentException.class, () -> Parallel.forRange(0, 3, 1, (lo, hi) -> {
            if (lo == 2) throw new IllegalArgumentException("chunk " + lo);
        }));
        assertEquals("chunk 2", e.getMessage());
        // the team is still usable afterwards
        AtomicIntegerArray seen = new AtomicIntegerArray(3);
        Parallel.forRange(0, 3, 1, (lo, hi) -> seen.incrementAndGet(lo));
        for (int i = 0; i < 3; i++) assertEquals(1, seen.get(i));
    }

    @Test
    void concurrentCallersBothGetTheirWholeRange() throws Exception {
        Parallel.setThreads(2);
        int n = 100_000;
        long[] sums = new long[2];
        Thread[] callers = new Thread[2];
        for (int t = 0; t < 2; t++) {
            int id = t;
            callers[t] = new Thread(() -> {
                for (int rep = 0; rep < 200; rep++) {
                    java.util.concurrent.atomic.AtomicLong s = new java.util.concurrent.atomic.AtomicLong();
                    Parallel.forRange(0, n, 1000, (lo, hi) -> {
                        long local = 0;
                        for (int i = lo; i < hi; i++) local += i;
                        s.addAndGet(local);
                    });
                    if (s.get() != (long) n * (n - 1) / 2) return;
                    sums[id]++;
                }
            });
            callers[t].start();
        }
        for (Thread c : callers) c.join(60_000);
        assertTrue(sums[0] == 200 && sums[1] == 200, "complete regions: " + sums[0] + ", " + sums[1]);
    }
}
