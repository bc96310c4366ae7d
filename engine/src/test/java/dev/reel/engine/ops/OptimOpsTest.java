package dev.reel.engine.ops;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.reel.engine.DType;
import dev.reel.engine.Generator;
import dev.reel.engine.Grad;
import dev.reel.engine.Tensor;
import dev.reel.engine.cpu.Parallel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fused optimizer steps (the CPU backend's one-pass kernels) against the composite reference
 * formulas, over several steps, on sizes that stress the vector tail and the split across the pool
 * (70 000 elements make three chunks), with every option: weight decay coupled and decoupled,
 * amsgrad, momentum, dampening, nesterov; and non-contiguous parameters, which take the composite.
 *
 * <p>The fused kernels repeat the composite's operations in the same order, so they agree to the
 * last bit in practice; the stated tolerance is 1e-6 relative for F32 and 1e-12 for F64 (plus the
 * same figure absolute, for values near zero).
 */
class OptimOpsTest {
    private static final int[] SIZES = {1, 7, 33, 1000, 70_000};
    private static final int STEPS = 4;
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(savedThreads);
    }

    private static void assertClose(Tensor expected, Tensor actual, DType dt, String what) {
        double tol = dt == DType.F32 ? 1e-6 : 1e-12;
        double[] e = expected.toDoubleArray(), a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            if (!(Math.abs(e[i] - a[i]) <= tol * (1 + Math.abs(e[i])))) fail(what + " [" + i + "]: composite " + e[i] + ", fused " + a[i]);
        }
    }

    /** The four state tensors of one run: p, m, v, vMax (vMax null without amsgrad). */
    private static Tensor[] adamState(Tensor p0, boolean amsgrad) {
        return new Tensor[] {p0.clone(), p0.zerosLike(), p0.zerosLike(), amsgrad ? p0.zerosLike() : null};
    }

    private static void runAdam(DType dt, int n, double wd, boolean decoupled, boolean amsgrad, boolean nonContiguous) {
        Generator gen = new Generator(n * 31L + (amsgrad ? 1 : 0));
        Tensor p0 = nonContiguous ? Tensor.randn(gen, dt, 3, n).t() : Tensor.randn(gen, dt, n);
        Tensor[] ref = adamState(p0, amsgrad), fused = adamState(p0, amsgrad);
        if (nonContiguous) {
            fused[0] = Tensor.randn(gen, dt, 3, n).t();
            fused[0].copy_(p0);
            assertFalse(fused[0].isContiguous());
        }
        for (int step = 1; step <= STEPS; step++) {
            Tensor g = Tensor.randn(gen, dt, p0.shape());
            try (var off = Grad.off()) {
                OptimOps.adamStepReference(ref[0], g, ref[1], ref[2], ref[3], 1e-2, 0.9, 0.999, 1e-8, wd, decoupled, step);
            }
            OptimOps.adamStep(fused[0], g, fused[1], fused[2], fused[3], 1e-2, 0.9, 0.999, 1e-8, wd, decoupled, step);
        }
        String what = "adam " + dt + " n=" + n + " wd=" + wd + (decoupled ? " decoupled" : "") + (amsgrad ? " amsgrad" : "");
        String[] names = {"p", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"};
        for (int k = 0; k < 4; k++) if (ref[k] != null) assertClose(ref[k], fused[k], dt, what + " " + names[k]);
    }

    @Test
    void adamMatchesComposite() {
        for (int threads : new int[] {1, 3}) {
            Parallel.setThreads(threads);
            for (DType dt : new DType[] {DType.F32, DType.F64}) {
                for (int n : SIZES) {
                    runAdam(dt, n, 0, false, false, false);
                    runAdam(dt, n, 0.1, false, false, false);
                    runAdam(dt, n, 0.1, true, false, false);
                    runAdam(dt, n, 0.05, false, true, false);
                    runAdam(dt, n, 0.05, true, true, false);
                }
            }
        }
    }

    @Test
    void adamNonContiguousParameterTakesTheComposite() {
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            runAdam(dt, 33, 0.1, false, true, true);
            runAdam(dt, 33, 0.1, true, false, true);
        }
    }

    private static void runSgd(DType dt, int n, double momentum, double dampening, double wd, boolean nesterov, boolean nonContiguous) {
        Generator gen = new Generator(n * 17L + 5);
        Tensor p0 = nonContiguous ? Tensor.randn(gen, dt, 3, n).t() : Tensor.randn(gen, dt, n);
        Tensor pRef = p0.clone(), pFused = p0.clone();
        if (nonContiguous) {
            pFused = Tensor.randn(gen, dt, 3, n).t();
            pFused.copy_(p0);
        }
        Tensor bRef = momentum != 0 ? p0.zerosLike() : null, bFused = momentum != 0 ? p0.zerosLike() : null;
        for (int step = 1; step <= STEPS; step++) {
            Tensor g = Tensor.randn(gen, dt, p0.shape());
            try (var off = Grad.off()) {
                OptimOps.sgdStepReference(pRef, g, bRef, 0.05, momentum, dampening, wd, nesterov, step == 1);
            }
            OptimOps.sgdStep(pFused, g, bFused, 0.05, momentum, dampening, wd, nesterov, step == 1);
        }
        String what = "sgd " + dt + " n=" + n + " momentum=" + momentum + " dampening=" + dampening + " wd=" + wd + (nesterov ? " nesterov" : "");
        assertClose(pRef, pFused, dt, what + " p");
        if (bRef != null) assertClose(bRef, bFused, dt, what + " momentum_buffer");
    }

    @Test
    void sgdMatchesComposite() {
        for (int threads : new int[] {1, 3}) {
            Parallel.setThreads(threads);
            for (DType dt : new DType[] {DType.F32, DType.F64}) {
                for (int n : SIZES) {
                    runSgd(dt, n, 0, 0, 0, false, false);
                    runSgd(dt, n, 0, 0, 0.01, false, false);
                    runSgd(dt, n, 0.9, 0, 0, false, false);
                    runSgd(dt, n, 0.9, 0.3, 0.01, false, false);
                    runSgd(dt, n, 0.9, 0, 0.01, true, false);
                }
            }
        }
    }

    @Test
    void sgdNonContiguousParameterTakesTheComposite() {
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            runSgd(dt, 33, 0.9, 0, 0.01, true, true);
            runSgd(dt, 33, 0.9, 0.3, 0, false, true);
        }
    }

    @Test
    void badArgumentsNameTheOpAndTheTensor() {
        Tensor p = Tensor.zeros(4), g = Tensor.zeros(4);
        var e = assertThrows(IllegalArgumentException.class,
                () -> OptimOps.adamStep(p, g, Tensor.zeros(5), Tensor.zeros(4), null, 1e-3, 0.9, 0.999, 1e-8, 0, false, 1));
        assertTrue(e.getMessage().startsWith("adam_step: exp_avg has shape [5]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> OptimOps.adamStep(p, g, Tensor.zeros(4), Tensor.zeros(4).to(DType.F64), null, 1e-3, 0.9, 0.999, 1e-8, 0, true, 1));
        assertTrue(e.getMessage().startsWith("adamw_step: exp_avg_sq is F64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> OptimOps.adamStep(p, g, Tensor.zeros(4), Tensor.zeros(4), null, 1e-3, 0.9, 0.999, 1e-8, 0, false, 0));
        assertTrue(e.getMessage().contains("step must be at least 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OptimOps.sgdStep(p, g, null, 0.1, 0.9, 0, 0, false, true));
        assertTrue(e.getMessage().startsWith("sgd_step: a momentum buffer is needed"), e.getMessage());
    }
}
