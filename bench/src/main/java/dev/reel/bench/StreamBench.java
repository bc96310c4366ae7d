package dev.reel.bench;

import dev.reel.engine.cpu.Parallel;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's memory roofline, measured the way the STREAM benchmark does it (McCalpin), in
 * Java: {@code copy} ({@code c[i] = a[i]}) and {@code triad} ({@code a[i] = b[i] + s·c[i]}) over
 * arrays of 16M floats (64 MiB each, far beyond any cache), split across the engine's worker pool
 * as the kernels are ({@link Parallel#forRange}). Milliseconds per pass.
 *
 * <p>Bytes counted as STREAM counts them, {@link #COPY_BYTES} (one read, one write per element) and
 * {@link #TRIAD_BYTES} (two reads, one write); the cache-line reads that a write allocates are not
 * counted, so, as in STREAM, a kernel that writes fresh memory can approach but not pass these
 * figures. Softmax, pooling and elementwise kernels are judged against them in the comparison
 * table ({@code bench/run-kernels.sh}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class StreamBench {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int N = 1 << 24;
    static final double COPY_BYTES = 2.0 * 4 * N, TRIAD_BYTES = 3.0 * 4 * N;
    /** Elements per task: 1 MiB of each array, so two threads get equal halves. */
    private static final int GRAIN = 1 << 18;

    @Param({"1", "2"})
    public int threads;

    private final float[] a = new float[N], b = new float[N], c = new float[N];
    private final float scalar = 3f;

    @Setup
    public void setup() {
        Parallel.setThreads(threads);
        // touch every page first, as STREAM initialises its arrays before timing
        for (int i = 0; i < N; i++) {
            a[i] = 1f;
            b[i] = 2f;
            c[i] = 0f;
        }
        copy();
        triad();
        // c = a = 1, then a = 2 + 3 * 1 = 5 everywhere: check the ends and a few points between
        for (int i : new int[] {0, 1, N / 3, N / 2 + 5, N - 1}) {
            if (c[i] != 1f || a[i] != 5f) throw new IllegalStateException("StreamBench: wrong result at " + i + ": c " + c[i] + ", a " + a[i]);
        }
    }

    @Benchmark
    public float[] copy() {
        Parallel.forRange(0, N, GRAIN, (lo, hi) -> {
            int i = lo;
            for (int upper = lo + S.loopBound(hi - lo); i < upper; i += S.length()) {
                FloatVector.fromArray(S, a, i).intoArray(c, i);
            }
            for (; i < hi; i++) c[i] = a[i];
        });
        return c;
    }

    @Benchmark
    public float[] triad() {
        Parallel.forRange(0, N, GRAIN, (lo, hi) -> {
            FloatVector s = FloatVector.broadcast(S, scalar);
            int i = lo;
            for (int upper = lo + S.loopBound(hi - lo); i < upper; i += S.length()) {
                FloatVector.fromArray(S, c, i).fma(s, FloatVector.fromArray(S, b, i)).intoArray(a, i);
            }
            for (; i < hi; i++) a[i] = b[i] + scalar * c[i];
        });
        return a;
    }
}
