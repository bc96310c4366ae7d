package dev.reel.bench;

import dev.reel.engine.DType;
import dev.reel.engine.Generator;
import dev.reel.engine.Grad;
import dev.reel.engine.Tensor;
import dev.reel.engine.cpu.Parallel;
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
 * x*y+z on 16M floats (two elementwise ops, each reading 128 MiB and writing 64 MiB: GB/s is
 * 402.7 / score(ms)) and sigmoid(x) on the same, with the Vector API rows ({@code *Simd}) and with
 * {@code -Dreel.simd=false} (the scalar loops, in their own fork).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ElementwiseBench {
    @Param({"1", "2"})
    public int threads;

    private Tensor x, y, z;

    @Setup
    public void setup() {
        Parallel.setThreads(threads);
        Generator g = new Generator(4);
        x = Tensor.randn(g, DType.F32, 1 << 24);
        y = Tensor.randn(g, DType.F32, 1 << 24);
        z = Tensor.randn(g, DType.F32, 1 << 24);
    }

    private Tensor mulAdd() {
        try (var off = Grad.off()) {
            return x.mul(y).add(z);
        }
    }

    private Tensor sigmoid() {
        try (var off = Grad.off()) {
            return x.sigmoid();
        }
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
    public Tensor mulAddSimd() { return mulAdd(); }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC", "-Dreel.simd=false"})
    public Tensor mulAddScalar() { return mulAdd(); }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
    public Tensor sigmoidSimd() { return sigmoid(); }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC", "-Dreel.simd=false"})
    public Tensor sigmoidScalar() { return sigmoid(); }
}
