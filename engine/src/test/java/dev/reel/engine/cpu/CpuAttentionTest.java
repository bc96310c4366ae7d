package dev.reel.engine.cpu;

import static org.junit.jupiter.api.Assertions.fail;

import dev.reel.engine.DType;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The blocked F32 attention kernel against its scalar twin (double precision, one row at a time),
 * for sequence lengths on both sides of the {@value CpuAttention#BR}-query and
 * {@value CpuAttention#BC}-key blocks, every head size 1..65, causal and masked, strided heads of a
 * packed projection, on 1 to 4 threads. A float mask adds at most one rounding to each score.
 *
 * <p>Tolerance, with u = 2⁻²⁴: each score is an F32 dot product of E terms (error ≤ E·u·Σ|q||k|,
 * the GEMM's bound) times the scale, plus the scaling rounding; call the bound δ. The online softmax
 * adds e^x errors of 3u and one rescaling per key block; a score error δ moves a probability by at
 * most 2δ relative. The output, a convex combination of rows of V, then differs by
 * (2δ + (S/BC + 8)u)·max|v|. Gradients are sums over S (or L) of such products with dO (|dO| ≤ G):
 * the test allows S·(4δ + 16u)·max(|q|,|k|,|v|)·G per element, a factor 2 of margin on each step.
 */
class CpuAttentionTest {
    private final int savedThreads = Parallel.threads();
    private static final double U = 0x1p-24;

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    private static double maxAbs(Tensor t) {
        double m = 0;
        for (double v : t.toDoubleArray()) m = Math.max(m, Math.abs(v));
        return m;
    }

    private static void assertClose(Tensor a, Tensor b, double tol, String what) {
        double[] x = a.toDoubleArray(), y = b.toDoubleArray();
        for (int i = 0; i < x.length; i++) {
            boolean same = x[i] == y[i] || Math.abs(x[i] - y[i]) <= tol;
            if (!same) fail(what + " [" + i + "]: scalar " + x[i] + " vs blocked " + y[i] + " > " + tol);
        }
    }

    @Test
    void blockedMatchesScalarTwin() {
        int[][] cases = {{1, 1, 1, 1}, {2, 3, 7, 5}, {17, 31, 3, 2}, {65, 129, 17, 33}, {129, 127, 33, 16}, {64, 128, 8, 8}};
        for (int threads : new int[] {1, 3}) {
            Parallel.setThreads(threads);
            for (int[] c : cases) {
                int l = c[0], s = c[1], e = c[2], ev = c[3];
                for (int variant = 0; variant < 4; variant++) { // plain, causal, bool mask, float mask
                    Generator g = new Generator(l * 1000 + s);
                    Tensor q = Tensor.randn(g, DType.F32, 2, l, e), k = Tensor.randn(g, DType.F32, 2, s, e).mul(0.5);
                    Tensor v = Tensor.randn(g, DType.F32, 2, s, ev), dOut = Tensor.randn(g, DType.F32, 2, l, ev);
                    Tensor mask = variant == 2 ? Tensor.rand(g, 1, l, s).gt(0.3).expand(2, l, s) : variant == 3 ? Tensor.randn(g, DType.F32, l, s).expand(2, l, s) : null;
                    String what = "L=" + l + " S=" + s + " E=" + e + " Ev=" + ev + " variant " + variant + " threads " + threads;
                    compare(q, k, v, dOut, mask, variant == 1, false, what);
                }
            }
        }
    }

    /**
     * Every head dim 1..65 (E = Ev, and Ev = E + 3), odd and even sequence lengths, threads 1..4,
     * with q, k, v as strided heads of one packed (N, T, 3, H, E) projection and the outputs laid
     * out (N, L, H, E), as MultiheadAttention passes them.
     */
    @Test
    void headDimsThreadsAndStridedHeads() {
        int[] lengths = {1, 2, 3, 7, 17, 31, 33, 65};
        for (int e = 1; e <= 65; e++) {
            int threads = 1 + e % 4, l = lengths[e % lengths.length], s = lengths[(e * 3 + 1) % lengths.length];
            Parallel.setThreads(threads);
            Generator g = new Generator(e);
            int n = 2, h = 3;
            // self-attention shape: k and v share q's length only in the packed case
            Tensor packed = Tensor.randn(g, DType.F32, n, l, 3, h, e);
            Tensor q = packed.select(2, 0).transpose(1, 2), k = packed.select(2, 1).transpose(1, 2), v = packed.select(2, 2).transpose(1, 2);
            Tensor dOut = Tensor.randn(g, DType.F32, n, h, l, e);
            compare(q, k, v, dOut, null, e % 3 == 0, true, "packed heads E=" + e + " L=" + l + " threads " + threads);
            // separate k and v of another length, Ev != E
            Tensor k2 = Tensor.randn(g, DType.F32, n, h, s, e).mul(0.5), v2 = Tensor.randn(g, DType.F32, n, h, s, e + 3);
            Tensor d2 = Tensor.randn(g, DType.F32, n, h, l, e + 3);
            compare(q, k2, v2, d2, null, false, false, "E=" + e + " Ev=" + (e + 3) + " L=" + l + " S=" + s + " threads " + threads);
        }
    }

    /** Runs the scalar twin and the blocked kernel on the same operands and compares every output. */
    private static void compare(Tensor q, Tensor k, Tensor v, Tensor dOut, Tensor mask, boolean causal, boolean headsInner, String what) {
        int d = q.dim(), l = q.size(d - 2), s = k.size(d - 2), e = q.size(d - 1), ev = v.size(d - 1);
        double scale = 1 / Math.sqrt(e);
        Tensor[][] r = new Tensor[2][];
        for (int vec = 0; vec < 2; vec++) {
            Tensor out = headsInner ? Tensor.zeros(q.size(0), l, q.size(1), ev).transpose(1, 2) : Tensor.zeros(outShape(q, ev));
            Tensor lse = Tensor.zeros(java.util.Arrays.copyOf(q.shape(), d - 1));
            CpuAttention.forward(q, k, v, mask, causal, scale, out, lse, vec == 1);
            Tensor dq = headsInner ? Tensor.zeros(q.size(0), l, q.size(1), e).transpose(1, 2) : Tensor.zeros(q.shape());
            Tensor dk = Tensor.zeros(k.shape()), dv = Tensor.zeros(v.shape());
            CpuAttention.backward(q, k, v, mask, causal, scale, out, lse, dOut, dq, dk, dv, vec == 1);
            r[vec] = new Tensor[] {out, lse, dq, dk, dv};
        }
        double mq = maxAbs(q), mk = maxAbs(k), mv = maxAbs(v), mg = maxAbs(dOut);
        double delta = (e + 1) * U * e * mq * mk * scale + U;
        double outTol = (2 * delta + (s / CpuAttention.BC + 8) * U) * mv * 2;
        double gradTol = Math.max(l, s) * (4 * delta + 16 * U) * Math.max(mq, Math.max(mk, mv)) * mg * 2;
        assertClose(r[0][0], r[1][0], outTol, "out " + what);
        assertClose(r[0][1], r[1][1], 2 * delta + (s / CpuAttention.BC + 8) * U * 4, "lse " + what);
        assertClose(r[0][2], r[1][2], gradTol, "dq " + what);
        assertClose(r[0][3], r[1][3], gradTol, "dk " + what);
        assertClose(r[0][4], r[1][4], gradTol, "dv " + what);
    }

    private static int[] outShape(Tensor q, int ev) {
        int[] sh = q.shape();
        sh[sh.length - 1] = ev;
        return sh;
    }
}
