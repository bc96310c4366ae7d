package dev.reel.cuda;

import dev.reel.engine.DType;
import dev.reel.engine.F;
import dev.reel.engine.Tensor;
import dev.reel.engine.ops.RnnOps;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.function.Function;

import static dev.reel.cuda.GpuTesting.close;
import static dev.reel.cuda.GpuTesting.gpu;
import static dev.reel.cuda.GpuTesting.random;
import static dev.reel.cuda.GpuTesting.requireGpu;

/**
 * The fused ops end to end through the Tensor API and autograd: the same leaves on the CPU and on
 * the GPU, the same scalar loss, then every output and every leaf gradient compared (F32, 1e-4
 * relative: several kernels in a row, each within 1e-5). This checks that the engine's nodes reach
 * the CUDA overrides with the layouts those expect. Skipped, with the reason, where no GPU is found.
 */
class CudaFusedOpsAutogradTest {
    private static final double TOL = 1e-4;

    /** Runs {@code loss} on CPU leaves and on GPU copies of them; compares the losses and all gradients. */
    private static void compare(String what, Tensor[] cpuValues, Function<Tensor[], Tensor> loss) {
        Tensor[] c = new Tensor[cpuValues.length], g = new Tensor[cpuValues.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = cpuValues[i].contiguous().detach().requiresGrad_(true);
            g[i] = gpu(cpuValues[i]).requiresGrad_(true);
        }
        Tensor lc = loss.apply(c), lg;
        try (var f32 = MatmulPrecision.HIGHEST.use()) {  // the cells' GEMMs at F32, whatever -Dreel.cuda.tf32 says
            lg = loss.apply(g);
            close(lc, lg, TOL, what + " loss");
            lc.backward();
            lg.backward();
        }
        for (int i = 0; i < c.length; i++) close(c[i].grad(), g[i].grad(), TOL, what + " grad of input " + i);
    }

    /** Σ out ⊙ r for a fixed random r, so every output element gets its own gradient. */
    private static Tensor weightedSum(Tensor out, long seed) {
        Tensor r = random(new Random(seed), out.dtype(), out.shape());
        return out.mul(out.device().equals(r.device()) ? r : gpu(r)).sum();
    }

    @Test
    void lstmAndGruCellsMatchCpuWithGradients() {
        requireGpu();
        Random rnd = new Random(41);
        int b = 4, in = 7, h = 13;
        DType t = DType.F32;
        compare("lstm_cell", new Tensor[] {random(rnd, t, b, in), random(rnd, t, b, h), random(rnd, t, b, h),
                random(rnd, t, 4 * h, in), random(rnd, t, 4 * h, h), random(rnd, t, 4 * h), random(rnd, t, 4 * h)}, x -> {
                    RnnOps.LstmState s = F.lstmCell(x[0], x[1], x[2], x[3], x[4], x[5], x[6]);
                    return weightedSum(s.h(), 1).add(weightedSum(s.c(), 2));
                });
        compare("gru_cell", new Tensor[] {random(rnd, t, b, in), random(rnd, t, b, h), random(rnd, t, 3 * h, in),
                random(rnd, t, 3 * h, h), random(rnd, t, 3 * h), random(rnd, t, 3 * h)},
                x -> weightedSum(F.gruCell(x[0], x[1], x[2], x[3], x[4], x[5]), 3));
    }

    @Test
    void attentionMatchesCpuWithGradients() {
        requireGpu();
        Random rnd = new Random(42);
        DType t = DType.F32;
        for (boolean causal : new boolean[] {false, true}) {
            compare("sdpa causal=" + causal, new Tensor[] {random(rnd, t, 2, 3, 21, 16), random(rnd, t, 2, 3, 34, 16),
                    random(rnd, t, 2, 3, 34, 24)},
                    x -> weightedSum(F.scaledDotProductAttention(x[0], x[1], x[2], null, 0, causal, Double.NaN), 4));
        }
    }

    @Test
    void softmaxAndLayerNormMatchCpuWithGradients() {
        requireGpu();
        Random rnd = new Random(43);
        DType t = DType.F32;
        compare("softmax", new Tensor[] {random(rnd, t, 6, 50)}, x -> weightedSum(F.softmax(x[0], 1), 5));
        compare("log_softmax", new Tensor[] {random(rnd, t, 6, 50)}, x -> weightedSum(F.logSoftmax(x[0], 1), 6));
        compare("layer_norm", new Tensor[] {random(rnd, t, 5, 3, 40), random(rnd, t, 40), random(rnd, t, 40)},
                x -> weightedSum(F.layerNorm(x[0], new int[] {40}, x[1], x[2], 1e-5), 7));
    }
}
