package dev.reel.cuda;

import dev.reel.engine.DType;
import dev.reel.engine.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static dev.reel.cuda.GpuTesting.CUDA0;
import static dev.reel.cuda.GpuTesting.GPU;
import static dev.reel.cuda.GpuTesting.empty;
import static dev.reel.cuda.GpuTesting.gpu;
import static dev.reel.cuda.GpuTesting.host;
import static dev.reel.cuda.GpuTesting.random;
import static dev.reel.cuda.GpuTesting.requireGpu;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The F32 GEMM kernels at each {@link MatmulPrecision} against an F64 product of the same inputs.
 * The bound is relative to Σ_k |a_ik|·|b_kj| (the scale of the rounding errors a product can
 * make): HIGHEST 1e-5 (F32 rounding of the sums), HIGH 1.5e-3 (two TF32 roundings of at most
 * 2^-11 each per product), MEDIUM 5e-3 (two BF16 roundings of at most 2^-9). The tensor-core paths
 * must also show some rounding, which proves that they ran. Skipped without a GPU.
 */
class TensorCoreGemmTest {
    private static double bound(MatmulPrecision p) {
        return switch (p) {
            case HIGHEST -> 1e-5;
            case HIGH -> 1.5e-3;
            case MEDIUM -> 5e-3;
        };
    }

    @Test
    void precisionParsesPyTorchNamesAndScopesNest() {
        assertEquals(MatmulPrecision.MEDIUM, MatmulPrecision.parse(" Medium"));
        var e = assertThrows(IllegalArgumentException.class, () -> MatmulPrecision.parse("low"));
        assertTrue(e.getMessage().contains("highest, high or medium"), e.getMessage());
        MatmulPrecision before = MatmulPrecision.current();
        try (var outer = MatmulPrecision.HIGH.use()) {
            assertEquals(MatmulPrecision.HIGH, MatmulPrecision.current());
            try (var inner = MatmulPrecision.MEDIUM.use()) {
                assertEquals(MatmulPrecision.MEDIUM, MatmulPrecision.current());
            }
            assertEquals(MatmulPrecision.HIGH, MatmulPrecision.current());
        }
        assertEquals(before, MatmulPrecision.current());
    }

    /** The largest |gpu - exact| / Σ|a||b| over the product, checked against the precision's bound. */
    private static double check(MatmulPrecision p, int batch, int m, int n, int k, boolean transposeB, long seed) {
        Random rnd = new Random(seed);
        Tensor a = random(rnd, DType.F64, batch, m, k);
        Tensor b = transposeB ? random(rnd, DType.F64, batch, n, k).transpose(1, 2) : random(rnd, DType.F64, batch, k, n);
        double[] exact = a.matmul(b).toDoubleArray(), scale = a.abs().matmul(b.abs()).toDoubleArray();
        Tensor ga = gpu(a.to(DType.F32)), gb = transposeB ? gpu(b.transpose(1, 2).to(DType.F32)).transpose(1, 2) : gpu(b.to(DType.F32));
        Tensor out = empty(GPU, CUDA0, DType.F32, batch, m, n);
        try (var scope = p.use()) {
            GPU.matmul(ga, gb, out);
        }
        double[] got = host(out);
        double worst = 0;
        for (int i = 0; i < exact.length; i++) {
            double rel = Math.abs(got[i] - exact[i]) / Math.max(scale[i], 1e-30);
            assertTrue(rel <= bound(p), p + " " + batch + "x" + m + "x" + n + "x" + k + " [" + i + "]: exact " + exact[i]
                    + " gpu " + got[i] + " (relative to sum |a||b| " + rel + " > " + bound(p) + ")");
            worst = Math.max(worst, rel);
        }
        return worst;
    }

    @ParameterizedTest
    @EnumSource(MatmulPrecision.class)
    void f32GemmMatchesTheExactProductWithinItsPrecision(MatmulPrecision p) {
        requireGpu();
        double worst = 0;
        worst = Math.max(worst, check(p, 2, 130, 129, 70, false, 31));
        worst = Math.max(worst, check(p, 1, 1, 257, 33, true, 32));
        worst = Math.max(worst, check(p, 1, 300, 5, 1000, false, 33));
        worst = Math.max(worst, check(p, 3, 17, 31, 9, true, 34));
        if (p != MatmulPrecision.HIGHEST) assertTrue(worst > 1e-5, p + " shows no input rounding (worst " + worst + "): did the tensor-core kernel run?");
    }
}
