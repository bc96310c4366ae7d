package dev.reel.bench;

import dev.reel.engine.cpu.Parallel;
import dev.reel.engine.cpu.gemm.Gemm;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * The skinny GEMMs that models actually run, as {@code m x n x k} with transposes:
 * <ul>
 *   <li>{@code lstm}: an LSTM step, 8 x 1024 x 256, {@code x * W^T} (W stored 1024 x 256);</li>
 *   <li>{@code convFwd}: conv 32->64 k3 at 56x56 as GEMM, 64 x 3136 x 288;</li>
 *   <li>{@code convBwdW}: its weight gradient shape, 64 x 288 x 3136 with B transposed;</li>
 *   <li>{@code tall}: 3136 x 64 x 576 (channels-last conv).</li>
 * </ul>
 * The score is microseconds per product; GFLOP/s is {@code 2 m n k / score / 1e3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class GemmShapesBench {
    @Param({"lstm", "convFwd", "convBwdW", "tall"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    private int m, n, k;
    private boolean transB;
    private float[] a, b, c;

    @Setup
    public void setup() {
        Parallel.setThreads(threads);
        switch (shape) {
            case "lstm" -> { m = 8; n = 1024; k = 256; transB = true; }
            case "convFwd" -> { m = 64; n = 3136; k = 288; transB = false; }
            case "convBwdW" -> { m = 64; n = 288; k = 3136; transB = true; }
            case "tall" -> { m = 3136; n = 64; k = 576; transB = false; }
            default -> throw new IllegalArgumentException("GemmShapesBench: unknown shape " + shape);
        }
        SplittableRandom rnd = new SplittableRandom(7);
        a = SgemmBench.random(rnd, m * k);
        b = SgemmBench.random(rnd, k * n);
        c = new float[m * n];
        product();
        Validate.sampled(false, transB, m, n, k, a, k, b, transB ? k : n, c, n, rnd);
    }

    @Benchmark
    public float[] product() {
        Gemm.sgemm(false, transB, m, n, k, a, 0, k, b, 0, transB ? k : n, c, 0, n, false);
        return c;
    }
}
