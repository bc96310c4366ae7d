package dev.reel.cuda;

import dev.reel.engine.DType;
import dev.reel.engine.Device;
import dev.reel.engine.Tensor;
import dev.reel.engine.cpu.CpuBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static dev.reel.cuda.GpuTesting.CUDA0;
import static dev.reel.cuda.GpuTesting.GPU;
import static dev.reel.cuda.GpuTesting.close;
import static dev.reel.cuda.GpuTesting.empty;
import static dev.reel.cuda.GpuTesting.gpu;
import static dev.reel.cuda.GpuTesting.random;
import static dev.reel.cuda.GpuTesting.requireGpu;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The flash-attention kernels on the GPU against the CPU backend: outputs, log-sum-exps and the
 * three gradients, without a mask, causal, with BOOL and float masks (one query row with every
 * key masked), with broadcast (stride-0) batch dims and row-strided inputs, at odd sizes that
 * leave partial tiles. Tolerances: F32 1e-4 relative (sums over up to 70 keys in another order and
 * another exp), F64 1e-10. Skipped, with the reason, where no GPU is found.
 */
class CudaAttentionTest {
    private static final CpuBackend CPU = CpuBackend.INSTANCE;

    private enum MaskKind { NONE, CAUSAL, BOOL, FLOAT }

    private static double tol(DType t) { return t == DType.F64 ? 1e-10 : 1e-4; }

    /** (2, 3, rows, cols) with row stride cols + 5, as the GPU and CPU pair. */
    private static Tensor[] rowStrided(Random rnd, DType t, int rows, int cols) {
        Tensor wide = random(rnd, t, 2, 3, rows, cols + 5);
        return new Tensor[] {wide.narrow(3, 1, cols), gpu(wide).narrow(3, 1, cols)};
    }

    private static Tensor[] mask(Random rnd, MaskKind kind, DType t, int l, int s) {
        if (kind == MaskKind.NONE || kind == MaskKind.CAUSAL) return new Tensor[] {null, null};
        Tensor m;
        if (kind == MaskKind.BOOL) {
            boolean[] keep = new boolean[3 * l * s];
            for (int i = 0; i < keep.length; i++) keep[i] = rnd.nextDouble() < 0.7;
            for (int j = 0; j < s; j++) keep[2 * s + j] = false;  // query 2 of head 0 sees no key
            m = Tensor.fromArray(keep, 1, 3, l, s);
        } else {
            m = random(rnd, t, 1, 3, l, s);
        }
        int[] full = {2, 3, l, s};  // batch dim broadcast with stride 0
        return new Tensor[] {m.expand(full), gpu(m).expand(full)};
    }

    private static void check(DType t, MaskKind kind, int l, int s, int e, int ev, long seed) {
        Random rnd = new Random(seed);
        Tensor[] q = rowStrided(rnd, t, l, e), v = rowStrided(rnd, t, s, ev);
        // k shared by the three heads: a stride-0 head dim
        Tensor k1 = random(rnd, t, 2, 1, s, e);
        Tensor[] k = {k1.expand(2, 3, s, e), gpu(k1).expand(2, 3, s, e)};
        Tensor[] m = mask(rnd, kind, t, l, s);
        boolean causal = kind == MaskKind.CAUSAL;
        double scale = 1 / Math.sqrt(e);
        String what = t + " " + kind + " L=" + l + " S=" + s + " E=" + e + " Ev=" + ev;

        Tensor oc = empty(CPU, Device.CPU, t, 2, 3, l, ev), lc = empty(CPU, Device.CPU, t, 2, 3, l);
        Tensor og = empty(GPU, CUDA0, t, 2, 3, l, ev), lg = empty(GPU, CUDA0, t, 2, 3, l);
        CPU.attentionForward(q[0], k[0], v[0], m[0], causal, scale, oc, lc);
        GPU.attentionForward(q[1], k[1], v[1], m[1], causal, scale, og, lg);
        close(oc, og, tol(t), what + " out");
        close(lc, lg, tol(t), what + " lse");

        Tensor[] g = rowStrided(rnd, t, l, ev);
        Tensor dqc = empty(CPU, Device.CPU, t, 2, 3, l, e), dkc = empty(CPU, Device.CPU, t, 2, 3, s, e), dvc = empty(CPU, Device.CPU, t, 2, 3, s, ev);
        Tensor dqg = empty(GPU, CUDA0, t, 2, 3, l, e), dkg = empty(GPU, CUDA0, t, 2, 3, s, e), dvg = empty(GPU, CUDA0, t, 2, 3, s, ev);
        CPU.attentionBackward(q[0], k[0], v[0], m[0], causal, scale, oc, lc, g[0], dqc, dkc, dvc);
        GPU.attentionBackward(q[1], k[1], v[1], m[1], causal, scale, og, lg, g[1], dqg, dkg, dvg);
        close(dqc, dqg, tol(t), what + " dq");
        close(dkc, dkg, tol(t), what + " dk");
        close(dvc, dvg, tol(t), what + " dv");
    }

    @ParameterizedTest
    @EnumSource(MaskKind.class)
    void f32MatchesCpu(MaskKind kind) {
        requireGpu();
        check(DType.F32, kind, 37, 45, 19, 23, 21);
        check(DType.F32, kind, 1, 70, 64, 64, 22);
        check(DType.F32, kind, 33, 17, 128, 7, 23);
    }

    @ParameterizedTest
    @EnumSource(MaskKind.class)
    void f64MatchesCpu(MaskKind kind) {
        requireGpu();
        check(DType.F64, kind, 37, 45, 19, 23, 24);
        check(DType.F64, kind, 9, 5, 128, 128, 25);
    }

    @Test
    void kernelsTakeFloatHeadDimsUpTo128() {
        assertTrue(CudaAttention.supports(Tensor.zeros(2, 128), Tensor.zeros(3, 128)));
        assertTrue(CudaAttention.supports(Tensor.zeros(DType.F64, 2, 1), Tensor.zeros(DType.F64, 3, 1)));
        assertFalse(CudaAttention.supports(Tensor.zeros(2, 130), Tensor.zeros(3, 4)));
        assertFalse(CudaAttention.supports(Tensor.zeros(2, 4), Tensor.zeros(3, 129)));
    }

    @Test
    void headDimsAbove128RunTheCompositeAndStillMatch() {
        requireGpu();
        check(DType.F32, MaskKind.CAUSAL, 11, 13, 130, 9, 26);
    }
}
