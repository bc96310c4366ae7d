package dev.reel.video.internal;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.*;

class ParallelFramesTest {
    @Test
    void everyItemRunsOnceAndEachLaneOnOneThreadAtATime() {
        for (int round = 0; round < 200; round++) {
            int n = 1 + round % 37;
            AtomicIntegerArray runs = new AtomicIntegerArray(n);
            AtomicIntegerArray busy = new AtomicIntegerArray(ParallelFrames.THREADS);
            ParallelFrames.forEach(n, ParallelFrames.THREADS, (lane, t) -> {
                assertEquals(0, busy.getAndIncrement(lane), "lane " + lane + " entered twice at once");
                runs.incrementAndGet(t);
                busy.decrementAndGet(lane);
            });
            // forEach returned: every item is done, none is still running
            for (int t = 0; t < n; t++) assertEquals(1, runs.get(t), "item " + t + " of " + n);
        }
    }

    @Test
    void theLowestFailingItemIsRethrownAfterTheOthersStop() {
        for (int round = 0; round < 50; round++) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ParallelFrames.forEach(40, 8, (lane, t) -> {
                if (t == 9 || t == 23) throw new IllegalStateException("item " + t);
            }));
            assertEquals("item 9", e.getMessage());
        }
    }
}
