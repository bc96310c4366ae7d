package dev.reel.cuda;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.reel.engine.DType;
import dev.reel.engine.Device;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import dev.reel.engine.ops.OptimOps;
import org.junit.jupiter.api.Test;

/**
 * The fused optimizer kernels of optim.cu against the CPU backend's, over several steps, with
 * every option (weight decay coupled and decoupled, amsgrad, momentum, dampening, nesterov), on
 * F32 and F64. The GPU may contract a·b + c into one FMA, so the tolerance is 1e-5 relative for
 * F32 and 1e-12 for F64 rather than bit equality. Skipped, with the reason, where no GPU is found.
 */
class CudaOptimTest {
    private static final Device CUDA0 = Device.cuda(0);
    private static final int[] SIZES = {1, 7, 33, 1000, 70_000};

    private static void requireGpu() {
        assumeTrue(CudaBackend.INSTANCE.isAvailable(), "no CUDA GPU found: " + CudaBackend.INSTANCE.unavailableReason());
    }

    private static void assertClose(Tensor cpu, Tensor gpu, DType dt, String what) {
        double tol = dt == DType.F32 ? 1e-5 : 1e-12;
        double[] e = cpu.toDoubleArray(), a = gpu.to(Device.CPU).toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            if (!(Math.abs(e[i] - a[i]) <= tol * (1 + Math.abs(e[i])))) fail(what + " [" + i + "]: cpu " + e[i] + ", gpu " + a[i]);
        }
    }

    private static Tensor[] onGpu(Tensor[] t) {
        Tensor[] r = new Tensor[t.length];
        for (int i = 0; i < t.length; i++) r[i] = t[i] == null ? null : t[i].to(CUDA0);
        return r;
    }

    @Test
    void adamMatchesCpu() {
        requireGpu();
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            for (int n : SIZES) {
                for (int mode = 0; mode < 4; mode++) {
                    boolean amsgrad = mode >= 2, decoupled = mode % 2 == 1;
                    double wd = mode == 0 ? 0 : 0.05;
                    Generator gen = new Generator(n + mode);
                    Tensor p = Tensor.randn(gen, dt, n);
                    Tensor[] cpu = {p, p.zerosLike(), p.zerosLike(), amsgrad ? p.zerosLike() : null};
                    Tensor[] gpu = onGpu(cpu);
                    for (int step = 1; step <= 3; step++) {
                        Tensor g = Tensor.randn(gen, dt, n);
                        OptimOps.adamStep(cpu[0], g, cpu[1], cpu[2], cpu[3], 1e-2, 0.9, 0.999, 1e-8, wd, decoupled, step);
                        OptimOps.adamStep(gpu[0], g.to(CUDA0), gpu[1], gpu[2], gpu[3], 1e-2, 0.9, 0.999, 1e-8, wd, decoupled, step);
                    }
                    for (int k = 0; k < 4; k++) {
                        if (cpu[k] != null) assertClose(cpu[k], gpu[k], dt, "adam " + dt + " n=" + n + " mode=" + mode + " tensor " + k);
                    }
                }
            }
        }
    }

    @Test
    void sgdMatchesCpu() {
        requireGpu();
        double[][] configs = {{0, 0, 0, 0}, {0, 0, 0.01, 0}, {0.9, 0, 0, 0}, {0.9, 0.3, 0.01, 0}, {0.9, 0, 0.01, 1}};
        for (DType dt : new DType[] {DType.F32, DType.F64}) {
            for (int n : SIZES) {
                for (double[] c : configs) {
                    Generator gen = new Generator(n * 3L);
                    Tensor p = Tensor.randn(gen, dt, n), b = c[0] != 0 ? p.zerosLike() : null;
                    Tensor pg = p.to(CUDA0), bg = b == null ? null : b.to(CUDA0);
                    for (int step = 1; step <= 3; step++) {
                        Tensor g = Tensor.randn(gen, dt, n);
                        OptimOps.sgdStep(p, g, b, 0.05, c[0], c[1], c[2], c[3] == 1, step == 1);
                        OptimOps.sgdStep(pg, g.to(CUDA0), bg, 0.05, c[0], c[1], c[2], c[3] == 1, step == 1);
                    }
                    String what = "sgd " + dt + " n=" + n + " config=" + java.util.Arrays.toString(c);
                    assertClose(p, pg, dt, what + " p");
                    if (b != null) assertClose(b, bg, dt, what + " momentum_buffer");
                }
            }
        }
    }
}
