package dev.reel.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.engine.DType;
import dev.reel.engine.F;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import dev.reel.engine.autograd.GradCheck;
import org.junit.jupiter.api.Test;

class PoolOpsTest {
    private final Generator g = new Generator(5);

    /** Distinct values (a shuffled ramp) so max pooling has no ties for finite differences to trip on. */
    private Tensor distinct(int... shape) {
        int n = Shapes.numel(shape);
        Tensor perm = Tensor.randperm(g, n).to(DType.F64).mul(0.1);
        return perm.reshape(shape).detach().requiresGrad_(true);
    }

    private Tensor rnd(int... shape) { return Tensor.randn(g, DType.F64, shape).requiresGrad_(true); }

    @Test
    void maxPool2dValuesAndIndices() {
        Tensor x = Tensor.fromArray(new double[] {1, 5, 2, 0, 3, 4, 9, 8, 7, 6, 1, 2, 0, 1, 3, 2}, 1, 1, 4, 4);
        var r = F.maxPool2dWithIndices(x, new int[] {2}, null, new int[] {0}, new int[] {1}, false);
        assertArrayEquals(new double[] {5, 9, 7, 3}, r.values().toDoubleArray());
        assertArrayEquals(new long[] {1, 6, 8, 14}, r.indices().toLongArray());
    }

    @Test
    void maxPoolGradients() {
        GradCheck.check(in -> F.maxPool1d(in[0], new int[] {3}, new int[] {2}, new int[] {1}, new int[] {1}, true), distinct(2, 2, 8));
        GradCheck.check(in -> F.maxPool2d(in[0], new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 0}, new int[] {1, 2}, false), distinct(1, 2, 7, 6));
        GradCheck.check(in -> F.maxPool2d(in[0], new int[] {2}, new int[] {2}, new int[] {0}, new int[] {1}, true), distinct(1, 1, 5, 5));
        GradCheck.check(in -> F.maxPool3d(in[0], new int[] {2}, new int[] {1}, new int[] {0}, new int[] {1}, false), distinct(1, 1, 3, 3, 3));
        GradCheck.check(in -> F.adaptiveMaxPool2d(in[0], 2, 3), distinct(1, 2, 5, 7));
        GradCheck.checkGradGrad(in -> F.maxPool2d(in[0], 2), distinct(1, 1, 4, 4));
    }

    @Test
    void avgPoolGradients() {
        GradCheck.check(in -> F.avgPool2d(in[0], new int[] {3}, new int[] {2}, new int[] {1}, true, false, 0), rnd(1, 2, 6, 5));
        GradCheck.check(in -> F.avgPool2d(in[0], new int[] {3}, new int[] {2}, new int[] {1}, false, true, 0), rnd(1, 1, 5, 5));
        GradCheck.check(in -> F.avgPool1d(in[0], new int[] {2}, new int[] {1}, new int[] {1}, false, true, 3), rnd(2, 1, 5));
        GradCheck.check(in -> F.avgPool3d(in[0], 2), rnd(1, 1, 4, 4, 4));
        GradCheck.check(in -> F.adaptiveAvgPool2d(in[0], 3, 2), rnd(1, 2, 7, 5));
        GradCheck.check(in -> F.adaptiveAvgPool1d(in[0], 4), rnd(1, 2, 10));
        GradCheck.checkGradGrad(in -> F.avgPool2d(in[0], new int[] {2}, new int[] {1}, new int[] {1}, true, false, 0), rnd(1, 1, 3, 3));
        GradCheck.checkGradGrad(in -> F.adaptiveAvgPool3d(in[0], 1, 2, 2), rnd(1, 1, 2, 3, 3));
    }

    @Test
    void avgPoolPaddingDivisors() {
        Tensor x = Tensor.ones(DType.F64, 1, 1, 3, 3);
        // with padding 1 and kernel 3, the corner window covers 4 real cells out of 9
        Tensor incl = F.avgPool2d(x, new int[] {3}, new int[] {1}, new int[] {1}, false, true, 0);
        Tensor excl = F.avgPool2d(x, new int[] {3}, new int[] {1}, new int[] {1}, false, false, 0);
        assertArrayEquals(new double[] {4.0 / 9, 6.0 / 9, 4.0 / 9}, incl.index(0, 0, 0).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {1, 1, 1}, excl.index(0, 0, 0).toDoubleArray(), 1e-12);
    }

    @Test
    void ceilModeDropsWindowsStartingInPadding() {
        // PyTorch: input 5, kernel 2, stride 2, ceil → 3 outputs; with padding 1 → 3 (not 4)
        assertArrayEquals(new int[] {1, 1, 3}, F.maxPool1d(Tensor.zeros(1, 1, 5), new int[] {2}, new int[] {2}, new int[] {0}, new int[] {1}, true).shape());
        assertArrayEquals(new int[] {1, 1, 3}, F.maxPool1d(Tensor.zeros(1, 1, 5), new int[] {2}, new int[] {2}, new int[] {1}, new int[] {1}, true).shape());
    }

    @Test
    void poolErrors() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> F.maxPool2d(Tensor.zeros(1, 1, 4, 4), new int[] {2}, new int[] {2}, new int[] {2}, new int[] {1}, false));
        assertTrue(e.getMessage().contains("pad should be at most half of effective kernel size"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.maxPool2d(Tensor.zeros(4, 4), 2));
        assertTrue(e.getMessage().startsWith("max_pool2d: expected 3D or 4D input"), e.getMessage());
    }
}
