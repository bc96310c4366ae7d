package dev.reel.engine.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

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
 *
 * <p>The workers are a fixed team (as OpenMP's): worker i always runs chunk i + 1, so its
 * per-thread buffers (GEMM panels, convolution columns) and caches stay warm from one region to the
 * next; the former cached thread pool started a new thread whenever the last one had not yet gone
 * back to waiting, and that thread began with empty buffers. A chunk is handed over by
 * {@link LockSupport#unpark}, and waiting threads park at once: spinning with
 * {@code Thread.onSpinWait} first made a region 30 times slower on our KVM machines, where the
 * hypervisor traps PAUSE loops. One region runs at a time; a second thread that calls
 * {@code forRange} meanwhile (a data loader next to the training loop) runs its range itself.
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
    private static final ReentrantLock TEAM_LOCK = new ReentrantLock();
    private static Worker[] team = new Worker[0];   // guarded by TEAM_LOCK

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
        if (chunks <= 1 || INSIDE.get() || !TEAM_LOCK.tryLock()) {
            body.run(lo, hi);
            return;
        }
        try {
            runOnTeam(lo, hi, chunks, body);
        } finally {
            TEAM_LOCK.unlock();
        }
    }

    private static void runOnTeam(int lo, int hi, int chunks, RangeBody body) {
        if (team.length < chunks - 1) {
            Worker[] grown = java.util.Arrays.copyOf(team, chunks - 1);
            for (int i = team.length; i < grown.length; i++) grown[i] = new Worker(i);
            team = grown;
        }
        int step = (hi - lo + chunks - 1) / chunks;
        Region region = new Region(body, lo, hi, step, chunks - 1, Thread.currentThread());
        for (int c = 1; c < chunks; c++) team[c - 1].submit(region, c);
        INSIDE.set(true);
        try {
            region.runChunk(0);
        } finally {
            INSIDE.set(false);
            region.awaitWorkers();
        }
        Throwable t = region.failure.get();
        if (t instanceof RuntimeException re) throw re;
        if (t instanceof Error er) throw er;
        if (t != null) throw new IllegalStateException(t);
    }

    /** One call of forRange: its chunks and how many workers have yet to finish theirs. */
    private static final class Region {
        final RangeBody body;
        final int lo, hi, step;
        final AtomicInteger pending;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread caller;

        Region(RangeBody body, int lo, int hi, int step, int workers, Thread caller) {
            this.body = body;
            this.lo = lo;
            this.hi = hi;
            this.step = step;
            this.pending = new AtomicInteger(workers);
            this.caller = caller;
        }

        void runChunk(int c) {
            int a = lo + c * step, b = Math.min(hi, a + step);
            if (a < b) body.run(a, b);
        }

        /** Called by a worker when its chunk is done; the last one wakes the caller. */
        void workerDone() {
            if (pending.decrementAndGet() == 0) LockSupport.unpark(caller);
        }

        void awaitWorkers() {
            while (pending.get() != 0) LockSupport.park(this);
        }
    }

    /** A team thread: waits for a region, runs its chunk, reports back. */
    private static final class Worker implements Runnable {
        private final Thread thread;
        private volatile Region task;
        private int chunk;

        Worker(int index) {
            thread = new Thread(this, "reel-worker-" + (index + 1));
            thread.setDaemon(true);
            thread.start();
        }

        /** Hands chunk c of region r to this worker (it is idle: the previous region has completed). */
        void submit(Region r, int c) {
            chunk = c;
            task = r;   // volatile write: publishes chunk too
            LockSupport.unpark(thread);
        }

        @Override
        public void run() {
            INSIDE.set(true);
            while (true) {
                Region r = awaitTask();
                try {
                    r.runChunk(chunk);
                } catch (Throwable t) {
                    r.failure.compareAndSet(null, t);
                } finally {
                    task = null;        // before workerDone: the next submit comes only after it
                    r.workerDone();
                }
            }
        }

        private Region awaitTask() {
            Region r;
            while ((r = task) == null) LockSupport.park(this);
            return r;
        }
    }
}
