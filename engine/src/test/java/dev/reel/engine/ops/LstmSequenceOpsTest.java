package dev.reel.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.engine.DType;
import dev.reel.engine.Device;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import dev.reel.engine.autograd.GradCheck;
import dev.reel.engine.backend.Backend;
import dev.reel.engine.backend.Backends;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fused whole-sequence LSTM op against the step-by-step formulation (one fused cell node and
 * two matmuls per step, {@link RnnOps#lstmPointwise}): values and every gradient in F64, odd
 * sizes, both directions, with and without biases; GradCheck and double backward on the op.
 */
class LstmSequenceOpsTest {
    private static final int[] SIZES = {1, 2, 3, 7, 17, 33};

    /** x (T, B, I), h0, c0, wIh, wHh, bIh, bHh, all requiring grad. */
    private static Tensor[] inputs(long seed, int t, int b, int in, int h) {
        Generator g = new Generator(seed);
        double k = 1 / Math.sqrt(h);
        return new Tensor[] {Tensor.randn(g, DType.F64, t, b, in).requiresGrad_(true), Tensor.randn(g, DType.F64, b, h).mul(0.5).requiresGrad_(true),
                Tensor.randn(g, DType.F64, b, h).requiresGrad_(true), Tensor.randn(g, DType.F64, 4 * h, in).mul(k).requiresGrad_(true),
                Tensor.randn(g, DType.F64, 4 * h, h).mul(k).requiresGrad_(true), Tensor.randn(g, DType.F64, 4 * h).mul(k).requiresGrad_(true),
                Tensor.randn(g, DType.F64, 4 * h).mul(k).requiresGrad_(true)};
    }

    private static LstmSequenceOps.Result fused(Tensor[] a, boolean reverse) {
        return LstmSequenceOps.lstm(a[0], a[1], a[2], a[3], a[4], a[5], a[6], reverse);
    }

    /** The step-by-step path: {output (T, B, H), h_last, c_last}. */
    private static Tensor[] steps(Tensor[] a, boolean reverse) {
        Tensor x = a[0], h = a[1], c = a[2];
        int n = x.size(0);
        Tensor[] outs = new Tensor[n];
        for (int i = 0; i < n; i++) {
            int t = reverse ? n - 1 - i : i;
            RnnOps.LstmState s = RnnOps.lstmPointwise(x.select(0, t).matmul(a[3].t()), h.matmul(a[4].t()), c, a[5], a[6]);
            outs[t] = s.h();
            h = s.h();
            c = s.c();
        }
        return new Tensor[] {Tensor.stack(java.util.Arrays.asList(outs), 0), h, c};
    }

    @Test
    void matchesTheStepByStepPathInValuesAndGradients() {
        SplittableRandom rnd = new SplittableRandom(8);
        for (int trial = 0; trial < 12; trial++) {
            int t = SIZES[rnd.nextInt(SIZES.length)], b = SIZES[rnd.nextInt(SIZES.length)];
            int in = SIZES[rnd.nextInt(SIZES.length)], h = SIZES[rnd.nextInt(SIZES.length)];
            boolean reverse = trial % 2 == 1, bias = trial % 3 != 2;
            String what = "T=" + t + " B=" + b + " I=" + in + " H=" + h + " reverse=" + reverse + " bias=" + bias;
            Tensor[] a = inputs(100 + trial, t, b, in, h), r = inputs(100 + trial, t, b, in, h);
            if (!bias) {
                a[5] = a[6] = r[5] = r[6] = null;
            }
            LstmSequenceOps.Result got = fused(a, reverse);
            Tensor[] want = steps(r, reverse);
            assertArrayEquals(want[0].toDoubleArray(), got.output().toDoubleArray(), 1e-12, what + " output");
            assertArrayEquals(want[1].toDoubleArray(), got.h().toDoubleArray(), 1e-12, what + " h");
            assertArrayEquals(want[2].toDoubleArray(), got.c().toDoubleArray(), 1e-12, what + " c");

            // a loss that reaches the output sequence and both final states
            Generator g = new Generator(7 + trial);
            Tensor po = Tensor.randn(g, DType.F64, t, b, h), ph = Tensor.randn(g, DType.F64, b, h), pc = Tensor.randn(g, DType.F64, b, h);
            got.output().mul(po).sum().add(got.h().mul(ph).sum()).add(got.c().mul(pc).sum()).backward();
            want[0].mul(po).sum().add(want[1].mul(ph).sum()).add(want[2].mul(pc).sum()).backward();
            for (int i = 0; i < a.length; i++) {
                if (a[i] == null) continue;
                assertArrayEquals(r[i].grad().toDoubleArray(), a[i].grad().toDoubleArray(), 1e-11, what + " gradient of input " + i);
            }
        }
    }

    @Test
    void gradCheckAndDoubleBackward() {
        for (boolean reverse : new boolean[] {false, true}) {
            Tensor[] a = inputs(3, 3, 2, 3, 2);
            java.util.function.Function<Tensor[], Tensor> f = in -> {
                LstmSequenceOps.Result r = LstmSequenceOps.lstm(in[0], in[1], in[2], in[3], in[4], in[5], in[6], reverse);
                return Tensor.cat(0, r.output().reshape(-1), r.c().reshape(-1));
            };
            GradCheck.check(f, a);
            GradCheck.checkGradGrad(f, a);
        }
    }

    @Test
    void inputWithoutGradientAndNonContiguousViews() {
        // batch-first input seen time-major, states as selects of a (layers, B, H) tensor
        Tensor[] a = inputs(5, 4, 3, 5, 7), r = inputs(5, 4, 3, 5, 7);
        a[0] = a[0].detach().transpose(0, 1).contiguous().transpose(0, 1);
        r[0] = r[0].detach();
        Tensor h0 = Tensor.stack(java.util.List.of(a[1].detach(), a[1].detach()), 0).requiresGrad_(true);
        a[1] = h0.select(0, 1);
        LstmSequenceOps.Result got = fused(a, false);
        Tensor[] want = steps(r, false);
        assertArrayEquals(want[0].toDoubleArray(), got.output().toDoubleArray(), 1e-12);
        got.output().sum().backward();
        want[0].sum().backward();
        assertArrayEquals(r[1].grad().toDoubleArray(), h0.grad().select(0, 1).toDoubleArray(), 1e-12);
        assertArrayEquals(r[4].grad().toDoubleArray(), a[4].grad().toDoubleArray(), 1e-11);
        assertEquals(0.0, h0.grad().select(0, 0).abs().sum().item());
    }

    /**
     * The Backend's default (composed of the cell kernels, what a backend without its own sequence
     * kernel runs) against the CPU's fused kernels: a proxy backend runs the interface's default
     * sequence methods and hands every other call to the CPU backend.
     */
    @Test
    void backendDefaultMatchesTheCpuKernels() {
        Backend cpu = Backends.of(Device.CPU);
        Backend composed = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, m, args) -> m.getName().startsWith("lstmSequence") ? InvocationHandler.invokeDefault(proxy, m, args) : m.invoke(cpu, args));
        for (boolean reverse : new boolean[] {false, true}) {
            Tensor[] a = inputs(21, 5, 3, 4, 6);
            int t = 5, b = 3, h = 6;
            Tensor[] results = new Tensor[2];   // every output of both kernels, flattened: composed, CPU
            for (int k = 0; k < 2; k++) {
                Backend be = k == 0 ? composed : cpu;
                Tensor acts = Tensor.zeros(DType.F64, t, b, 4 * h), hc = Tensor.zeros(DType.F64, t, b, 2 * h);
                be.lstmSequenceForward(a[0].detach(), a[3].detach(), a[4].detach(), a[5].detach(), a[6].detach(), a[1].detach(), a[2].detach(),
                        reverse, acts, hc);
                Tensor dhc = Tensor.randn(new Generator(4), DType.F64, t, b, 2 * h);
                Tensor dG = Tensor.zeros(DType.F64, t, b, 4 * h), dh0 = Tensor.zeros(DType.F64, b, h), dc0 = Tensor.zeros(DType.F64, b, h);
                be.lstmSequenceBackward(acts, hc, a[2].detach(), a[4].detach(), dhc, reverse, dG, dh0, dc0);
                results[k] = Tensor.cat(0, acts.reshape(-1), hc.reshape(-1), dG.reshape(-1), dh0.reshape(-1), dc0.reshape(-1));
            }
            assertArrayEquals(results[1].toDoubleArray(), results[0].toDoubleArray(), 1e-12, "reverse=" + reverse);
        }
    }

    @Test
    void bfloat16RunsAsFloat32() {
        Tensor[] a = inputs(31, 4, 2, 5, 16);
        Tensor[] f = new Tensor[a.length], hb = new Tensor[a.length];
        for (int i = 0; i < a.length; i++) {
            hb[i] = a[i].detach().to(DType.BF16);
            f[i] = hb[i].to(DType.F32);
        }
        double[] want = fused(f, false).output().toDoubleArray(), got = fused(hb, false).output().toDoubleArray();
        // the same F32 computation, its outputs (|h| < 1) rounded once to BF16 (8 bits)
        assertArrayEquals(want, got, 0x1p-8);
    }

    @Test
    void badShapesNameTheOp() {
        Tensor[] a = inputs(1, 2, 3, 4, 5);
        var e = assertThrows(IllegalArgumentException.class, () -> LstmSequenceOps.lstm(a[0], a[1], a[2], a[4], a[4], a[5], a[6], false));
        assertTrue(e.getMessage().startsWith("lstm_sequence: weight_ih must be [20, 4]"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> LstmSequenceOps.lstm(a[0].select(0, 0), a[1], a[2], a[3], a[4], null, null, false));
        assertTrue(e2.getMessage().contains("expected input (T, B, I)"), e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class, () -> LstmSequenceOps.lstm(a[0], a[1], a[2].to(DType.F32), a[3], a[4], null, null, false));
        assertTrue(e3.getMessage().contains("c0") || e3.getMessage().contains("dtype"), e3.getMessage());
    }
}
