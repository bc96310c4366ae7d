package dev.reel.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.engine.autograd.GradCheck;
import org.junit.jupiter.api.Test;

class AutogradBasicsTest {
    static Tensor f64(Generator g, int... shape) {
        return Tensor.randn(g, DType.F64, shape).requiresGrad_(true);
    }

    @Test
    void chainRuleThroughMatmulAndTanh() {
        Tensor x = Tensor.fromArray(new double[][] {{1, 2}, {3, 4}}).requiresGrad_(true);
        Tensor w = Tensor.fromArray(new double[][] {{0.5, -1}, {0.25, 2}}).requiresGrad_(true);
        Tensor loss = x.matmul(w).tanh().sum();
        loss.backward();
        assertArrayEquals(new int[] {2, 2}, w.grad().shape());
        GradCheck.check(in -> in[0].matmul(in[1]).tanh(), x, w);
    }

    @Test
    void gradientsAccumulateAcrossBackwardCalls() {
        Tensor x = Tensor.fromArray(new double[] {1, 2, 3}).requiresGrad_(true);
        x.mul(x).sum().backward();
        x.mul(x).sum().backward();
        assertArrayEquals(new double[] {4, 8, 12}, x.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void doubleBackwardOfCube() {
        Tensor x = Tensor.fromArray(new double[] {1, 2}).requiresGrad_(true);
        Tensor dx = Autograd.grad(x.pow(3).sum(), x, true)[0];
        assertArrayEquals(new double[] {3, 12}, dx.toDoubleArray(), 1e-12);
        Tensor ddx = Autograd.grad(dx.sum(), x)[0];
        assertArrayEquals(new double[] {6, 12}, ddx.toDoubleArray(), 1e-12);
    }

    @Test
    void inPlaceModificationOfSavedTensorIsCaught() {
        Tensor x = Tensor.fromArray(new double[] {1, 2}).requiresGrad_(true);
        Tensor y = x.exp();
        Tensor z = y.sum();
        y.add_(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, z::backward);
        assertTrue(e.getMessage().contains("modified by an inplace operation"), e.getMessage());
    }

    @Test
    void longChainDoesNotOverflowTheStack() {
        Tensor x = Tensor.scalar(1.0, DType.F64).requiresGrad_(true);
        Tensor y = x;
        for (int i = 0; i < 20000; i++) y = y.mul(1.0);
        y.backward();
        assertEquals(1.0, x.grad().item(), 1e-12);
    }

    @Test
    void broadcastingGradientsSumBack() {
        var g = new Generator(1);
        GradCheck.check(in -> in[0].add(in[1]).mul(in[0]), f64(g, 3, 1, 4), f64(g, 5, 1));
        GradCheck.checkGradGrad(in -> in[0].mul(in[1]).sigmoid(), f64(g, 2, 3), f64(g, 3));
    }

    @Test
    void matmulShapeErrorNamesTheOp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(8, 3).matmul(Tensor.zeros(4, 5)));
        assertEquals("matmul: shapes [8, 3] and [4, 5] cannot be multiplied (3 != 4)", e.getMessage());
    }

    @Test
    void printsLikePyTorch() {
        Tensor t = Tensor.fromArray(new float[] {1, 2.5f});
        assertEquals("tensor([1.0000, 2.5000])", t.toString());
        assertEquals("tensor([1., 2.], dtype=torch.float64, requires_grad=True)",
                Tensor.fromArray(new double[] {1, 2}).requiresGrad_(true).toString());
    }
}
