package dev.reel.bench;

import dev.reel.engine.DType;
import dev.reel.engine.Generator;
import dev.reel.engine.Grad;
import dev.reel.engine.Reel;
import dev.reel.engine.Tensor;
import dev.reel.engine.ops.RnnOps;
import dev.reel.nn.LSTM;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * The {@link LstmBench} shapes timed by CPU time instead of the wall clock, for A/B comparisons on
 * a shared machine: nn's {@link LSTM} (the fused whole-sequence op) against the step-by-step
 * formulation it replaced (per step {@code h·W_hhᵀ} and the fused cell {@link RnnOps#lstmPointwise},
 * one graph node each), back to back in one JVM. On 1 thread the figure is this thread's CPU time
 * (every kernel runs on it); on more threads it is the wall clock, skewed by other load. Medians over the repetitions after a
 * warm-up; fwd runs without grad, fwd+bwd back-propagates the sum of the last hidden state to the
 * weights, as {@code bench/compare/kernels_torch.py --clock cpu}.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.reel.bench.LstmCpuTime 1 40 [nn|steps]
 * </pre>
 */
public final class LstmCpuTime {
    private LstmCpuTime() {}

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1, reps = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        Reel.setNumThreads(threads);
        String[] shapes = args.length > 3 ? new String[] {args[3]} : new String[] {"B8_T16_I512_H256", "B32_T64_I128_H128"};
        for (String shape : shapes) {
            Case c = new Case(shape);
            c.check();
            for (String impl : new String[] {"steps", "nn"}) {
                if (args.length > 2 && !args[2].equals(impl)) continue;
                boolean nn = impl.equals("nn");
                double fwd = median(time(threads, reps, () -> {
                    try (var off = Grad.off()) {
                        c.last(nn);
                    }
                }));
                double fwdBwd = median(time(threads, reps, () -> c.backward(nn)));
                System.out.printf("threads=%d %-18s %-5s fwd %7.2f ms %s  fwd+bwd %7.2f ms%n", threads, shape, impl, fwd, threads == 1 ? "CPU " : "wall", fwdBwd);
            }
        }
    }

    /** One shape's input and weights, shared by both implementations. */
    private static final class Case {
        final Tensor x, wIh, wHh, bIh, bHh;
        final LSTM layer;
        final int b, h;

        Case(String shape) {
            String[] p = shape.split("_");
            b = Integer.parseInt(p[0].substring(1));
            int t = Integer.parseInt(p[1].substring(1)), in = Integer.parseInt(p[2].substring(1));
            h = Integer.parseInt(p[3].substring(1));
            Generator g = new Generator(1);
            double k = 1 / Math.sqrt(h);
            x = Tensor.randn(g, DType.F32, t, b, in);
            layer = new LSTM(in, h);
            wIh = Tensor.rand(g, DType.F32, 4 * h, in).mul(2 * k).sub(k).requiresGrad_(true);
            wHh = Tensor.rand(g, DType.F32, 4 * h, h).mul(2 * k).sub(k).requiresGrad_(true);
            bIh = Tensor.rand(g, DType.F32, 4 * h).mul(2 * k).sub(k).requiresGrad_(true);
            bHh = Tensor.rand(g, DType.F32, 4 * h).mul(2 * k).sub(k).requiresGrad_(true);
            layer.setParameter("weight_ih_l0", wIh);
            layer.setParameter("weight_hh_l0", wHh);
            layer.setParameter("bias_ih_l0", bIh);
            layer.setParameter("bias_hh_l0", bHh);
        }

        /** The last hidden state. */
        Tensor last(boolean nn) {
            if (nn) return layer.forward(x).h();
            Tensor xw = x.matmul(wIh.t());
            Tensor hs = Tensor.zeros(b, h), cs = Tensor.zeros(b, h);
            for (int s = 0; s < x.size(0); s++) {
                RnnOps.LstmState st = RnnOps.lstmPointwise(xw.select(0, s), hs.matmul(wHh.t()), cs, bIh, bHh);
                hs = st.h();
                cs = st.c();
            }
            return hs;
        }

        void backward(boolean nn) {
            for (Tensor w : new Tensor[] {wIh, wHh, bIh, bHh}) w.setGrad(null);
            last(nn).sum().backward();
        }

        /** Both implementations give the same state and weight gradient before anything is timed. */
        void check() {
            backward(false);
            double[] g0 = wHh.grad().toDoubleArray(), h0 = last(false).toDoubleArray();
            backward(true);
            double[] g1 = wHh.grad().toDoubleArray(), h1 = last(true).toDoubleArray();
            for (int i = 0; i < h0.length; i++) {
                if (Math.abs(h0[i] - h1[i]) > 1e-4) throw new IllegalStateException("LstmCpuTime: h differs at " + i + ": " + h0[i] + " vs " + h1[i]);
            }
            for (int i = 0; i < g0.length; i++) {
                if (Math.abs(g0[i] - g1[i]) > 1e-3 * Math.max(1, Math.abs(g0[i]))) {
                    throw new IllegalStateException("LstmCpuTime: dW_hh differs at " + i + ": " + g0[i] + " vs " + g1[i]);
                }
            }
        }
    }

    private static double[] time(int threads, int reps, Runnable body) {
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int warmup = Math.max(5, reps / 4);
        double[] ms = new double[reps];
        for (int i = 0; i < warmup + reps; i++) {
            long t0 = threads == 1 ? bean.getCurrentThreadCpuTime() : System.nanoTime();
            body.run();
            long t1 = threads == 1 ? bean.getCurrentThreadCpuTime() : System.nanoTime();
            if (i >= warmup) ms[i - warmup] = (t1 - t0) / 1e6;
        }
        return ms;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
