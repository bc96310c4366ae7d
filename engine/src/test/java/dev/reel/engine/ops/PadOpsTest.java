package dev.reel.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.reel.engine.DType;
import dev.reel.engine.F;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import dev.reel.engine.autograd.GradCheck;
import org.junit.jupiter.api.Test;

class PadOpsTest {
    private final Generator g = new Generator(17);

    private Tensor rnd(int... shape) { return Tensor.randn(g, DType.F64, shape).requiresGrad_(true); }

    private static final Tensor ROW = Tensor.arange(0, 5, 1, DType.F64).reshape(1, 5);

    private static double[] pad1d(int left, int right, String mode, double value) {
        return F.pad(ROW, new int[] {left, right}, mode, value).toDoubleArray();
    }

    @Test
    void eachModeOnOneDim() {
        assertArrayEquals(new double[] {9, 0, 1, 2, 3, 4, 9, 9}, pad1d(1, 2, "constant", 9));
        assertArrayEquals(new double[] {2, 1, 0, 1, 2, 3, 4, 3, 2, 1}, pad1d(2, 3, "reflect", 0));
        assertArrayEquals(new double[] {0, 0, 0, 1, 2, 3, 4, 4}, pad1d(2, 1, "replicate", 0));
        assertArrayEquals(new double[] {4, 0, 1, 2, 3, 4, 0, 1}, pad1d(1, 2, "circular", 0));
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4}, pad1d(5, 5, "circular", 0));  // wraps once
    }

    @Test
    void negativeAmountsCropFirst() {
        assertArrayEquals(new double[] {1, 2, 3, 4, 0, 0}, pad1d(-1, 2, "constant", 0));
        assertArrayEquals(new double[] {2}, pad1d(-2, -2, "constant", 0));
        // as PyTorch's kernels: crop, then mirror / repeat / wrap what is left
        assertArrayEquals(new double[] {1, 2, 3, 4, 3, 2}, pad1d(-1, 2, "reflect", 0));
        assertArrayEquals(new double[] {0, 0, 1, 2}, pad1d(1, -2, "replicate", 0));
        assertArrayEquals(new double[] {1, 2, 3}, pad1d(-1, -1, "circular", 0));
        assertArrayEquals(new double[] {3, 0, 1, 2, 3}, pad1d(1, -1, "circular", 0));
    }

    @Test
    void twoDimsPadLastDimFirst() {
        Tensor x = Tensor.arange(0, 9, 1, DType.F64).reshape(1, 3, 3);
        assertArrayEquals(new double[] {
            4, 3, 4, 5, 4,
            1, 0, 1, 2, 1,
            4, 3, 4, 5, 4,
            7, 6, 7, 8, 7,
            4, 3, 4, 5, 4}, F.pad(x, new int[] {1, 1, 1, 1}, "reflect").toDoubleArray());
        Tensor y = F.pad(x, 0, 1, 2, 0);
        assertArrayEquals(new int[] {1, 5, 4}, y.shape());
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 0}, java.util.Arrays.copyOf(y.toDoubleArray(), 12));
        // constant mode pads any dims, including the batch dim
        assertArrayEquals(new int[] {3, 3, 3}, F.pad(x, 0, 0, 0, 0, 1, 1).shape());
        Tensor ints = F.pad(Tensor.arange(3), new int[] {1, 0}, "constant", 7);
        assertEquals(DType.I64, ints.dtype());
        assertArrayEquals(new long[] {7, 0, 1, 2}, ints.toLongArray());
        assertNotSame(x, F.pad(x, 0, 0));
    }

    @Test
    void gradients() {
        GradCheck.check(t -> F.pad(t[0], new int[] {1, 2, 0, 1}, "constant", 0.5), rnd(2, 3, 4));
        GradCheck.check(t -> F.pad(t[0].transpose(1, 2), new int[] {-1, 2}, "constant", 0), rnd(2, 5, 3));
        GradCheck.check(t -> F.pad(t[0], new int[] {2, 3}, "reflect"), rnd(2, 5));
        GradCheck.check(t -> F.pad(t[0].transpose(2, 3), new int[] {1, 2, 2, 1}, "reflect"), rnd(1, 2, 4, 3));
        GradCheck.check(t -> F.pad(t[0], new int[] {2, 1, 0, 2}, "replicate"), rnd(1, 3, 4));
        GradCheck.check(t -> F.pad(t[0], new int[] {1, 0, 1, 1, 2, 0}, "replicate"), rnd(1, 2, 2, 2));
        GradCheck.check(t -> F.pad(t[0].slice(2, 0, 5, 2), new int[] {1, 2, 2, 1}, "circular"), rnd(1, 3, 5));
        GradCheck.check(t -> F.pad(t[0], new int[] {1, 1, 1, 0, 0, 1}, "circular"), rnd(2, 2, 3, 2));
    }

    @Test
    void secondDerivatives() {
        GradCheck.checkGradGrad(t -> F.pad(t[0], new int[] {2, 1}, "reflect").square(), rnd(2, 3));
        GradCheck.checkGradGrad(t -> F.pad(t[0], new int[] {1, 1}, "constant", 2).square(), rnd(2, 2));
    }

    @Test
    void errorsNameTheOpAndWhatWasWrong() {
        Tensor x = Tensor.zeros(2, 3, 5);
        var e = assertThrows(IllegalArgumentException.class, () -> F.pad(x, 1, 2, 3));
        assertEquals("pad: padding length must be divisible by 2, got 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.pad(x, 1, 1, 1, 1, 1, 1, 1, 1));
        assertEquals("pad: padding length should be less than or equal to two times the input dimension but got padding length 8 "
                + "and input of dimension 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.pad(x, new int[] {5, 1}, "reflect"));
        assertEquals("pad: padding size should be less than the corresponding input dimension, but got padding (5, 1) at dimension 2 "
                + "of input [2, 3, 5]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.pad(x, new int[] {6, 0}, "circular"));
        assertEquals("pad: padding value causes wrapping around more than once: padding (6, 0) at dimension 2 of input [2, 3, 5]",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.pad(x, new int[] {-3, -3}, "constant"));
        assertEquals("pad: the input size 5, plus negative padding -3 and -3 resulted in a negative output size, which is invalid. "
                + "Check dimension 2 of your input.", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.pad(x, new int[] {1, 1}, "reflect", 2));
        assertEquals("pad: padding mode 'reflect' doesn't take in value argument", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.pad(Tensor.zeros(5), new int[] {1, 1}, "replicate"));
        assertEquals("pad: mode 'replicate' pads 1 to 3 trailing dims of a batched or unbatched input: padding of length 2 needs a "
                + "2-D or 3-D input, got shape [5]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.pad(x, new int[] {1, 1}, "edge"));
        assertEquals("pad: unrecognised padding mode 'edge' (expected 'constant', 'reflect', 'replicate' or 'circular')", e.getMessage());
    }
}
