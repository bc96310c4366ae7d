package dev.reel.engine.cpu;

import static dev.reel.engine.cpu.Sweep.U;

import dev.reel.engine.DType;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The F32 whole-sequence LSTM kernels ({@link CpuLstmSequence}: vector lanes, the scalar loop of
 * {@code -Dreel.simd=false}, steps split over unit blocks across 1..4 threads) against the F64
 * kernel, which {@code LstmSequenceOpsTest} checks against the step-by-step formulation. Both run
 * from the same F32-exact inputs and gate projections, so the difference is the F32 kernel's own
 * rounding: per step a pre-activation sums H + 2 products and biases (γ(H + 2) of the sum of
 * magnitudes, which the unit-scaled weights keep below about 4), the gates pass it on with slope at
 * most 1, and the recurrence carries it through T steps; the bound is that times T with a factor 8
 * of margin. The backward is bounded the same way with 4H products per step.
 */
class LstmSequenceSweepTest {
    @Test
    void f32KernelsMatchTheF64KernelAcrossSizesSplitsAndThreads() {
        long savedMin = CpuLstmSequence.minFmasPerThread;
        CpuLstmSequence.minFmasPerThread = 1;   // split every step that has more than one unit block
        try {
            Sweep.forThreads(threads -> {
                SplittableRandom rnd = new SplittableRandom(900 + threads);
                for (int trial = 0; trial < 4; trial++) {
                    int t = Sweep.pick(rnd, 1, 2, 3, 7), b = Sweep.size(rnd, 17), in = Sweep.size(rnd, 65), h = Sweep.size(rnd, 129);
                    boolean reverse = rnd.nextBoolean(), bias = rnd.nextBoolean();
                    compare(new Generator(90 + 10L * threads + trial), t, b, in, h, reverse, bias, true,
                            "T=" + t + " B=" + b + " I=" + in + " H=" + h + " reverse=" + reverse + " bias=" + bias + " threads=" + threads);
                }
            });
            compare(new Generator(5), 3, 7, 17, 33, false, true, false, "scalar path");
        } finally {
            CpuLstmSequence.minFmasPerThread = savedMin;
        }
    }

    private static Tensor exact(Generator g, double scale, int... shape) {
        return Tensor.randn(g, DType.F64, shape).mul(scale).to(DType.F32).to(DType.F64);
    }

    private static void compare(Generator g, int t, int b, int in, int h, boolean reverse, boolean bias, boolean vector, String what) {
        double k = 1 / Math.sqrt(h);
        Tensor x = exact(g, 1, t, b, in), wIh = exact(g, 1 / Math.sqrt(in), 4 * h, in), wHh = exact(g, k, 4 * h, h), h0 = exact(g, 0.5, b, h), c0 = exact(g, 1, b, h);
        Tensor bIh = bias ? exact(g, k, 4 * h) : null, bHh = bias ? exact(g, k, 4 * h) : null;
        Tensor acts64 = Tensor.zeros(DType.F64, t, b, 4 * h), acts32 = Tensor.zeros(DType.F32, t, b, 4 * h);
        Tensor hc64 = Tensor.zeros(DType.F64, t, b, 2 * h), hc32 = Tensor.zeros(DType.F32, t, b, 2 * h);
        CpuLstmSequence.forward(x, wIh, wHh, bIh, bHh, h0, c0, reverse, acts64, hc64, false);
        CpuLstmSequence.forward(f32(x), f32(wIh), f32(wHh), f32(bIh), f32(bHh), f32(h0), f32(c0), reverse, acts32, hc32, vector);
        double fwdTol = 8 * t * (Sweep.gamma(in + h + 2) * 4 + 8 * U);
        assertClose(hc64, hc32, fwdTol, what + " hc");
        assertClose(acts64, acts32, fwdTol, what + " acts");

        Tensor dhc = exact(g, 1, t, b, 2 * h);
        Tensor dg64 = Tensor.zeros(DType.F64, t, b, 4 * h), dh64 = Tensor.zeros(DType.F64, b, h), dc64 = Tensor.zeros(DType.F64, b, h);
        Tensor dg32 = Tensor.zeros(DType.F32, t, b, 4 * h), dh32 = Tensor.zeros(DType.F32, b, h), dc32 = Tensor.zeros(DType.F32, b, h);
        CpuLstmSequence.backward(acts64, hc64, c0, wHh, dhc, reverse, dg64, dh64, dc64, false);
        CpuLstmSequence.backward(acts32, hc32, f32(c0), f32(wHh), f32(dhc), reverse, dg32, dh32, dc32, vector);
        // the backward starts from the F32 forward's state (fwdTol) and sums 4H products per step
        double bwdTol = 8 * t * (fwdTol + Sweep.gamma(4 * h + 2) * 4 * t);
        assertClose(dg64, dg32, bwdTol, what + " dGates");
        assertClose(dh64, dh32, bwdTol, what + " dh0");
        assertClose(dc64, dc32, bwdTol, what + " dc0");
    }

    private static Tensor f32(Tensor t) { return t == null ? null : t.to(DType.F32); }

    private static void assertClose(Tensor want, Tensor got, double tol, String what) {
        double[] w = want.toDoubleArray(), v = got.toDoubleArray();
        double[] bound = new double[w.length];
        for (int i = 0; i < w.length; i++) bound[i] = tol * Math.max(1, Math.abs(w[i]));
        Sweep.assertWithin(w, v, bound, what);
    }
}
