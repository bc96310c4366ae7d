package dev.reel.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.engine.autograd.GradCheck;
import org.junit.jupiter.api.Test;

/**
 * The engine adds the gradients of views (select, slice) straight into one buffer of the input's
 * shape and sums gradients in place into buffers it owns. These tests pin down that the sums are
 * the same as the plain formulas give and that no buffer is shared where it must not be.
 */
class ViewGradientAccumulationTest {
    /** A loop over the steps of a sequence, as an RNN reads its input projection. */
    @Test
    void selectEveryStepGivesTheDenseGradient() {
        Reel.manualSeed(3);
        Tensor x = Tensor.randn(Reel.defaultGenerator(), DType.F64, 5, 3, 4).requiresGrad_(true);
        Tensor w = Tensor.randn(Reel.defaultGenerator(), DType.F64, 5, 3, 4);
        Tensor loss = null;
        for (int t = 0; t < 5; t++) {
            Tensor term = x.select(0, t).mul(w.select(0, t)).sum();
            loss = loss == null ? term : loss.add(term);
        }
        // steps read twice and a slice overlapping them: their gradients add up
        loss = loss.add(x.select(0, 2).sum()).add(x.slice(0, 1, 4).mul(2).sum()).add(x.narrow(2, 1, 2).sum());
        loss.backward();
        double[] expected = w.toDoubleArray();
        int[] shape = x.shape();
        for (int t = 0; t < shape[0]; t++) {
            for (int n = 0; n < shape[1]; n++) {
                for (int f = 0; f < shape[2]; f++) {
                    int i = (t * shape[1] + n) * shape[2] + f;
                    if (t == 2) expected[i] += 1;
                    if (t >= 1 && t < 4) expected[i] += 2;
                    if (f >= 1 && f < 3) expected[i] += 1;
                }
            }
        }
        assertArrayEquals(expected, x.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void gradCheckAndDoubleBackwardThroughSelectLoops() {
        Reel.manualSeed(4);
        Tensor x = Tensor.randn(Reel.defaultGenerator(), DType.F64, 4, 2, 3).requiresGrad_(true);
        java.util.function.Function<Tensor[], Tensor> f = in -> {
            Tensor h = in[0].select(0, 0).tanh();
            for (int t = 1; t < 4; t++) h = h.mul(in[0].select(0, t)).add(in[0].slice(0, t - 1, t + 1).sum(0)).tanh();
            return h;
        };
        GradCheck.check(f, x);
        GradCheck.checkGradGrad(f, x);
    }

    /**
     * An add passes one gradient tensor to both inputs; a sum the engine made in place must not
     * then grow under one of them when the other receives more gradient.
     */
    @Test
    void aGradientPassedToTwoInputsIsNotSummedIntoTwice() {
        for (int depth = 0; depth < 8; depth++) for (boolean extraFirst : new boolean[] {true, false}) {
            Tensor p = Tensor.fromArray(new double[] {1, 2}).requiresGrad_(true);
            Tensor q = Tensor.fromArray(new double[] {3, 4}).requiresGrad_(true);
            Tensor n = p.add(q);
            Tensor viaN = n.mul(2).sum().add(n.mul(3).sum());   // n's gradient: a sum of two, 5
            // a longer path makes q's second gradient arrive after the add has passed n's on
            Tensor deep = q.mul(5);
            for (int i = 0; i < depth; i++) deep = deep.mul(1);
            Tensor extra = deep.sum();
            Tensor loss = extraFirst ? extra.add(viaN) : viaN.add(extra);
            loss.backward();
            assertArrayEquals(new double[] {5, 5}, p.grad().toDoubleArray(), 0, "p, depth " + depth + ", extra first: " + extraFirst);
            assertArrayEquals(new double[] {10, 10}, q.grad().toDoubleArray(), 0, "q, depth " + depth + ", extra first: " + extraFirst);
        }
    }

    @Test
    void retainedGraphGivesTheSameViewGradientsTwice() {
        Tensor x = Tensor.fromArray(new double[] {1, 2, 3, 4}).requiresGrad_(true);
        Tensor y = x.select(0, 1).mul(3).add(x.slice(0, 2, 4).sum());
        y.backward(y.onesLike(), true, false);
        y.backward();
        assertArrayEquals(new double[] {0, 6, 2, 2}, x.grad().toDoubleArray(), 0);
        var e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().startsWith("Trying to backward through the graph a second time"), e.getMessage());
    }

    @Test
    void gradOfAnIntermediateThroughViews() {
        Tensor x = Tensor.fromArray(new double[] {1, 2, 3}).requiresGrad_(true);
        Tensor z = x.mul(2);
        Tensor y = z.select(0, 0).mul(z.select(0, 2)).add(z.slice(0, 0, 2).sum());
        Tensor[] g = Autograd.grad(y, z);
        assertArrayEquals(new double[] {z.toDoubleArray()[2] + 1, 1, z.toDoubleArray()[0]}, g[0].toDoubleArray(), 0);
        assertEquals(null, x.grad());
    }
}
