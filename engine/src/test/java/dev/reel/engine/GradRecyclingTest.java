package dev.reel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.engine.cpu.CpuStoragePool;
import org.junit.jupiter.api.Test;

/**
 * The autograd engine recycles the gradient buffers it allocated (sizes the CPU pool keeps, at
 * least {@link CpuStoragePool#MIN_ELEMENTS}), and never one that user code can still see: results
 * stay right over repeated passes that reuse the recycled arrays, and gradients handed to hooks,
 * kept by {@code retainGrad} or returned by {@code Autograd.grad} keep their values.
 */
class GradRecyclingTest {
    private static final int N = 3 * CpuStoragePool.MIN_ELEMENTS + 7;

    private static Tensor leaf(Generator g) { return Tensor.randn(g, N).requiresGrad_(true); }

    /** Several passes over big buffers: each takes the arrays the previous ones recycled. */
    private static void churn(Generator g, int passes) {
        for (int p = 0; p < passes; p++) {
            Tensor a = leaf(g);
            a.mul(a).mul(3).add(a).relu().sum().backward();
        }
    }

    @Test
    void gradientsStayRightWhileBuffersAreRecycled() {
        Generator g = new Generator(11);
        for (int pass = 0; pass < 4; pass++) {
            Tensor x = leaf(g), x2 = leaf(g);
            Tensor w = x.mul(x).mul(3).add(x);
            // add passes one gradient on to both inputs: one buffer in two slots
            w.relu().add(x2.mul(2)).sum().backward();
            float[] xv = x.toFloatArray(), wv = w.toFloatArray(), gx = x.grad().toFloatArray(), gx2 = x2.grad().toFloatArray();
            for (int i = 0; i < N; i++) {
                float want = wv[i] > 0 ? 6 * xv[i] + 1 : 0;
                assertEquals(want, gx[i], 1e-5f * (1 + Math.abs(want)), "pass " + pass + " dx[" + i + "]");
                assertEquals(2f, gx2[i], "pass " + pass + " dx2[" + i + "]");
            }
        }
        if (CpuStoragePool.enabled()) assertTrue(CpuStoragePool.bytesHeld() > 0, "backward gave no buffer back to the pool");
    }

    @Test
    void gradientsSeenByUserCodeAreNeverRecycled() {
        Generator g = new Generator(12);
        Tensor x = leaf(g);
        Tensor z = x.mul(x), v = x.mul(x);
        Tensor[] hooked = new Tensor[1];
        z.registerHook(t -> {
            hooked[0] = t;
            return null;
        });
        v.retainGrad();
        z.mul(2).add(v.mul(5)).sum().backward();

        Tensor u = leaf(g);
        Tensor q = u.mul(u);
        Tensor returned = Autograd.grad(q.mul(7).sum(), q)[0];

        churn(g, 4);
        float[] h = hooked[0].toFloatArray(), r = v.grad().toFloatArray(), a = returned.toFloatArray();
        for (int i = 0; i < N; i++) {
            assertEquals(2f, h[i], "hook's gradient [" + i + "]");
            assertEquals(5f, r[i], "retained gradient [" + i + "]");
            assertEquals(7f, a[i], "Autograd.grad result [" + i + "]");
        }
    }

    @Test
    void createGraphKeepsEveryBuffer() {
        Generator g = new Generator(13);
        Tensor x = leaf(g);
        Tensor dx = Autograd.grad(x.mul(x).mul(x).sum(), x, true)[0];   // 3x^2, part of a graph
        churn(g, 3);
        dx.sum().backward();                                            // d/dx sum(3x^2) = 6x
        float[] xv = x.toFloatArray(), gx = x.grad().toFloatArray();
        for (int i = 0; i < N; i++) assertEquals(6 * xv[i], gx[i], 1e-5f * (1 + Math.abs(6 * xv[i])), "[" + i + "]");
    }
}
