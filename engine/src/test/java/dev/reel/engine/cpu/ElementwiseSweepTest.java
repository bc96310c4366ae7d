package dev.reel.engine.cpu;

import static dev.reel.engine.cpu.Sweep.U;
import static dev.reel.engine.cpu.Sweep.gamma;

import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code x*y + z} and its gradients against F64: (rows, n) operands with n from
 * {@link Sweep#SIZES}, each contiguous, transposed or row-strided, y sometimes a broadcast row
 * (n), 1..4 threads. Each op rounds once: the result is within u·|x·y| + u·|x·y + z| of the exact
 * value; the gradient of a broadcast y sums over the rows, γ(rows + 1)·Σ|dy·x|.
 */
class ElementwiseSweepTest {
    @Test
    void mulAddAndItsGradientsMatchF64() {
        Sweep.forThreads(threads -> {
            SplittableRandom rnd = new SplittableRandom(600 + threads);
            Generator g = new Generator(60 + threads);
            for (int n : Sweep.SIZES) {
                int rows = Sweep.pick(rnd, 1, 2, 3, 7, 17, 33);
                boolean broadcast = rnd.nextBoolean();
                Sweep.Input x = Sweep.Input.of(g, rnd.nextInt(3), true, rows, n);
                Sweep.Input y = broadcast ? Sweep.Input.of(g, 2, true, n) : Sweep.Input.of(g, rnd.nextInt(3), true, rows, n);
                Sweep.Input z = Sweep.Input.of(g, rnd.nextInt(3), true, rows, n);
                Sweep.Input dout = Sweep.Input.of(g, rnd.nextInt(3), false, rows, n);
                Tensor out = x.view().mul(y.view()).add(z.view());
                out.backward(dout.view());
                String what = "x*y+z rows=" + rows + " n=" + n + (broadcast ? " (y broadcast)" : "") + " threads=" + threads;

                double[] xv = x.values(), yv = y.values(), zv = z.values(), gv = dout.values();
                double[] e = new double[rows * n], t = new double[e.length], edx = new double[e.length], tdx = new double[e.length];
                double[] edy = new double[yv.length], tdy = new double[yv.length];
                for (int r = 0; r < rows; r++) {
                    for (int i = 0; i < n; i++) {
                        int o = r * n + i, yi = broadcast ? i : o;
                        double p = xv[o] * yv[yi];
                        e[o] = p + zv[o];
                        t[o] = U * Math.abs(p) + U * Math.abs(e[o]) * (1 + U);
                        edx[o] = gv[o] * yv[yi];
                        tdx[o] = U * Math.abs(edx[o]);
                        edy[yi] += gv[o] * xv[o];
                        tdy[yi] += (broadcast ? gamma(rows + 1) : U) * Math.abs(gv[o] * xv[o]);
                    }
                }
                Sweep.assertWithin(e, out.toDoubleArray(), t, what);
                Sweep.assertWithin(edx, x.grad(), tdx, what + " grad x");
                Sweep.assertWithin(edy, y.grad(), tdy, what + " grad y");
                Sweep.assertWithin(gv, z.grad(), new double[gv.length], what + " grad z");
            }
        });
    }
}
