package dev.reel.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.engine.DType;
import dev.reel.engine.Generator;
import dev.reel.engine.Slice;
import dev.reel.engine.Tensor;
import dev.reel.engine.autograd.GradCheck;
import org.junit.jupiter.api.Test;

class ViewOpsTest {
    private final Generator g = new Generator(44);

    private Tensor rnd(int... shape) { return Tensor.randn(g, DType.F64, shape).requiresGrad_(true); }

    @Test
    void viewsShareStorage() {
        Tensor x = Tensor.arange(0, 12, 1, DType.F32).reshape(3, 4);
        Tensor col = x.select(1, 2);
        assertSame(x.storage(), col.storage());
        col.fill_(-1);
        assertArrayEquals(new float[] {-1, -1, -1}, x.index(Slice.all(), 2).toFloatArray());
        assertFalse(x.t().isContiguous());
        assertTrue(x.t().contiguous().isContiguous());
        assertSame(x, x.contiguous());
    }

    @Test
    void reshapeCopiesOnlyWhenItMust() {
        Tensor x = Tensor.arange(0, 12, 1, DType.F32).reshape(3, 4);
        assertSame(x.storage(), x.reshape(2, 6).storage());
        assertSame(x.storage(), x.unsqueeze(0).reshape(1, 3, 2, 2).storage());
        assertFalse(x.t().reshape(12).storage() == x.storage());
        assertArrayEquals(new float[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, x.t().reshape(-1).toFloatArray());
        var e = assertThrows(IllegalArgumentException.class, () -> x.t().view(12));
        assertTrue(e.getMessage().contains("Use .reshape(...) instead"));
        assertThrows(IllegalArgumentException.class, () -> x.view(5, -1));
    }

    @Test
    void viewGradients() {
        GradCheck.check(t -> t[0].permute(2, 0, 1).reshape(4, 6), rnd(2, 3, 4));
        GradCheck.check(t -> t[0].transpose(0, 1).slice(0, 1, 4, 2), rnd(3, 5));
        GradCheck.check(t -> t[0].narrow(1, 1, 2).select(0, -1), rnd(3, 4));
        GradCheck.check(t -> t[0].expand(2, 3, 4).mul(t[0]), rnd(3, 1));
        GradCheck.check(t -> t[0].unsqueeze(1).squeeze(), rnd(2, 1, 3));
        GradCheck.check(t -> t[0].flatten(1, 2).unflatten(1, 2, -1), rnd(2, 3, 2));
        GradCheck.check(t -> t[0].unfold(1, 3, 2), rnd(2, 7));
        GradCheck.check(t -> t[0].movedim(0, 2), rnd(2, 3, 2));
        GradCheck.checkGradGrad(t -> t[0].unfold(0, 2, 1).square(), rnd(5));
        GradCheck.checkGradGrad(t -> t[0].slice(1, 0, 3, 2).t().square(), rnd(2, 4));
    }

    @Test
    void unfoldMakesSlidingWindows() {
        Tensor x = Tensor.arange(0, 7, 1, DType.F32);
        Tensor w = x.unfold(0, 3, 2);
        assertArrayEquals(new int[] {3, 3}, w.shape());
        assertArrayEquals(new float[] {0, 1, 2, 2, 3, 4, 4, 5, 6}, w.toFloatArray());
        assertSame(x.storage(), w.storage());
    }

    @Test
    void pythonStyleIndexing() {
        Tensor x = Tensor.arange(0, 24, 1, DType.F32).reshape(2, 3, 4);
        assertArrayEquals(new int[] {3}, x.index(1, Slice.all(), 0).shape());
        assertArrayEquals(new float[] {13, 17, 21}, x.index(1, Slice.all(), 1).toFloatArray());
        assertArrayEquals(new int[] {2, 1, 3, 2}, x.index(Slice.all(), Slice.NEW_AXIS, Slice.all(), Slice.of(null, null, 2)).shape());
        assertArrayEquals(new float[] {3, 7, 11}, x.index(0, Slice.ELLIPSIS, -1).toFloatArray());
        assertArrayEquals(new float[] {20, 21, 22, 23}, x.index(-1, -1).toFloatArray());
        assertArrayEquals(new int[] {2, 3, 2}, x.index(Slice.ELLIPSIS, Tensor.fromArray(new long[] {3, 0})).shape());
        Tensor mask = x.select(2, 0).gt(10.0);
        assertArrayEquals(new float[] {12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23}, x.index(mask).toFloatArray());
        var e = assertThrows(IndexOutOfBoundsException.class, () -> x.index(2));
        assertEquals("select: index 2 is out of bounds for dimension 0 with size 2", e.getMessage());
    }

    @Test
    void expandErrors() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).expand(2, 4));
        assertTrue(e.getMessage().startsWith("expand: the expanded size of the tensor (4) must match the existing size (3)"));
        var p = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).permute(0, 0));
        assertTrue(p.getMessage().startsWith("permute: repeated dim"));
    }
}
