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
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The fused LSTM and GRU cells against their composite definitions: values, gradients, GradCheck and double backward. */
class RnnOpsTest {
    private static final int B = 3, I = 5, H = 7;

    private static Tensor rand(Generator g, DType dt, int... shape) {
        return Tensor.randn(g, dt, shape).mul(0.7).requiresGrad_(true);
    }

    /** x, h, c, wIh, wHh, bIh, bHh for a cell with the given number of gates. */
    private static Tensor[] inputs(int gates, DType dt, long seed) {
        Generator g = new Generator(seed);
        return new Tensor[] {rand(g, dt, B, I), rand(g, dt, B, H), rand(g, dt, B, H), rand(g, dt, gates * H, I), rand(g, dt, gates * H, H),
                rand(g, dt, gates * H), rand(g, dt, gates * H)};
    }

    private static Tensor lstmFused(Tensor[] t) {
        RnnOps.LstmState s = F.lstmCell(t[0], t[1], t[2], t[3], t[4], t[5], t[6]);
        return Tensor.cat(1, s.h(), s.c());
    }

    private static Tensor lstmComposite(Tensor[] t) {
        Tensor[] r = RnnOps.lstmForwardReference(t[0].matmul(t[3].t()), t[1].matmul(t[4].t()), t[5], t[6], t[2]);
        return Tensor.cat(1, r[0], r[1]);
    }

    private static Tensor gruFused(Tensor[] t) { return F.gruCell(t[0], t[1], t[3], t[4], t[5], t[6]); }

    private static Tensor gruComposite(Tensor[] t) {
        return RnnOps.gruForwardReference(t[0].matmul(t[3].t()), t[1].matmul(t[4].t()), t[5], t[6], t[1])[0];
    }

    /** Values and every input gradient of a random projection of the output agree to F64 rounding. */
    private static void assertSameAsComposite(Function<Tensor[], Tensor> fused, Function<Tensor[], Tensor> composite, int gates) {
        Tensor[] a = inputs(gates, DType.F64, 11), b = inputs(gates, DType.F64, 11);
        Tensor ya = fused.apply(a), yb = composite.apply(b);
        assertArrayEquals(yb.toDoubleArray(), ya.toDoubleArray(), 1e-13);
        Tensor proj = Tensor.randn(new Generator(5), DType.F64, ya.shape());
        ya.mul(proj).sum().backward();
        yb.mul(proj).sum().backward();
        for (int i = 0; i < a.length; i++) {
            if (a[i] == a[2] && gates == 3) continue; // the GRU has no cell state
            assertArrayEquals(b[i].grad().toDoubleArray(), a[i].grad().toDoubleArray(), 1e-12, "gradient of input " + i);
        }
    }

    @Test
    void lstmMatchesCompositeValuesAndGradients() {
        assertSameAsComposite(RnnOpsTest::lstmFused, RnnOpsTest::lstmComposite, 4);
    }

    @Test
    void gruMatchesCompositeValuesAndGradients() {
        assertSameAsComposite(RnnOpsTest::gruFused, RnnOpsTest::gruComposite, 3);
    }

    @Test
    void lstmGradCheckAndDoubleBackward() {
        Tensor[] t = inputs(4, DType.F64, 3);
        GradCheck.check(RnnOpsTest::lstmFused, t);
        GradCheck.checkGradGrad(RnnOpsTest::lstmFused, t);
    }

    @Test
    void gruGradCheckAndDoubleBackward() {
        Tensor[] t = inputs(3, DType.F64, 4);
        t[2] = t[2].detach(); // unused by the GRU
        GradCheck.check(RnnOpsTest::gruFused, t);
        GradCheck.checkGradGrad(RnnOpsTest::gruFused, t);
    }

    @Test
    void float32AgreesWithFloat64Composite() {
        Tensor[] d = inputs(4, DType.F64, 8);
        Tensor[] f = new Tensor[d.length];
        for (int i = 0; i < d.length; i++) f[i] = d[i].detach().to(DType.F32);
        double[] exact = lstmComposite(d).toDoubleArray(), got = lstmFused(f).toDoubleArray();
        // inputs are F32-exact; the projections are sums of I + H + 2 products of magnitude < 4, so the
        // pre-activations carry at most (I + H + 4)·u·Σ|terms| of error, which the gates pass on with slope ≤ 1
        double tol = (I + H + 4) * 0x1p-24 * 50;
        for (int i = 0; i < exact.length; i++) assertEquals(exact[i], got[i], tol, "element " + i);
        Tensor[] gd = inputs(3, DType.F64, 8), gf = new Tensor[gd.length];
        for (int i = 0; i < gd.length; i++) gf[i] = gd[i].detach().to(DType.F32);
        double[] gExact = gruComposite(gd).toDoubleArray(), gGot = gruFused(gf).toDoubleArray();
        for (int i = 0; i < gExact.length; i++) assertEquals(gExact[i], gGot[i], tol, "gru element " + i);
    }

