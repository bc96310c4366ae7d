package dev.reel.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.engine.DType;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import org.junit.jupiter.api.Test;

class InitTest {
    private static double[] stats(Tensor t) {
        double[] v = t.toDoubleArray();
        double mean = 0, sq = 0, min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
        for (double x : v) {
            mean += x;
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        mean /= v.length;
        for (double x : v) sq += (x - mean) * (x - mean);
        return new double[] {mean, Math.sqrt(sq / v.length), min, max};
    }

    @Test
    void fansAndGains() {
        assertArrayEquals(new int[] {3 * 9, 8 * 9}, Init.fanInAndFanOut(Tensor.zeros(8, 3, 3, 3)));
        assertEquals(Math.sqrt(2), Init.gain("relu", Double.NaN), 1e-15);
        assertEquals(Math.sqrt(2 / (1 + 5.0)), Init.gain("leaky_relu", Math.sqrt(5)), 1e-15);
        assertEquals(5.0 / 3, Init.gain("tanh", Double.NaN), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Init.fanInAndFanOut(Tensor.zeros(4)));
        assertThrows(IllegalArgumentException.class, () -> Init.gain("swishy", 0));
    }

    @Test
    void uniformFamiliesRespectTheirBounds() {
        var g = new Generator(3);
        Tensor w = Tensor.zeros(200, 100);
        Init.kaimingUniform(w, Math.sqrt(5), Init.FanMode.FAN_IN, "leaky_relu", g);
        double[] s = stats(w);
        double bound = 1 / Math.sqrt(100);   // PyTorch's Linear: kaiming_uniform(a=√5) = U(-1/√fan_in, 1/√fan_in)
        assertTrue(s[2] >= -bound && s[3] <= bound);
        assertEquals(bound / Math.sqrt(3), s[1], 0.02 * bound);
        Init.xavierUniform(w, 1, g);
        s = stats(w);
        double a = Math.sqrt(6.0 / 300);
        assertTrue(s[2] >= -a && s[3] <= a);
        assertEquals(a / Math.sqrt(3), s[1], 0.02 * a);
    }

    @Test
    void normalFamiliesHaveTheirStd() {
        var g = new Generator(4);
        Tensor w = Tensor.zeros(DType.F64, 300, 50, 2);
        Init.kaimingNormal(w, 0, Init.FanMode.FAN_OUT, "relu", g);
        assertEquals(Math.sqrt(2.0 / 600), stats(w)[1], 0.02 * Math.sqrt(2.0 / 600));
        Init.xavierNormal(w, 2, g);
        assertEquals(2 * Math.sqrt(2.0 / 700), stats(w)[1], 0.02 * 2 * Math.sqrt(2.0 / 700));
        Init.normal(w, 3, 0.5, g);
        assertEquals(3, stats(w)[0], 0.01);
        Init.constant(w, 2.5);
        assertEquals(2.5, stats(w)[2]);
        Init.ones(w);
        assertEquals(1, stats(w)[3]);
        Init.zeros(w);
        assertEquals(0, stats(w)[3]);
    }

    @Test
    void orthogonalGivesOrthonormalRowsOrColumns() {
        for (int[] shape : new int[][] {{6, 4}, {3, 7}, {4, 2, 2}}) {
            Tensor w = Tensor.zeros(DType.F64, shape);
            Init.orthogonal(w, 1.5, new Generator(9));
            Tensor m = w.reshape(shape[0], -1);
            Tensor gram = m.size(0) >= m.size(1) ? m.t().matmul(m) : m.matmul(m.t());
            Tensor eye = Tensor.eye(gram.size(0), gram.size(0), DType.F64).mul(2.25);
            assertTrue(gram.allclose(eye, 1e-10, 1e-10), gram.toString());
        }
    }

    @Test
    void initDoesNotRecordAGraph() {
        Tensor w = Tensor.zeros(3, 3).requiresGrad_(true);
        Init.uniform(w, -1, 1);
        assertTrue(w.isLeaf());
    }
}
