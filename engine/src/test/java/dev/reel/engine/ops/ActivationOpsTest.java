package dev.reel.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.engine.DType;
import dev.reel.engine.F;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import dev.reel.engine.autograd.GradCheck;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ActivationOpsTest {
    private final Generator g = new Generator(31);

    /** Values away from the kinks (±3, ±lambd, the threshold) so that central differences are exact enough. */
    private Tensor rnd(int... shape) {
        Tensor x = Tensor.randn(g, DType.F64, shape).mul(2.5);
        return x.add(x.sign().mul(0.07)).detach().requiresGrad_(true);
    }

    private static final List<UnaryOperator<Tensor>> ELEMENTWISE = List.of(
            F::selu, x -> F.celu(x, 0.6), F::mish, F::hardswish, F::hardsigmoid, F::logsigmoid, F::softsign, F::tanhshrink,
            x -> F.softshrink(x, 0.3), x -> F.hardshrink(x, 0.3), x -> F.threshold(x, 0.2, -1.5), F::rrelu,
            x -> F.softmin(x, 1), x -> F.glu(x, 1));

    @Test
    void gradientsAndSecondDerivatives() {
        for (UnaryOperator<Tensor> f : ELEMENTWISE) {
            GradCheck.check(in -> f.apply(in[0]), rnd(3, 4));
            GradCheck.checkGradGrad(in -> f.apply(in[0]), rnd(2, 4));
        }
        GradCheck.check(in -> F.prelu(in[0], in[1]), rnd(2, 3, 4), rnd(3));
        GradCheck.checkGradGrad(in -> F.prelu(in[0], in[1]), rnd(2, 3), rnd(1));
        GradCheck.check(in -> F.rrelu(in[0], 0.1, 0.4, true, new Generator(5)), rnd(3, 4));
    }

    @Test
    void valuesByHand() {
        Tensor x = Tensor.fromArray(new double[] {-4, -1, 0.25, 5});
        assertArrayEquals(new double[] {0, -1 / 3.0, 0.25 * 3.25 / 6, 5}, F.hardswish(x).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {0, 2 / 6.0, 3.25 / 6, 1}, F.hardsigmoid(x).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {-0.8, -0.5, 0.2, 5 / 6.0}, F.softsign(x).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {-3.5, -0.5, 0, 4.5}, F.softshrink(x).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {-4, -1, 0, 5}, F.hardshrink(x).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {9, 9, 0.25, 5}, F.threshold(x, 0, 9).toDoubleArray(), 1e-12);
        assertTrue(Double.isNaN(F.threshold(Tensor.fromArray(new double[] {Double.NaN}), 0, 9).item()), "NaN passes through, as PyTorch");
        double selu = ActivationOps.SELU_SCALE * ActivationOps.SELU_ALPHA * Math.expm1(-1);
        assertEquals(selu, F.selu(x).toDoubleArray()[1], 1e-12);
        // logsigmoid stays finite and exact far out, where log(sigmoid(x)) underflows
        assertEquals(-800, F.logsigmoid(Tensor.fromArray(new double[] {-800})).item(), 1e-9);
        assertEquals(-Math.exp(-30), F.logsigmoid(Tensor.fromArray(new double[] {30})).item(), 1e-20);
        assertArrayEquals(new double[] {-0.2 * 4, -0.2, 0.25, 5}, F.rrelu(x, 0.1, 0.3, false).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {0.5 * 0.25, 0.5 * 0.5}, F.glu(Tensor.fromArray(new double[] {0.25, 0.5, 0, 0}), 0).toDoubleArray(),
                1e-12);
    }

    @Test
    void rreluDrawsSlopesInTraining() {
        Tensor x = Tensor.full(-1.0, DType.F64, 1000);
        double[] y = F.rrelu(x, 0.1, 0.3, true, new Generator(3)).toDoubleArray();
        double sum = 0;
        for (double v : y) {
            assertTrue(v <= -0.1 && v >= -0.3, "slope out of [lower, upper): " + v);
            sum += v;
        }
        assertEquals(-0.2, sum / y.length, 0.01);
        assertArrayEquals(y, F.rrelu(x, 0.1, 0.3, true, new Generator(3)).toDoubleArray(), 0, "same generator, same slopes");
        assertNotEquals(y[0], F.rrelu(x, 0.1, 0.3, true, new Generator(4)).toDoubleArray()[0]);
        Tensor pos = Tensor.fromArray(new double[] {2, 3});
        assertArrayEquals(new double[] {2, 3}, F.rrelu(pos, 0.1, 0.3, true, new Generator(3)).toDoubleArray(), 0);
    }

    @Test
    void errorsNameTheOpAndTheProblem() {
        var glu = assertThrows(IllegalArgumentException.class, () -> F.glu(Tensor.zeros(3, 5), 1));
        assertEquals("glu: Halving dimension must be even, but dimension 1 is size 5", glu.getMessage());
        var prelu = assertThrows(IllegalArgumentException.class, () -> F.prelu(Tensor.zeros(2, 4), Tensor.zeros(3)));
        assertEquals("prelu: Mismatch of parameter numbers and input channel size. Found parameter numbers = 3 and channel size = 4.",
                prelu.getMessage());
        assertThrows(IllegalArgumentException.class, () -> F.softshrink(Tensor.zeros(2), -1));
        assertThrows(IllegalArgumentException.class, () -> F.celu(Tensor.zeros(2), 0));
        var rrelu = assertThrows(IllegalArgumentException.class, () -> F.rrelu(Tensor.zeros(2), 0.5, 0.1, true));
        assertTrue(rrelu.getMessage().startsWith("rrelu: Lower bound should be less than or equal to the upper bound"));
        var ints = assertThrows(IllegalArgumentException.class, () -> F.mish(Tensor.fromArray(new long[] {1})));
        assertEquals("mish: expected a floating point input, got torch.int64", ints.getMessage());
    }
}
