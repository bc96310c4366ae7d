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
 * max_pool2d 2×2 (stride 2) on (32, 32, 64, 64) F32, NCHW: forward without autograd, and
 * forward+backward for a given output gradient. Milliseconds per call.
 *
 * <p>Memory-bound: the least traffic is {@link #FORWARD_BYTES} (read the 16 MiB input, write the
 * 4 MiB output) and {@link #FORWARD_BACKWARD_BYTES} (that, plus read the output gradient and write
 * the 16 MiB input gradient); indices or masks a kernel keeps come on top. The comparison table
 * divides these by the time and by STREAM's copy bandwidth.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class PoolBench {
    static final int N = 32, C = 32, H = 64, W = 64;
    static final double FORWARD_BYTES = 4.0 * (N * C * H * W + N * C * H * W / 4);
    static final double FORWARD_BACKWARD_BYTES = 2 * FORWARD_BYTES;

    @Param({"1", "2"})
    public int threads;

    private Tensor x, gradOut;

    @Setup
    public void setup() {
        Parallel.setThreads(threads);
        Generator g = new Generator(6);
        x = Tensor.randn(g, DType.F32, N, C, H, W).requiresGrad_(true);
        gradOut = Tensor.randn(g, DType.F32, N, C, H / 2, W / 2);
        validate();
    }

    /** Every output against the max of its window, and the gradient's sum against gradOut's. */
    private void validate() {
        float[] xs = x.toFloatArray(), out = forward().toFloatArray();
        for (int p = 0; p < N * C; p++) {
            for (int oy = 0; oy < H / 2; oy++) {
                for (int ox = 0; ox < W / 2; ox++) {
                    int i = (p * H + 2 * oy) * W + 2 * ox;
                    float m = Math.max(Math.max(xs[i], xs[i + 1]), Math.max(xs[i + W], xs[i + W + 1]));
                    float got = out[(p * (H / 2) + oy) * (W / 2) + ox];
                    if (got != m) throw new IllegalStateException("PoolBench: output " + p + "/" + oy + "/" + ox + " is " + got + ", expected " + m);
                }
            }
        }
        forwardBackward();
        double gx = x.grad().sum().item(), gy = gradOut.sum().item();
        if (Math.abs(gx - gy) > 1e-3 * (1 + Math.abs(gy))) {
            throw new IllegalStateException("PoolBench: input gradient sums to " + gx + ", output gradient to " + gy);
        }
    }

    @Benchmark
    public Tensor forward() {
        try (var off = Grad.off()) {
            return F.maxPool2d(x, 2);
        }
    }

    @Benchmark
    public Tensor forwardBackward() {
        x.setGrad(null);
        F.maxPool2d(x, 2).backward(gradOut);
        return x.grad();
    }
}
