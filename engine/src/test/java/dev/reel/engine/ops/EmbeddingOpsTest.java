package dev.reel.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.reel.engine.Autograd;
import dev.reel.engine.DType;
import dev.reel.engine.F;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import dev.reel.engine.autograd.GradCheck;
import org.junit.jupiter.api.Test;

class EmbeddingOpsTest {
    private final Generator g = new Generator(13);

    private Tensor rnd(int... shape) { return Tensor.randn(g, DType.F64, shape).requiresGrad_(true); }

    private static final Tensor TOKENS = Tensor.fromArray(new long[][] {{1, 3, 0}, {3, 4, 1}});

    @Test
    void looksUpRows() {
        Tensor w = Tensor.arange(0, 10, 1, DType.F64).reshape(5, 2);
        Tensor y = F.embedding(TOKENS, w);
        assertArrayEquals(new int[] {2, 3, 2}, y.shape());
        assertArrayEquals(new double[] {2, 3, 6, 7, 0, 1, 6, 7, 8, 9, 2, 3}, y.toDoubleArray());
        assertArrayEquals(new double[] {8, 9}, F.embedding(Tensor.scalar(4, DType.I64), w).toDoubleArray());
        assertArrayEquals(new double[] {6, 7}, F.embedding(Tensor.fromArray(new int[] {3}), w).toDoubleArray());
    }

    @Test
    void paddingRowGetsNoGradient() {
        Tensor w = rnd(5, 2);
        F.embedding(TOKENS, w, 3).sum().backward();
        // counts: row 0 once, row 1 twice, row 3 (padding) twice, row 4 once
        assertArrayEquals(new double[] {1, 1, 2, 2, 0, 0, 0, 0, 1, 1}, w.grad().toDoubleArray());
        Tensor w2 = rnd(5, 2);
        F.embedding(TOKENS, w2, -1).sum().backward();  // -1 is row 4
        assertArrayEquals(new double[] {1, 1, 2, 2, 0, 0, 2, 2, 0, 0}, w2.grad().toDoubleArray());
    }

    @Test
    void gradients() {
        GradCheck.check(t -> F.embedding(TOKENS, t[0]), rnd(5, 3));
        // the padding row does change the output but gets no gradient by design, so the check
        // zeroes it (numerical derivative 0) and verifies every other row
        Tensor keep = Tensor.fromArray(new double[] {1, 0, 1, 1, 1}).reshape(5, 1);
        GradCheck.check(t -> F.embedding(TOKENS, t[0].t().mul(keep), 1), rnd(2, 5));   // non-contiguous weight
        GradCheck.checkGradGrad(t -> F.embedding(TOKENS, t[0], 0).square(), rnd(5, 2));
        // the backward is differentiable with respect to the incoming gradient
        Tensor w = rnd(5, 2);
        Tensor v = Tensor.ones(DType.F64, 2, 3, 2).requiresGrad_(true);
        Tensor dw = Autograd.grad(new Tensor[] {F.embedding(TOKENS, w, 3)}, new Tensor[] {w}, new Tensor[] {v}, true, true, false)[0];
        Tensor dv = Autograd.grad(dw.sum(), v)[0];
        assertArrayEquals(new double[] {1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 1, 1}, dv.toDoubleArray());
    }

    @Test
    void oneHot() {
        Tensor y = F.oneHot(Tensor.fromArray(new long[] {0, 3, 1}), 5);
        assertEquals(DType.I64, y.dtype());
        assertArrayEquals(new long[] {1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0}, y.toLongArray());
        assertArrayEquals(new int[] {2, 2, 4}, F.oneHot(Tensor.fromArray(new long[][] {{3, 0}, {1, 2}})).shape());
        assertArrayEquals(new int[] {0, 3}, F.oneHot(Tensor.zeros(DType.I64, 0), 3).shape());
    }

    @Test
    void errorsNameTheOp() {
        Tensor w = Tensor.zeros(5, 2);
        var e = assertThrows(IllegalArgumentException.class, () -> F.embedding(Tensor.zeros(3), w));
        assertEquals("embedding: expected an integer (int64 or int32) index tensor, got torch.float32", e.getMessage());
        var oob = assertThrows(IndexOutOfBoundsException.class, () -> F.embedding(Tensor.fromArray(new long[] {1, 5}), w));
        assertEquals("embedding: index 5 is out of range for a weight of 5 rows", oob.getMessage());
        oob = assertThrows(IndexOutOfBoundsException.class, () -> F.embedding(Tensor.fromArray(new long[] {-1}), w));
        assertEquals("embedding: index -1 is out of range for a weight of 5 rows", oob.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.embedding(TOKENS, w, 5));
        assertEquals("embedding: padding_idx 5 must be within num_embeddings (5)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.embedding(TOKENS, Tensor.zeros(5)));
        assertEquals("embedding: 'weight' must be 2-D (num_embeddings, embedding_dim), got shape [5]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.oneHot(Tensor.fromArray(new long[] {0, 5}), 5));
        assertEquals("one_hot: class values must be smaller than num_classes (5), got 5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.oneHot(Tensor.fromArray(new long[] {-2}), 5));
        assertEquals("one_hot: class values must be non-negative, got -2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.oneHot(Tensor.zeros(2), 5));
        assertEquals("one_hot: one_hot is only applicable to index tensor (int64), got torch.float32", e.getMessage());
    }
}
