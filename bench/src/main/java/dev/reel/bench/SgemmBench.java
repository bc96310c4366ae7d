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
 * Square SGEMM {@code C = A * B}, n x n, on 1 and 2 threads. The score is seconds per product;
 * GFLOP/s is {@code 2 n^3 / score / 1e9} (bench/run-gemm.sh prints it). The result is checked
 * against F64 dot products on sampled elements before timing.
 *
 * <pre>{@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar SgemmBench -p n=512}</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class SgemmBench {
    @Param({"128", "256", "512", "1024", "2048"})
    public int n;

    @Param({"1", "2"})
    public int threads;

    private float[] a, b, c;

    @Setup
    public void setup() {
        Parallel.setThreads(threads);
        SplittableRandom rnd = new SplittableRandom(42);
        a = random(rnd, n * n);
        b = random(rnd, n * n);
        c = new float[n * n];
        product();
        Validate.sampled(false, false, n, n, n, a, n, b, n, c, n, rnd);
    }

    @Benchmark
    public float[] product() {
        Gemm.sgemm(false, false, n, n, n, a, 0, n, b, 0, n, c, 0, n, false);
        return c;
    }

    static float[] random(SplittableRandom rnd, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
        return x;
    }
}
