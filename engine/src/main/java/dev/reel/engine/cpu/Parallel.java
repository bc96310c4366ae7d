package dev.reel.engine.cpu;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one shared worker pool of the CPU backend.
 *
 * <p>Size: the system property {@code reel.threads}, default the number of cores. A kernel splits
 * its outermost loop with {@link #forRange}; the caller's thread runs the first chunk itself, and a
 * call made from inside a worker runs serially, so there are never nested parallel regions.
 *
 * <pre>{@code
 * Parallel.forRange(0, rows, 64, (lo, hi) -> { for (int r = lo; r < hi; r++) work(r); });
 * }</pre>
 */
public final class Parallel {
    /** A body over the half-open range {@code [lo, hi)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int lo, int hi);
    }

    private static volatile int threads = Math.max(1,
            Integer.getInteger("reel.threads", Runtime.getRuntime().availableProcessors()));
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(() -> {
            INSIDE.set(true);
            r.run();
        }, "reel-worker");
        t.setDaemon(true);
        return t;
    });

    private Parallel() {}

    /** Number of threads kernels split their work across. */
    public static int threads() { return threads; }

    /** Sets the number of threads (as {@code torch.set_num_threads}). */
    public static void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("setThreads: need at least 1 thread, got " + n);
        threads = n;
    }

    /**
     * Runs {@code body} over {@code [lo, hi)} split into at most {@link #threads()} chunks of at
     * least {@code grain} iterations each. Small ranges run on the caller's thread.
     */
    public static void forRange(int lo, int hi, int grain, RangeBody body) {
        int n = hi - lo;
        if (n <= 0) return;
        int chunks = Math.min(threads, Math.max(1, n / Math.max(1, grain)));
        if (chunks <= 1 || INSIDE.get()) {
            body.run(lo, hi);
            return;
        }
        CountDownLatch done = new CountDownLatch(chunks - 1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int step = (n + chunks - 1) / chunks;
        for (int c = 1; c < chunks; c++) {
            int a = lo + c * step, b = Math.min(hi, a + step);
            POOL.execute(() -> {
                try {
                    if (a < b) body.run(a, b);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            });
        }
        INSIDE.set(true);
        try {
            body.run(lo, Math.min(hi, lo + step));
        } finally {
            INSIDE.set(false);
        }
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Parallel.forRange: interrupted", e);
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) throw re;
        if (t instanceof Error er) throw er;
        if (t != null) throw new IllegalStateException(t);
    }
}
