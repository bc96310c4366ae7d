package dev.reel.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.reel.engine.DType;
import dev.reel.engine.F;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import dev.reel.engine.autograd.GradCheck;
import org.junit.jupiter.api.Test;

class InterpolateOpsTest {
    private final Generator g = new Generator(19);

    private Tensor rnd(int... shape) { return Tensor.randn(g, DType.F64, shape).requiresGrad_(true); }

    private static Tensor line(int n) { return Tensor.arange(0, n, 1, DType.F64).reshape(1, 1, n); }

    @Test
    void nearestIndices() {
        assertArrayEquals(new double[] {0, 0, 1, 1, 2, 3, 3, 4}, F.interpolate(line(5), new int[] {8}, "nearest").toDoubleArray());
        assertArrayEquals(new double[] {0, 1, 3}, F.interpolate(line(5), new int[] {3}, "nearest").toDoubleArray());
        assertArrayEquals(new double[] {0, 2, 4}, F.interpolate(line(5), new int[] {3}, "nearest-exact").toDoubleArray());
        assertArrayEquals(new double[] {0, 0, 1, 1, 2, 2}, F.interpolate(line(3), new double[] {2}, "nearest").toDoubleArray());
        Tensor img = Tensor.arange(0, 4, 1, DType.F64).reshape(1, 1, 2, 2);
        assertArrayEquals(new double[] {0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3},
                F.interpolate(img, new int[] {4}, "nearest").toDoubleArray());
    }

    @Test
    void linearWithAndWithoutAlignCorners() {
        assertArrayEquals(new double[] {0, 0.25, 0.75, 1.25, 1.75, 2.25, 2.75, 3},
                F.interpolate(line(4), new int[] {8}, "linear", false).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {0, 0.5, 1, 1.5, 2, 2.5, 3},
                F.interpolate(line(4), new int[] {7}, "linear", true).toDoubleArray(), 1e-12);
        // the default is align_corners=False
        assertArrayEquals(F.interpolate(line(4), new int[] {8}, "linear", false).toDoubleArray(),
                F.interpolate(line(4), new int[] {8}, "linear").toDoubleArray());
        Tensor img = Tensor.arange(0, 4, 1, DType.F64).reshape(1, 1, 2, 2);
        assertArrayEquals(new double[] {0, 0.5, 1, 1, 1.5, 2, 2, 2.5, 3},
                F.interpolate(img, new int[] {3, 3}, "bilinear", true).toDoubleArray(), 1e-12);
    }

    @Test
    void aGivenScaleFactorIsUsedForTheSourcePositions() {
        // out = floor(5 * 1.5) = 7; positions use 1/1.5, not 5/7 (PyTorch's recompute_scale_factor=None)
        double[] y = F.interpolate(line(5), new double[] {1.5}, "linear", false).toDoubleArray();
        assertEquals(7, y.length);
        assertEquals(6.5 / 1.5 - 0.5, y[6], 1e-12);
        double[] bySize = F.interpolate(line(5), new int[] {7}, "linear", false).toDoubleArray();
        assertEquals(4, bySize[6], 1e-12);
    }

    @Test
    void areaIsAdaptiveAveragePooling() {
        assertArrayEquals(new double[] {0.5, 2.5}, F.interpolate(line(4), new int[] {2}, "area").toDoubleArray(), 1e-12);
        Tensor x = Tensor.randn(g, DType.F64, 1, 2, 7, 6);
        assertArrayEquals(F.adaptiveAvgPool2d(x, 3, 4).toDoubleArray(), F.interpolate(x, new int[] {3, 4}, "area").toDoubleArray());
    }

    @Test
    void float32PositionsMatchDouble() {
        Tensor x = Tensor.randn(g, DType.F64, 1, 2, 5, 4);
        float[] a = F.interpolate(x.toFloat(), new int[] {7, 3}, "bilinear", false).toFloatArray();
        double[] b = F.interpolate(x, new int[] {7, 3}, "bilinear", false).toDoubleArray();
        for (int i = 0; i < a.length; i++) assertEquals(b[i], a[i], 1e-5);
    }

