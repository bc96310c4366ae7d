package dev.reel.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.reel.engine.DType;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import dev.reel.engine.autograd.GradCheck;
import org.junit.jupiter.api.Test;

class IndexingOpsTest {
    private final Generator g = new Generator(55);

    private Tensor rnd(int... shape) { return Tensor.randn(g, DType.F64, shape).requiresGrad_(true); }

    private static Tensor idx(long... v) { return Tensor.fromArray(v); }

    @Test
    void gatherScatterValues() {
        Tensor x = Tensor.fromArray(new double[][] {{1, 2}, {3, 4}});
        Tensor i = Tensor.fromArray(new long[][] {{0, 0}, {1, 0}});
        assertArrayEquals(new double[] {1, 1, 4, 3}, x.gather(1, i).toDoubleArray());
        Tensor z = Tensor.zeros(DType.F64, 2, 3);
        Tensor s = z.scatterAdd(1, Tensor.fromArray(new long[][] {{0, 0}, {2, 1}}), x);
        assertArrayEquals(new double[] {3, 0, 0, 0, 4, 3}, s.toDoubleArray());
        Tensor sc = z.scatter(1, Tensor.fromArray(new long[][] {{1}, {2}}), 7.0);
        assertArrayEquals(new double[] {0, 7, 0, 0, 0, 7}, sc.toDoubleArray());
    }

    @Test
    void indexingGradients() {
        Tensor index = Tensor.fromArray(new long[][] {{0, 2, 1}, {1, 1, 0}});
        GradCheck.check(t -> t[0].gather(1, index), rnd(2, 4));
        GradCheck.check(t -> t[0].scatterAdd(1, index, t[1]), rnd(2, 4), rnd(2, 3));
        GradCheck.check(t -> t[0].scatter(0, Tensor.fromArray(new long[][] {{1, 0, 2}}), t[1]), rnd(3, 3), rnd(2, 4));
        GradCheck.check(t -> t[0].indexSelect(0, idx(2, 0, 2)), rnd(3, 2));
        GradCheck.check(t -> t[0].indexAdd(1, idx(0, 0, 2), t[1]), rnd(2, 3), rnd(2, 3));
        GradCheck.check(t -> t[0].maskedFill(t[0].gt(0.0), 1.5), rnd(3, 3));
        GradCheck.check(t -> t[0].maskedSelect(t[0].detach().gt(0.0)), rnd(3, 3));
        GradCheck.checkGradGrad(t -> t[0].gather(1, index).square(), rnd(2, 4));
        GradCheck.checkGradGrad(t -> t[0].indexSelect(1, idx(1, 1)).square(), rnd(2, 3));
    }

    @Test
    void nonzeroAndMasks() {
        Tensor x = Tensor.fromArray(new double[][] {{0, 1}, {2, 0}});
        assertArrayEquals(new long[] {0, 1, 1, 0}, x.nonzero().toLongArray());
        assertArrayEquals(new int[] {2, 2}, x.nonzero().shape());
        assertArrayEquals(new double[] {1, 2}, x.maskedSelect(x.ne(0.0)).toDoubleArray());
        assertArrayEquals(new double[] {9, 1, 2, 9}, x.maskedFill(x.eq(0.0), 9).toDoubleArray());
    }

    @Test
    void outOfRangeIndicesAreClearErrors() {
        Tensor x = Tensor.zeros(2, 5);
        var e = assertThrows(IndexOutOfBoundsException.class, () -> x.gather(1, Tensor.fromArray(new long[][] {{7}, {0}})));
        assertEquals("gather: index 7 is out of bounds for dimension 1 with size 5", e.getMessage());
        var e2 = assertThrows(IndexOutOfBoundsException.class, () -> x.indexSelect(0, idx(2)));
        assertEquals("index_select: index 2 is out of bounds for dimension 0 with size 2", e2.getMessage());
        var e3 = assertThrows(IllegalArgumentException.class, () -> x.gather(1, Tensor.fromArray(new float[] {0})));
        assertEquals("gather: expected an integer (int64) index tensor, got torch.float32", e3.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> x.scatterAdd(0, Tensor.fromArray(new long[][] {{-3}}), Tensor.ones(1, 1)));
    }
}
