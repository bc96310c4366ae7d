package dev.reel.engine.cpu;

import static org.junit.jupiter.api.Assertions.fail;

import dev.reel.engine.DType;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fused LSTM/GRU kernels' F32 vector path against their scalar twin, for hidden sizes that
 * stress the vector tail, with the state given as a row-strided view, on 1..4 threads.
 *
 * <p>Tolerance, with u = 2⁻²⁴: the vector path sums the four pre-activation terms in F32 (3
 * roundings, ≤ 3u·S with S the sum of their magnitudes; the scalar twin sums in double), and its σ
 * and tanh are within 7u and 3u (see {@link VectorElementwiseTest}); slopes of σ and tanh are ≤ 1,
 * so each activation differs by at most E = 3u·S + 8u (one more u for the twin's final rounding).
 * Every later value is a sum of at most three products of such activations with inputs of
 * magnitude ≤ M; its error is bounded by 3·E·M plus one rounding per operation (≤ 6u·M³). The
 * test uses 4·(E·M + 6u·M³), with M the largest input magnitude (at least 1).
 */
class CpuRnnTest {
    private static final int[] SIZES = {1, 2, 3, 7, 17, 31, 33, 65, 127, 129};
    private static final double U = 0x1p-24;
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    private static Tensor randn(Generator g, int... shape) { return Tensor.randn(g, DType.F32, shape); }

    private static double maxAbs(Tensor... ts) {
        double m = 1;
        for (Tensor t : ts) for (double v : t.toDoubleArray()) m = Math.max(m, Math.abs(v));
        return m;
    }

    private static void assertClose(Tensor a, Tensor b, double tol, String what) {
        double[] x = a.toDoubleArray(), y = b.toDoubleArray();
        for (int i = 0; i < x.length; i++) {
            if (!(Math.abs(x[i] - y[i]) <= tol)) fail(what + " [" + i + "]: scalar " + x[i] + " vs vector " + y[i] + " > " + tol);
        }
    }

    private static double tolerance(double m) {
        double e = 3 * U * 4 * m + 8 * U;
        return 4 * (e * m + 6 * U * m * m * m);
    }

    @Test
    void lstmVectorMatchesScalar() {
        for (int threads = 1; threads <= 4; threads += 3) {
            Parallel.setThreads(threads);
            for (int h : SIZES) {
                Generator g = new Generator(h);
                int b = 5;
                Tensor gi = randn(g, b, 4 * h), gh = randn(g, b, 4 * h), b1 = randn(g, 4 * h), b2 = randn(g, 4 * h);
                Tensor c = randn(g, b, 2 * h + 1).narrow(1, 1, h); // row-strided view
                double tol = tolerance(maxAbs(gi, gh, b1, b2, c));
                Tensor[][] out = new Tensor[2][];
                for (int v = 0; v < 2; v++) {
                    Tensor hc = Tensor.zeros(b, 2 * h), acts = Tensor.zeros(b, 4 * h);
                    CpuRnn.lstmForward(gi, gh, b1, b2, c, hc, acts, v == 1);
                    Tensor dhc = randn(new Generator(7), b, 2 * h);
                    Tensor dg = Tensor.zeros(b, 4 * h), dc = Tensor.zeros(b, h);
                    CpuRnn.lstmBackward(acts, c, hc, dhc, dg, dc, v == 1);
                    out[v] = new Tensor[] {hc, acts, dg, dc};
                }
                String[] names = {"hc", "acts", "dGates", "dc"};
                for (int k = 0; k < 4; k++) assertClose(out[0][k], out[1][k], tol, "lstm " + names[k] + " h=" + h + " threads=" + threads);
            }
        }
    }

    @Test
    void gruVectorMatchesScalar() {
        for (int threads = 1; threads <= 4; threads += 3) {
            Parallel.setThreads(threads);
            for (int h : SIZES) {
                Generator g = new Generator(100 + h);
                int b = 5;
                Tensor gi = randn(g, b, 3 * h), gh = randn(g, b, 3 * h), b1 = randn(g, 3 * h);
                Tensor hp = randn(g, b, 2 * h).narrow(1, h, h);
                double tol = tolerance(maxAbs(gi, gh, b1, hp));
                Tensor[][] out = new Tensor[2][];
                for (int v = 0; v < 2; v++) {
                    Tensor o = Tensor.zeros(b, h), acts = Tensor.zeros(b, 4 * h);
                    CpuRnn.gruForward(gi, gh, b1, null, hp, o, acts, v == 1);
                    Tensor d = randn(new Generator(8), b, h).t().contiguous().t().contiguous();
                    Tensor dgi = Tensor.zeros(b, 3 * h), dgh = Tensor.zeros(b, 3 * h), dh = Tensor.zeros(b, h);
                    CpuRnn.gruBackward(acts, hp, d, dgi, dgh, dh, v == 1);
                    out[v] = new Tensor[] {o, acts, dgi, dgh, dh};
                }
                String[] names = {"h'", "acts", "dGi", "dGh", "dh"};
                for (int k = 0; k < 5; k++) assertClose(out[0][k], out[1][k], tol, "gru " + names[k] + " h=" + h + " threads=" + threads);
            }
        }
    }
}