    @Test
    void gradients() {
        GradCheck.check(t -> F.interpolate(t[0], new int[] {7}, "nearest"), rnd(1, 2, 3));
        GradCheck.check(t -> F.interpolate(t[0].transpose(2, 3), new int[] {3, 5}, "nearest"), rnd(1, 1, 3, 2));
        GradCheck.check(t -> F.interpolate(t[0], new int[] {2, 3, 2}, "nearest-exact"), rnd(1, 1, 3, 2, 3));
        GradCheck.check(t -> F.interpolate(t[0], new int[] {7}, "linear", false), rnd(2, 1, 4));
        GradCheck.check(t -> F.interpolate(t[0], new int[] {3}, "linear", true), rnd(1, 2, 5));
        GradCheck.check(t -> F.interpolate(t[0].transpose(2, 3), new int[] {5, 2}, "bilinear", false), rnd(1, 2, 3, 3));
        GradCheck.check(t -> F.interpolate(t[0], new int[] {4, 3}, "bilinear", true), rnd(1, 1, 2, 4));
        GradCheck.check(t -> F.interpolate(t[0], new double[] {1.5, 0.7}, "bilinear", false), rnd(1, 1, 3, 4));
        GradCheck.check(t -> F.interpolate(t[0], new int[] {3, 2, 3}, "trilinear", false), rnd(1, 1, 2, 3, 2));
        GradCheck.check(t -> F.interpolate(t[0], new int[] {3, 3, 2}, "trilinear", true), rnd(1, 1, 2, 2, 3));
        GradCheck.check(t -> F.interpolate(t[0], new int[] {2, 2}, "area"), rnd(1, 2, 3, 5));
    }

    @Test
    void secondDerivatives() {
        GradCheck.checkGradGrad(t -> F.interpolate(t[0], new int[] {3, 2}, "bilinear", false).square(), rnd(1, 1, 2, 3));
        GradCheck.checkGradGrad(t -> F.interpolate(t[0], new int[] {5}, "nearest").square(), rnd(1, 1, 3));
    }

    @Test
    void errorsNameTheOpAndWhatWasWrong() {
        Tensor x = Tensor.zeros(1, 2, 5);
        var e = assertThrows(IllegalArgumentException.class,
                () -> InterpolateOps.interpolate(x, new int[] {4}, new double[] {2}, "nearest", null));
        assertEquals("interpolate: only one of size or scale_factor should be defined", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> InterpolateOps.interpolate(x, null, null, "nearest", null));
        assertEquals("interpolate: either size or scale_factor should be defined", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.interpolate(x, new int[] {4}, "nearest", false));
        assertEquals("interpolate: align_corners option can only be set with the interpolating modes: linear | bilinear | trilinear "
                + "(got mode 'nearest')", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.interpolate(x, new int[] {4, 4}, "bilinear"));
        assertEquals("interpolate: got 3D input, but bilinear mode needs 4D input", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.interpolate(x, new int[] {4, 4}, "nearest"));
        assertEquals("interpolate: input and output must have the same number of spatial dimensions, but got input with spatial "
                + "dimensions of [5] and output size of [4, 4]. Please provide input tensor in (N, C, d1, d2, ...,dK) format and output "
                + "size in (o1, o2, ...,oK) format.", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.interpolate(x, new double[] {0.1}, "nearest"));
        assertEquals("interpolate: input and output sizes should be greater than 0, but got input [5] and output [0]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.interpolate(x, new int[] {4}, "bicubic"));
        assertEquals("interpolate: unsupported mode 'bicubic' (expected 'nearest', 'nearest-exact', 'linear', 'bilinear', 'trilinear' "
                + "or 'area')", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.interpolate(Tensor.zeros(2, 5), new int[] {4}, "nearest"));
        assertEquals("interpolate: expected a 3-D, 4-D or 5-D input (N, C, *spatial), got shape [2, 5]", e.getMessage());
    }
}
