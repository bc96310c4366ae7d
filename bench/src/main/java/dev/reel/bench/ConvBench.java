package dev.reel.bench;

import dev.reel.engine.DType;
import dev.reel.engine.F;
import dev.reel.engine.Generator;
import dev.reel.engine.Grad;
import dev.reel.engine.Tensor;
import dev.reel.engine.cpu.Parallel;
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
 * conv2d 3×3, padding 1, stride 1, with bias, on the two shapes (NCHW, F32):
 * {@code c3to32}: N32, 3→32 at 64×64 (a video model's first layer); {@code c32to64}: N32, 32→64
 * at 32×32. {@code forward} runs without autograd; {@code forwardBackward} also computes the
 * gradients of the input, the weight and the bias for a given output gradient (as
 * {@code out.backward(g)} in PyTorch). Milliseconds per call.
 *
 * <p>FLOP counts (multiply and add counted apart): forward {@code 2·N·Cout·H·W·Cin·9}; each
 * backward product (grad-input, grad-weight) costs the same, so forward+backward counts
 * {@code 3×} the forward (bias terms ignored). {@link #flops} gives the figure the comparison
 * table divides by. The PyTorch twin is {@code bench/compare/kernels_torch.py}.
 *
 * <pre>{@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar ConvBench -p threads=1}</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class ConvBench {
    @Param({"c3to32", "c32to64"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    private Tensor x, w, b, gradOut;

    /** N, Cin, Cout, H (= W) of a named shape. */
    static int[] dims(String shape) {
        return switch (shape) {
            case "c3to32" -> new int[] {32, 3, 32, 64};
            case "c32to64" -> new int[] {32, 32, 64, 32};
            default -> throw new IllegalArgumentException("ConvBench: unknown shape " + shape + " (c3to32, c32to64)");
        };
    }

    /** FLOPs of one forward pass of a named shape; forward+backward is three times this. */
    static double flops(String shape) {
        int[] d = dims(shape);
        return 2.0 * d[0] * d[2] * d[3] * d[3] * d[1] * 9;
    }

    @Setup
    public void setup() {
        Parallel.setThreads(threads);
        int[] d = dims(shape);
        Generator g = new Generator(5);
        double bound = 1 / Math.sqrt(d[1] * 9.0);
        x = Tensor.randn(g, DType.F32, d[0], d[1], d[3], d[3]).requiresGrad_(true);
        w = Tensor.rand(g, DType.F32, d[2], d[1], 3, 3).mul(2 * bound).sub(bound).requiresGrad_(true);
        b = Tensor.rand(g, DType.F32, d[2]).mul(2 * bound).sub(bound).requiresGrad_(true);
        gradOut = Tensor.randn(g, DType.F32, d[0], d[2], d[3], d[3]);
        validate(d);
    }

    /** Checks sampled outputs against F64 sums over the 3×3×Cin window before anything is timed. */
    private void validate(int[] d) {
        float[] out;
        try (var off = Grad.off()) {
            out = forward().toFloatArray();
        }
        float[] xs = x.toFloatArray(), ws = w.toFloatArray(), bs = b.toFloatArray();
        int n = d[0], cin = d[1], cout = d[2], hw = d[3];
        SplittableRandom rnd = new SplittableRandom(1);
        for (int s = 0; s < 64; s++) {
            int in = rnd.nextInt(n), co = rnd.nextInt(cout), oy = rnd.nextInt(hw), ox = rnd.nextInt(hw);
            double sum = bs[co], abs = Math.abs(bs[co]);
            for (int ci = 0; ci < cin; ci++) {
                for (int ky = 0; ky < 3; ky++) {
                    for (int kx = 0; kx < 3; kx++) {
                        int iy = oy + ky - 1, ix = ox + kx - 1;
                        if (iy < 0 || iy >= hw || ix < 0 || ix >= hw) continue;
                        double p = (double) xs[((in * cin + ci) * hw + iy) * hw + ix] * ws[((co * cin + ci) * 3 + ky) * 3 + kx];
                        sum += p;
                        abs += Math.abs(p);
                    }
                }
            }
            float got = out[((in * cout + co) * hw + oy) * hw + ox];
            // F32 sums of K = 9·Cin + 1 terms: |error| <= 2(K+2)·2^-24·sum|terms|
            if (!(Math.abs(got - sum) <= 2 * (9 * cin + 3) * 0x1p-24 * abs)) {
                throw new IllegalStateException("ConvBench " + shape + ": output (" + in + ", " + co + ", " + oy + ", " + ox + ") is " + got + ", expected " + sum);
            }
        }
    }

    @Benchmark
    public Tensor forward() {
        try (var off = Grad.off()) {
            return F.conv2d(x, w, b, 1, 1);
        }
    }

    @Benchmark
    public Tensor forwardBackward() {
        x.setGrad(null);
        w.setGrad(null);
        b.setGrad(null);
        F.conv2d(x, w, b, 1, 1).backward(gradOut);
        return w.grad();
    }
}
