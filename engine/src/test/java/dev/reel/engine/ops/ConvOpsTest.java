package dev.reel.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.engine.DType;
import dev.reel.engine.F;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import dev.reel.engine.autograd.GradCheck;
import org.junit.jupiter.api.Test;

class ConvOpsTest {
    private final Generator g = new Generator(11);

    private Tensor rnd(int... shape) { return Tensor.randn(g, DType.F64, shape).requiresGrad_(true); }

    /** The definition, written out: y[n,o,i,j] = Σ x[n, c, i*s-p+ki*d, j*s-p+kj*d] w[o, c', ki, kj]. */
    private static double[] naiveConv2d(Tensor x, Tensor w, int s, int p, int d, int groups) {
        int n = x.size(0), cin = x.size(1), h = x.size(2), wd = x.size(3);
        int cout = w.size(0), kh = w.size(2), kw = w.size(3), cg = cin / groups, co = cout / groups;
        int oh = (h + 2 * p - d * (kh - 1) - 1) / s + 1, ow = (wd + 2 * p - d * (kw - 1) - 1) / s + 1;
        double[] xa = x.toDoubleArray(), wa = w.toDoubleArray(), y = new double[n * cout * oh * ow];
        for (int b = 0; b < n; b++)
            for (int o = 0; o < cout; o++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++) {
                        double acc = 0;
                        int grp = o / co;
                        for (int c = 0; c < cg; c++)
                            for (int ki = 0; ki < kh; ki++)
                                for (int kj = 0; kj < kw; kj++) {
                                    int ii = i * s - p + ki * d, jj = j * s - p + kj * d;
                                    if (ii < 0 || ii >= h || jj < 0 || jj >= wd) continue;
                                    acc += xa[((b * cin + grp * cg + c) * h + ii) * wd + jj] * wa[((o * cg + c) * kh + ki) * kw + kj];
                                }
                        y[((b * cout + o) * oh + i) * ow + j] = acc;
                    }
        return y;
    }

    @Test
    void conv2dMatchesTheDefinition() {
        for (int[] c : new int[][] {{1, 0, 1, 1}, {2, 1, 1, 1}, {2, 2, 2, 2}, {1, 1, 1, 3}, {3, 2, 1, 1}}) {
            int s = c[0], p = c[1], d = c[2], groups = c[3];
            Tensor x = rnd(2, 3 * groups, 7, 6);
            Tensor w = rnd(2 * groups, 3, 3, 2);
            Tensor y = F.conv2d(x, w, null, new int[] {s}, new int[] {p}, new int[] {d}, groups);
            assertArrayEquals(naiveConv2d(x, w, s, p, d, groups), y.toDoubleArray(), 1e-12);
        }
    }

    @Test
    void convGradientsAllDims() {
        GradCheck.check(in -> F.conv1d(in[0], in[1], in[2], new int[] {2}, new int[] {1}, new int[] {2}, 1), rnd(2, 2, 9), rnd(3, 2, 3), rnd(3));
        GradCheck.check(in -> F.conv2d(in[0], in[1], in[2], new int[] {2, 1}, new int[] {1, 0}, new int[] {1, 2}, 2),
                rnd(1, 4, 5, 6), rnd(4, 2, 2, 3), rnd(4));
        GradCheck.check(in -> F.conv3d(in[0], in[1], null, new int[] {1, 2, 1}, new int[] {1}, new int[] {1}, 1),
                rnd(1, 2, 3, 4, 4), rnd(2, 2, 2, 3, 2));
        // depthwise, non-contiguous input
        GradCheck.check(in -> F.conv2d(in[0].transpose(2, 3), in[1], null, new int[] {1}, new int[] {1}, new int[] {1}, 3),
                rnd(1, 3, 5, 4), rnd(3, 1, 3, 3));
        GradCheck.check(in -> F.conv2d(in[0], in[1], null, "same", new int[] {1}, 1), rnd(1, 2, 5, 4), rnd(2, 2, 2, 3));
    }

    @Test
    void convDoubleBackward() {
        GradCheck.checkGradGrad(in -> F.conv2d(in[0], in[1], in[2], new int[] {2}, new int[] {1}, new int[] {1}, 1),
                rnd(1, 2, 4, 5), rnd(2, 2, 3, 3), rnd(2));
        GradCheck.checkGradGrad(in -> F.convTranspose1d(in[0], in[1], null, new int[] {2}, new int[] {1}, new int[] {1}, 1, new int[] {1}),
                rnd(1, 2, 4), rnd(2, 3, 3));
    }

    @Test
    void convTransposeIsTheAdjointOfConv() {
        // ⟨conv(x, w), y⟩ = ⟨x, convT(y, w)⟩ for matching geometry
        Tensor x = rnd(2, 3, 7, 7), w = rnd(4, 3, 3, 3);
        Tensor y = F.conv2d(x, w, null, 2, 1);
        Tensor u = rnd(y.shape());
        Tensor back = F.convTranspose2d(u, w, null, new int[] {2}, new int[] {1}, new int[] {0}, 1, new int[] {1});
        assertArrayEquals(x.shape(), back.shape());
        assertEquals(y.mul(u).sum().item(), x.mul(back).sum().item(), 1e-9);
    }

    @Test
    void convTransposeGradients() {
        GradCheck.check(in -> F.convTranspose2d(in[0], in[1], in[2], new int[] {2, 1}, new int[] {1, 0}, new int[] {1, 0}, 2, new int[] {1, 2}),
                rnd(1, 4, 3, 3), rnd(4, 1, 3, 2), rnd(2));
        GradCheck.check(in -> F.convTranspose3d(in[0], in[1], null, new int[] {2}, new int[] {0}, new int[] {1}, 1, new int[] {1}),
                rnd(1, 2, 2, 2, 2), rnd(2, 1, 2, 2, 2));
    }

    @Test
    void convErrorsNameTheProblem() {
        var e = assertThrows(IllegalArgumentException.class, () -> F.conv2d(Tensor.zeros(1, 3, 5, 5), Tensor.zeros(4, 2, 3, 3), null));
        assertTrue(e.getMessage().startsWith("conv2d: expected input [1, 3, 5, 5] to have 2 channels"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.conv2d(Tensor.zeros(1, 1, 2, 2), Tensor.zeros(1, 1, 3, 3), null));
        assertTrue(e.getMessage().contains("smaller than the (dilated) kernel size"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.conv2d(Tensor.zeros(3, 5, 5), Tensor.zeros(1, 3, 3), null));
        assertTrue(e.getMessage().contains("expected weight to be 4D"), e.getMessage());
    }

    @Test
    void unbatchedInputs() {
        Tensor x = rnd(3, 6, 6), w = rnd(2, 3, 3, 3);
        assertArrayEquals(new int[] {2, 4, 4}, F.conv2d(x, w, null).shape());
        assertArrayEquals(new int[] {3, 3, 3}, F.maxPool2d(x, 2).shape());
    }
}
