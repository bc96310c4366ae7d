package dev.reel.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AutogradFeaturesTest {
    private static Tensor leaf(double... v) { return Tensor.fromArray(v).requiresGrad_(true); }

    @Test
    void backwardTwiceNeedsRetainGraph() {
        Tensor x = leaf(1, 2);
        Tensor y = x.exp().sum();
        y.backward(y.onesLike(), true, false);
        y.backward();
        assertArrayEquals(new double[] {2 * Math.E, 2 * Math.exp(2)}, x.grad().toDoubleArray(), 1e-12);
        var e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().startsWith("Trying to backward through the graph a second time"), e.getMessage());
    }

    @Test
    void noGradAndInferenceMode() {
        Tensor x = leaf(1, 2);
        Tensor y;
        try (var g = Grad.off()) {
            y = x.mul(2);
        }
        assertFalse(y.requiresGrad());
        Tensor z;
        try (var g = Grad.inferenceMode()) {
            z = x.mul(2);
        }
        assertTrue(z.isInference());
        var e = assertThrows(IllegalStateException.class, () -> x.mul(z));
        assertTrue(e.getMessage().contains("inference tensors cannot be saved for backward"), e.getMessage());
    }

    @Test
    void retainGradAndHooks() {
        Tensor x = leaf(1, 2, 3);
        Tensor h = x.mul(2).retainGrad();
        double[] seen = new double[1];
        h.registerHook(g -> {
            seen[0] = g.sum().item();
            return g.mul(10);
        });
        h.sum().backward();
        assertEquals(3, seen[0], 1e-12);
        assertArrayEquals(new double[] {1, 1, 1}, h.grad().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {20, 20, 20}, x.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void gradOfSelectedInputsLeavesDotGradAlone() {
        Tensor a = leaf(1, 2), b = leaf(3, 4), unused = leaf(0);
        Tensor[] g = Autograd.grad(new Tensor[] {a.mul(b).sum()}, new Tensor[] {a, unused}, null, false, false, true);
        assertArrayEquals(new double[] {3, 4}, g[0].toDoubleArray(), 1e-12);
        assertNull(g[1]);
        assertNull(a.grad());
        assertThrows(IllegalStateException.class,
                () -> Autograd.grad(new Tensor[] {a.mul(b).sum()}, new Tensor[] {unused}, null, false, false, false));
    }

    @Test
    void gradWithRespectToAnIntermediate() {
        Tensor x = leaf(1, 2);
        Tensor h = x.mul(3);
        Tensor y = h.square().sum();
        Tensor dh = Autograd.grad(y, h)[0];
        assertArrayEquals(new double[] {6, 12}, dh.toDoubleArray(), 1e-12);
    }

    @Test
    void leafInPlaceIsRefused() {
        Tensor x = leaf(1, 2);
        var e = assertThrows(IllegalStateException.class, () -> x.add_(1));
        assertTrue(e.getMessage().contains("a leaf Variable that requires grad is being used in an in-place operation"));
        try (var g = Grad.off()) {
            x.add_(1); // allowed, as in torch.no_grad()
        }
        assertArrayEquals(new double[] {2, 3}, x.toDoubleArray(), 1e-12);
    }

    @Test
    void inPlaceOnIntermediateKeepsTheGraph() {
        Tensor x = leaf(1, 2);
        Tensor y = x.mul(2);
        y.mul_(x);               // y = 2x·x
        y.sum().backward();
        assertArrayEquals(new double[] {4, 8}, x.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void anomalyModeNamesTheOp() throws Exception {
        Tensor x = leaf(-1, 1);
        try (var a = Autograd.detectAnomaly()) {
            var e = assertThrows(IllegalStateException.class, () -> x.log());
            assertTrue(e.getMessage().contains("'Log'"), e.getMessage());
            Tensor z = leaf(0, 1);
            Tensor y = z.sqrt().sum();
            var e2 = assertThrows(IllegalStateException.class, y::backward);
            assertTrue(e2.getMessage().contains("SqrtBackward0"), e2.getMessage());
        }
    }

    @Test
    void gradientsOfSharedTensorsAreIndependentCopies() {
        Tensor a = leaf(1), b = leaf(2);
        a.add(b).sum().backward();
        try (var g = Grad.off()) {
            a.grad().mul_(5);
        }
        assertEquals(1, b.grad().item(), 0);
    }

    @Test
    void detachCutsTheGraph() {
        Tensor x = leaf(2);
        Tensor y = x.mul(x.detach());
        y.backward();
        assertEquals(2, x.grad().item(), 0);
    }
}
