package dev.reel.bench.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * conv2d 3×3 padding 1 with bias through DJL's PyTorch engine (libtorch 2.x with oneDNN), NCHW,
 * on ConvBench's shapes: {@code c3to32} N32 3→32 at 64×64, {@code c32to64} N32 32→64 at 32×32.
 * {@code forward} runs without autograd; {@code forwardBackward} also computes the gradients of
 * the input, the weight and the bias for an output gradient of ones (DJL's
 * {@code GradientCollector.backward}; the values do not change the cost). Milliseconds per call.
 * Only compiled with {@code -Pdjl}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true"})
public class DjlConvBench {
    @Param({"c3to32", "c32to64"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    private NDManager manager;
    private NDArray x, w, b;
    private final Shape stride = new Shape(1, 1), padding = new Shape(1, 1), dilation = new Shape(1, 1);

    @Setup
    public void setup() {
        int[] d = switch (shape) {
            case "c3to32" -> new int[] {32, 3, 32, 64};
            case "c32to64" -> new int[] {32, 32, 64, 32};
            default -> throw new IllegalArgumentException("DjlConvBench: unknown shape " + shape + " (c3to32, c32to64)");
        };
        manager = DjlSetup.manager(threads);
        float bound = (float) (1 / Math.sqrt(d[1] * 9.0));
        x = manager.randomNormal(new Shape(d[0], d[1], d[3], d[3]));
        w = manager.randomUniform(-bound, bound, new Shape(d[2], d[1], 3, 3));
        b = manager.randomUniform(-bound, bound, new Shape(d[2]));
        for (NDArray p : new NDArray[] {x, w, b}) p.setRequiresGradient(true);
        validate(d);
    }

    /** One output element against an F64 sum over its window, and the bias gradient (= N·H·W). */
    private void validate(int[] d) {
        int n = d[0], cin = d[1], cout = d[2], hw = d[3];
        float[] xs = x.toFloatArray(), ws = w.toFloatArray(), bs = b.toFloatArray();
        try (NDManager step = manager.newSubManager()) {
            attach(step);
            float[] out = Conv2d.conv2d(x, w, b, stride, padding, dilation, 1).singletonOrThrow().toFloatArray();
            int in = n - 1, co = cout / 2, oy = 0, ox = hw / 2;
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
            if (!(Math.abs(got - sum) <= 1e-4 * (1 + abs))) {
                throw new IllegalStateException("DjlConvBench " + shape + ": output is " + got + ", expected " + sum);
            }
        }
        forwardBackward();
        float gb = b.getGradient().toFloatArray()[0];
        if (Math.abs(gb - (double) n * hw * hw) > 1e-3 * n * hw * hw) {
            throw new IllegalStateException("DjlConvBench " + shape + ": bias gradient is " + gb + ", expected " + n * hw * hw);
        }
    }

    /** Moves the inputs to the step's manager, so everything computed from them is freed with it. */
    private void attach(NDManager step) {
        x.tempAttach(step);
        w.tempAttach(step);
        b.tempAttach(step);
    }

    @Benchmark
    public long forward() {
        try (NDManager step = manager.newSubManager()) {
            attach(step);
            return Conv2d.conv2d(x, w, b, stride, padding, dilation, 1).singletonOrThrow().size();
        }
    }

    @Benchmark
    public long forwardBackward() {
        try (NDManager step = manager.newSubManager(); GradientCollector gc = manager.getEngine().newGradientCollector()) {
            attach(step);
            // clear the gradients of the previous call, which would otherwise accumulate
            gc.zeroGradients();
            gc.backward(Conv2d.conv2d(x, w, b, stride, padding, dilation, 1).singletonOrThrow());
            return w.getGradient().size();
        }
    }

    @TearDown
    public void tearDown() {
        manager.close();
    }
}
