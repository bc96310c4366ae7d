package dev.reel.bench;

import dev.reel.engine.DType;
import dev.reel.engine.Generator;
import dev.reel.engine.Grad;
import dev.reel.engine.Reel;
import dev.reel.engine.Tensor;
import dev.reel.engine.cpu.Parallel;
import dev.reel.nn.AttentionOptions;
import dev.reel.nn.MultiheadAttention;
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
 * Self-attention through nn's {@link MultiheadAttention} at B8 T64 E256 with 8 heads (batch first,
 * no dropout, {@code needWeights(false)}: the fused attention kernel, as PyTorch's
 * {@code need_weights=False}): the input projection, attention, output projection; forward without
 * autograd, and forward+backward for a given output gradient (gradients of the input and of every
 * parameter). Microseconds per call.
 *
 * <p>FLOPs of the forward, {@link #FORWARD_FLOPS}: projections {@code 2·B·T·E·4E} plus
 * attention {@code 2·2·B·T·T·E}; the backward costs twice that. Setup checks the fused path against
 * the path that materialises the attention probabilities.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class MhaBench {
    static final int B = 8, T = 64, E = 256, HEADS = 8;
    static final double FORWARD_FLOPS = 2.0 * B * T * E * 4 * E + 4.0 * B * T * T * E;

    @Param({"1", "2"})
    public int threads;

    private MultiheadAttention mha;
    private Tensor x, gradOut;

    @Setup
    public void setup() {
        Parallel.setThreads(threads);
        Reel.manualSeed(7);
        mha = new MultiheadAttention(E, HEADS, 0, true, true, 0, 0);
        Generator g = new Generator(7);
        x = Tensor.randn(g, DType.F32, B, T, E).requiresGrad_(true);
        gradOut = Tensor.randn(g, DType.F32, B, T, E);
        try (var off = Grad.off()) {
            double[] fused = forward().toDoubleArray();
            double[] reference = mha.forward(x, x, x, AttentionOptions.of().needWeights(true)).output().toDoubleArray();
            for (int i = 0; i < fused.length; i++) {
                if (Math.abs(fused[i] - reference[i]) > 1e-4) {
                    throw new IllegalStateException("MhaBench: fused attention and the reference differ at " + i + ": " + fused[i] + " vs " + reference[i]);
                }
            }
        }
    }

    private Tensor attend() {
        return mha.forward(x, x, x, AttentionOptions.of().needWeights(false)).output();
    }

    @Benchmark
    public Tensor forward() {
        try (var off = Grad.off()) {
            return attend();
        }
    }

    @Benchmark
    public Tensor forwardBackward() {
        x.setGrad(null);
        mha.zeroGrad();
        attend().backward(gradOut);
        return x.grad();
    }
}
