package dev.reel.bench;

import dev.reel.engine.DType;
import dev.reel.engine.F;
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
 * Softmax over the rows of 4096×1024 F32 and layer norm of the same rows: the single-pass row
 * kernel ({@code impl=fused}, what {@code F.softmax}/{@code F.layerNorm} run) against the composite
 * formulas written with separate ops ({@code impl=composite}). 16 MiB in, 16 MiB out: GB/s is
 * 33.5 / score(ms). Setup checks that both agree.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class RowKernelsBench {
    @Param({"fused", "composite"})
    public String impl;

    @Param({"1", "2"})
    public int threads;

    private Tensor x;

    @Setup
    public void setup() {
        Parallel.setThreads(threads);
        x = Tensor.randn(new Generator(3), DType.F32, 4096, 1024);
        try (var off = Grad.off()) {
            double[] a = softmax(true).toDoubleArray(), b = softmax(false).toDoubleArray();
            double[] c = layerNorm(true).toDoubleArray(), d = layerNorm(false).toDoubleArray();
            for (int i = 0; i < a.length; i++) {
                if (Math.abs(a[i] - b[i]) > 1e-6 || Math.abs(c[i] - d[i]) > 1e-4) {
                    throw new IllegalStateException("RowKernelsBench: fused and composite differ at " + i);
                }
            }
        }
    }

    private Tensor softmax(boolean fused) {
        if (fused) return F.softmax(x, -1);
        Tensor e = x.sub(x.amax(new int[] {1}, true)).exp();
        return e.div(e.sum(1, true));
    }

    private Tensor layerNorm(boolean fused) {
        if (fused) return F.layerNorm(x, 1024);
        Tensor centered = x.sub(x.mean(1, true));
        return centered.mul(centered.square().mean(1, true).add(1e-5).rsqrt());
    }

    @Benchmark
    public Tensor softmax() {
        try (var off = Grad.off()) {
            return softmax(impl.equals("fused"));
        }
    }

    @Benchmark
    public Tensor layerNorm() {
        try (var off = Grad.off()) {
            return layerNorm(impl.equals("fused"));
        }
    }
}
