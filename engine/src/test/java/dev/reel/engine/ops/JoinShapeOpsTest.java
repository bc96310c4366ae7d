package dev.reel.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.engine.DType;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import dev.reel.engine.autograd.GradCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

class JoinShapeOpsTest {
    private final Generator g = new Generator(66);

    private Tensor rnd(int... shape) { return Tensor.randn(g, DType.F64, shape).requiresGrad_(true); }

    @Test
    void catStackSplitChunk() {
        Tensor a = Tensor.arange(0, 6, 1, DType.F32).reshape(2, 3), b = Tensor.ones(2, 1);
        Tensor c = Tensor.cat(1, a, b);
        assertArrayEquals(new float[] {0, 1, 2, 1, 3, 4, 5, 1}, c.toFloatArray());
        assertArrayEquals(new int[] {2, 2, 3}, Tensor.stack(1, a, a).shape());
        List<Tensor> parts = c.split(3, 1);
        assertEquals(2, parts.size());
        assertArrayEquals(new int[] {2, 1}, parts.get(1).shape());
        assertArrayEquals(new int[] {2, 2}, c.split(new int[] {2, 2}, 1).get(1).shape());
        assertEquals(3, Tensor.zeros(7).chunk(3, 0).size());
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.cat(0, a, b));
        assertTrue(e.getMessage().startsWith("cat: sizes of tensors must match except in dimension 0"), e.getMessage());
    }

    @Test
    void joinGradients() {
        GradCheck.check(t -> Tensor.cat(0, t[0], t[1].t()), rnd(2, 3), rnd(3, 4));
        GradCheck.check(t -> Tensor.stack(2, t[0], t[1]), rnd(2, 3), rnd(2, 3));
        GradCheck.check(t -> t[0].chunk(2, 1).get(1).mul(t[0].split(2, 1).get(0)), rnd(3, 4));
        GradCheck.checkGradGrad(t -> Tensor.cat(1, t[0].square(), t[1]), rnd(2, 2), rnd(2, 1));
    }

    @Test
    void flipRollRepeatTileTriangles() {
        Tensor x = Tensor.arange(0, 6, 1, DType.F32).reshape(2, 3);
        assertArrayEquals(new float[] {5, 4, 3, 2, 1, 0}, x.flip(0, 1).toFloatArray());
        assertArrayEquals(new float[] {2, 0, 1, 5, 3, 4}, x.roll(1, 1).toFloatArray());
        assertArrayEquals(new float[] {3, 4, 5, 0, 1, 2}, x.roll(-1, 0).toFloatArray());
        assertArrayEquals(new int[] {2, 4, 6}, x.repeat(2, 2, 2).shape());
        assertArrayEquals(new float[] {0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5}, x.repeat(1, 2).toFloatArray());
        assertArrayEquals(new int[] {2, 6}, x.tile(2).shape());
        assertArrayEquals(new float[] {0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5}, x.repeatInterleave(2, 1).toFloatArray());
        assertArrayEquals(new float[] {0, 0, 0, 3, 4, 0}, x.tril().toFloatArray());
        assertArrayEquals(new float[] {0, 1, 2, 0, 4, 5}, x.triu().toFloatArray());
        assertArrayEquals(new float[] {0, 1, 0, 3, 4, 5}, x.tril(1).toFloatArray());
    }

    @Test
    void shapeOpGradients() {
        GradCheck.check(t -> t[0].flip(1), rnd(2, 3));
        GradCheck.check(t -> t[0].roll(new int[] {1, -2}, new int[] {0, 1}), rnd(3, 4));
        GradCheck.check(t -> t[0].repeat(2, 1, 2), rnd(2, 3));
        GradCheck.check(t -> t[0].repeatInterleave(2, 0), rnd(2, 2));
        GradCheck.check(t -> t[0].tril(-1), rnd(3, 3));
        GradCheck.check(t -> t[0].triu(1), rnd(2, 3, 3));
        GradCheck.checkGradGrad(t -> t[0].flip(0).square(), rnd(3));
    }

    @Test
    void matmulRulesAndGradients() {
        assertArrayEquals(new int[] {}, Tensor.ones(3).matmul(Tensor.ones(3)).shape());
        assertArrayEquals(new int[] {2}, Tensor.ones(2, 3).matmul(Tensor.ones(3)).shape());
        assertArrayEquals(new int[] {4}, Tensor.ones(3).matmul(Tensor.ones(3, 4)).shape());
        assertArrayEquals(new int[] {5, 2, 4}, Tensor.ones(5, 2, 3).matmul(Tensor.ones(3, 4)).shape());
        assertArrayEquals(new int[] {2, 5, 2, 4}, Tensor.ones(2, 1, 2, 3).matmul(Tensor.ones(5, 3, 4)).shape());
        GradCheck.check(t -> t[0].matmul(t[1]), rnd(2, 1, 2, 3), rnd(3, 3, 2));
        GradCheck.check(t -> t[0].matmul(t[1].t()), rnd(3), rnd(2, 3));
        GradCheck.check(t -> t[0].matmul(t[1]), rnd(4, 2, 3), rnd(3));
        GradCheck.checkGradGrad(t -> t[0].bmm(t[1]), rnd(2, 2, 3), rnd(2, 3, 2));
        GradCheck.check(t -> t[0].outer(t[1]), rnd(3), rnd(2));
        GradCheck.check(t -> t[0].dot(t[1]), rnd(4), rnd(4));
    }

    @Test
    void einsumCommonContractions() {
        Tensor a = rnd(2, 3, 4), b = rnd(2, 4, 5);
        assertTrue(Tensor.einsum("bij,bjk->bik", a, b).allclose(a.bmm(b), 1e-12, 1e-12));
        Tensor m = rnd(3, 4);
        assertTrue(Tensor.einsum("ij->ji", m).allclose(m.t(), 0, 0));
        assertTrue(Tensor.einsum("ij->", m).allclose(m.sum(), 1e-12, 1e-12));
        Tensor q = rnd(2, 3, 5, 4), k = rnd(2, 3, 6, 4);
        assertTrue(Tensor.einsum("bhqd,bhkd->bhqk", q, k).allclose(q.matmul(k.transpose(-1, -2)), 1e-12, 1e-12));
        Tensor u = rnd(3), v = rnd(4);
        assertTrue(Tensor.einsum("i,j->ij", u, v).allclose(u.outer(v), 1e-12, 1e-12));
        GradCheck.check(t -> Tensor.einsum("bij,bjk->bik", t[0], t[1]), rnd(2, 2, 3), rnd(2, 3, 2));
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.einsum("ii->i", m));
        assertTrue(e.getMessage().contains("diagonals"));
    }

    @Test
    void creationFactories() {
        assertArrayEquals(new float[] {0, 0.25f, 0.5f, 0.75f, 1}, Tensor.linspace(0, 1, 5).toFloatArray());
        assertArrayEquals(new long[] {0, 1, 2}, Tensor.arange(3).toLongArray());
        assertArrayEquals(new float[] {1, 0, 0, 1}, Tensor.eye(2).toFloatArray());
        assertEquals(DType.F32, Tensor.arange(0, 1, 0.5).dtype());
        assertArrayEquals(new int[] {2, 2}, Tensor.fromArray(new long[][] {{1, 2}, {3, 4}}).shape());
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.fromArray(new float[][] {{1, 2}, {3}}));
        assertTrue(e.getMessage().startsWith("fromArray: ragged array"));
        assertThrows(IllegalArgumentException.class, () -> Tensor.fromArray(new float[] {1, 2, 3}, 2, 2));
    }

    @Test
    void toStringSummarisesLargeTensors() {
        String s = Tensor.arange(0, 2000, 1, DType.F32).toString();
        assertTrue(s.startsWith("tensor([   0.,    1.,    2., ..., 1997., 1998., 1999.]"), s);
        String m = Tensor.fromArray(new long[][] {{1, 2}, {3, 4}}).toString();
        assertEquals("tensor([[1, 2],\n        [3, 4]])", m);
        Tensor x = Tensor.fromArray(new double[] {1}).requiresGrad_(true);
        assertTrue(x.mul(2).toString().endsWith("grad_fn=<MulBackward0>)"));
    }
}
