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
 * The attention core of MultiheadAttention at B8 T64 E256 with 8 heads: q, k, v (8, 8, 64, 32).
 * {@code impl=fused}: {@code F.scaledDotProductAttention} (blocked kernel, no (T, T) matrix kept);
 * {@code impl=composite}: softmax(q·kᵀ/√d)·v with separate ops. Microseconds per call; setup
 * checks that both agree before anything is timed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class AttentionBench {
    @Param({"fused", "composite"})
    public String impl;

    @Param({"false", "true"})
    public boolean causal;

    @Param({"1", "2"})
    public int threads;

    private Tensor q, k, v;

    @Setup
    public void setup() {
        Parallel.setThreads(threads);
        Generator g = new Generator(2);
        q = Tensor.randn(g, DType.F32, 8, 8, 64, 32).requiresGrad_(true);
        k = Tensor.randn(g, DType.F32, 8, 8, 64, 32).requiresGrad_(true);
        v = Tensor.randn(g, DType.F32, 8, 8, 64, 32).requiresGrad_(true);
        try (var off = Grad.off()) {
            double[] a = attend(true).toDoubleArray(), b = attend(false).toDoubleArray();
            for (int i = 0; i < a.length; i++) {
                if (Math.abs(a[i] - b[i]) > 1e-4) throw new IllegalStateException("AttentionBench: fused and composite differ at " + i);
            }
        }
    }

    private Tensor attend(boolean fused) {
        if (fused) return F.scaledDotProductAttention(q, k, v, null, 0, causal, Double.NaN);
        Tensor s = q.matmul(k.transpose(-2, -1)).mul(1 / Math.sqrt(32));
        if (causal) s = s.maskedFill(Tensor.ones(DType.BOOL, 64, 64).tril().logicalNot(), Double.NEGATIVE_INFINITY);
        return s.softmax(-1).matmul(v);
    }

    @Benchmark
    public Tensor forward() {
        try (var off = Grad.off()) {
            return attend(impl.equals("fused"));
        }
    }

    @Benchmark
    public Tensor forwardBackward() {
        for (Tensor t : new Tensor[] {q, k, v}) t.setGrad(null);
        attend(impl.equals("fused")).sum().backward();
        return q.grad();
    }
}