    @Test
    void optionalBiasesUnbatchedInputsAndStateViews() {
        Tensor[] t = inputs(4, DType.F64, 9);
        Tensor[] noBias = {t[0], t[1], t[2], t[3], t[4], null, null};
        RnnOps.LstmState s = F.lstmCell(t[0], t[1], t[2], t[3], t[4], null, null);
        Tensor[] ref = RnnOps.lstmForwardReference(t[0].matmul(t[3].t()), t[1].matmul(t[4].t()), null, null, t[2]);
        assertArrayEquals(ref[0].toDoubleArray(), s.h().toDoubleArray(), 1e-13);
        GradCheck.check(in -> lstmFused(new Tensor[] {in[0], in[1], in[2], in[3], in[4], null, null}), noBias[0], noBias[1], noBias[2], noBias[3], noBias[4]);

        // a second step on the views h', c' of the first step's output (row stride 2H)
        RnnOps.LstmState s2 = F.lstmCell(t[0], s.h(), s.c(), t[3], t[4], t[5], t[6]);
        Tensor[] ref2 = RnnOps.lstmForwardReference(t[0].matmul(t[3].t()), ref[0].matmul(t[4].t()), t[5], t[6], ref[1]);
        assertArrayEquals(ref2[1].toDoubleArray(), s2.c().toDoubleArray(), 1e-13);

        Tensor x1 = t[0].select(0, 1), h1 = t[1].select(0, 1), c1 = t[2].select(0, 1);
        RnnOps.LstmState u = F.lstmCell(x1, h1, c1, t[3], t[4], t[5], t[6]);
        assertArrayEquals(new int[] {H}, u.h().shape());
        assertArrayEquals(lstmFused(t).select(0, 1).narrow(0, 0, H).toDoubleArray(), u.h().toDoubleArray(), 1e-13);
        Tensor g = F.gruCell(x1, h1, t[3].narrow(0, 0, 3 * H), t[4].narrow(0, 0, 3 * H), null, t[6].narrow(0, 0, 3 * H));
        assertArrayEquals(new int[] {H}, g.shape());
    }

    @Test
    void onlyHiddenOutputUsed() {
        Tensor[] a = inputs(4, DType.F64, 12), b = inputs(4, DType.F64, 12);
        F.lstmCell(a[0], a[1], a[2], a[3], a[4], a[5], a[6]).h().sum().backward();
        Tensor[] r = RnnOps.lstmForwardReference(b[0].matmul(b[3].t()), b[1].matmul(b[4].t()), b[5], b[6], b[2]);
        r[0].sum().backward();
        for (int i = 0; i < a.length; i++) assertArrayEquals(b[i].grad().toDoubleArray(), a[i].grad().toDoubleArray(), 1e-12);
    }

    @Test
    void badShapesNameTheOpAndTheShapes() {
        Tensor[] t = inputs(4, DType.F32, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> F.lstmCell(t[0], t[1], t[2], t[4], t[4], t[5], t[6]));
        assertTrue(e.getMessage().startsWith("lstm_cell: weight_ih must be [28, 5]"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> F.lstmCell(t[0], t[1], t[2].narrow(1, 0, 3), t[3], t[4], t[5], t[6]));
        assertTrue(e2.getMessage().contains("cx must have the hidden state's shape"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class, () -> F.gruCell(t[0], t[1], t[3], t[4], null, null));
        assertTrue(e3.getMessage().startsWith("gru_cell: weight_ih must be [21, 5]"), e3.getMessage());
        var e4 = assertThrows(IllegalArgumentException.class, () -> F.lstmCell(t[0], t[1].to(DType.F64), t[2], t[3], t[4], t[5], t[6]));
        assertTrue(e4.getMessage().contains("dtype"), e4.getMessage());
    }
}
