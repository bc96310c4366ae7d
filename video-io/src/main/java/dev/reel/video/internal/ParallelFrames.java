package dev.reel.video.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decodes the frames of one batch read on several threads: the calling thread and helpers from
 * one small pool shared by all readers ({@code -Dreel.video.threads=N}, default the number of
 * cores; 1 decodes on the caller alone).
 *
 * <p>The threads claim frames one at a time from a shared counter, so a slow frame does not hold
 * the others back. Each thread works as one <em>lane</em> (0 is the caller) and a lane runs on one
 * thread at a time, so a lane can own a decoder and buffers. A helper that has not started by the
 * time the caller runs out of frames is cancelled rather than awaited: with several readers
 * sharing the pool (data-loader workers), a busy pool never holds a batch up.
 *
 * <pre>{@code
 * ParallelFrames.forEach(indices.length, decoders.length, (lane, t) -> decoders[lane].decode(indices[t]));
 * }</pre>
 */
final class ParallelFrames {
    private ParallelFrames() {}

    /** Threads a batch may use, the caller included. */
    static final int THREADS = Math.max(1, Integer.getInteger("reel.video.threads", Runtime.getRuntime().availableProcessors()));

    private static final ExecutorService POOL = THREADS == 1 ? null : Executors.newFixedThreadPool(THREADS - 1, r -> {
        Thread t = new Thread(r, "reel-video-decode");
        t.setDaemon(true); // never keeps the JVM alive
        return t;
    });

    /** One unit of work: item {@code t} of the batch, done on lane {@code lane}. */
    @FunctionalInterface
    interface LaneTask {
        void run(int lane, int t);
    }

    /**
     * Runs {@code task(lane, t)} for every {@code t} in {@code [0, n)} on up to {@code lanes}
     * threads. When items fail, the other items stop being claimed and the failure of the lowest
     * failing {@code t} is rethrown on the caller, after every helper has stopped.
     */
    static void forEach(int n, int lanes, LaneTask task) {
        int k = Math.min(Math.min(n, lanes), THREADS);
        if (k <= 1) {
            for (int t = 0; t < n; t++) task.run(0, t);
            return;
        }
        Batch batch = new Batch(n, task);
        Helper[] helpers = new Helper[k - 1];
        for (int l = 1; l < k; l++) {
            helpers[l - 1] = new Helper(batch, l);
            POOL.execute(helpers[l - 1]);
        }
        batch.work(0);
        for (Helper h : helpers) h.cancelOrAwait();
        batch.rethrow();
    }

    /** A helper thread's share of a batch; one that has not started when the caller is done never will. */
    private static final class Helper implements Runnable {
        private static final int QUEUED = 0, RUNNING = 1, CANCELLED = 2;
        private final AtomicInteger state = new AtomicInteger(QUEUED);
        private final CountDownLatch done = new CountDownLatch(1);
        private final Batch batch;
        private final int lane;

        Helper(Batch batch, int lane) {
            this.batch = batch;
            this.lane = lane;
        }

        @Override
        public void run() {
            if (!state.compareAndSet(QUEUED, RUNNING)) return;
            try {
                batch.work(lane);
            } finally {
                done.countDown();
            }
        }

        /** Cancels the helper if it has not started, else waits for it: it may still be writing into the caller's array. */
        void cancelOrAwait() {
            if (state.compareAndSet(QUEUED, CANCELLED)) return;
            boolean interrupted = false;
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // keep waiting, restore the flag after
                }
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private static final class Batch {
        final int n;
        final LaneTask task;
        final AtomicInteger next = new AtomicInteger();
        volatile boolean failed;
        private int failedAt = Integer.MAX_VALUE;
        private Throwable failure;

        Batch(int n, LaneTask task) {
            this.n = n;
            this.task = task;
        }

        void work(int lane) {
            while (!failed) {
                int t = next.getAndIncrement();
                if (t >= n) return;
                try {
                    task.run(lane, t);
                } catch (RuntimeException | Error e) {
                    fail(t, e);
                }
            }
        }

        synchronized void fail(int t, Throwable e) {
            if (t < failedAt) {
                failedAt = t;
                failure = e;
            }
            failed = true;
        }

        synchronized void rethrow() {
            if (failure instanceof RuntimeException e) throw e;
            if (failure instanceof Error e) throw e;
        }
    }
}
