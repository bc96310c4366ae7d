package dev.reel.cli;

import dev.reel.engine.DType;
import dev.reel.engine.F;
import dev.reel.engine.Generator;
import dev.reel.engine.Grad;
import dev.reel.engine.Tensor;
import dev.reel.nn.LSTM;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The kernels {@code reel bench} times, each with the work one call does (FLOPs, or bytes moved
 * for the memory-bound ones), and the timing rule: warm-up calls, then the median of a few timed
 * calls. A rough figure for a first look at a machine; the JMH benchmarks in {@code bench/} are the
 * authoritative measurement (forks, longer warm-up, error bars).
 *
 * <pre>{@code
 * QuickBench.Result fma = QuickBench.fmaPeak(2).measure(QuickBench.Effort.QUICK);
 * fma.rate();   // FLOP/s
 * }</pre>
 */
final class QuickBench {
    private QuickBench() {}

    /** How long to warm up and how many calls to time. */
    enum Effort {
        QUICK(0.5, 3, 3), FULL(1.5, 5, 7);

        final double warmupSeconds;
        final int minWarmupCalls, timedCalls;

        Effort(double warmupSeconds, int minWarmupCalls, int timedCalls) {
            this.warmupSeconds = warmupSeconds;
            this.minWarmupCalls = minWarmupCalls;
            this.timedCalls = timedCalls;
        }
    }

    /**
     * One kernel: {@code work} units (FLOPs, or bytes when {@code memoryBound}) per call of {@code body}.
     * {@code body} returns something derived from its result so the JIT cannot drop the work.
     */
    record Kernel(String name, double work, boolean memoryBound, java.util.function.DoubleSupplier body) {
        Result measure(Effort e) {
            long t0 = System.nanoTime();
            double sink = 0;
            // Warm-up: the first calls run interpreted or in the first JIT tier, at a fraction of the final speed.
            for (int i = 0; i < e.minWarmupCalls || System.nanoTime() - t0 < e.warmupSeconds * 1e9; i++) sink += body.getAsDouble();
            double[] secs = new double[e.timedCalls];
            for (int i = 0; i < secs.length; i++) {
                long s = System.nanoTime();
                sink += body.getAsDouble();
                secs[i] = (System.nanoTime() - s) / 1e9;
            }
            Arrays.sort(secs);
            double median = secs.length % 2 == 1 ? secs[secs.length / 2] : (secs[secs.length / 2 - 1] + secs[secs.length / 2]) / 2;
            if (Double.isNaN(sink)) throw new IllegalStateException("bench " + name + ": the kernel produced NaN");
            return new Result(this, median, work / median);
        }
    }

    /** Median seconds per call and the rate (FLOP/s or bytes/s). */
    record Result(Kernel kernel, double seconds, double rate) {}

    /** Every kernel of the table, in order; {@code threads} is the FMA loop's thread count. */
    static List<Kernel> all(int threads) {
        List<Kernel> k = new ArrayList<>();
        k.add(fmaPeak(threads));
        for (int n : new int[] {256, 512, 1024}) k.add(sgemm(n));
        k.add(conv2d());
        k.add(lstm());
        k.add(softmax());
        k.add(mulAdd());
        return k;
    }

    // ------------------------------------------------------------------ FMA roofline

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** FLOPs of one thread's loop per call: 2 per lane per FMA, 16 accumulators. */
    private static final long FMA_STEPS = 1 << 20;

    /**
     * The machine's F32 FMA roofline: on each of {@code threads} threads, a loop of 16 independent
     * vector FMAs (enough in flight to hide the FMA latency on two pipes) with no memory traffic.
     */
    static Kernel fmaPeak(int threads) {
        double flops = (double) threads * FMA_STEPS * 16 * 2 * S.length();
        return new Kernel("FMA peak, Vector API, " + threads + " thread" + (threads == 1 ? "" : "s"), flops, false, () -> {
            try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
                List<Future<Float>> parts = new ArrayList<>();
                for (int t = 0; t < threads; t++) parts.add(pool.submit(QuickBench::fmaLoop));
                double sum = 0;
                for (Future<Float> f : parts) sum += f.get();
                return sum;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("bench: interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("bench: the FMA loop failed: " + e.getCause(), e.getCause());
            }
        });
    }

    private static float fmaLoop() {
        FloatVector m = FloatVector.broadcast(S, 1.0000001f), d = FloatVector.broadcast(S, 0.9999999f);
        FloatVector a0 = m, a1 = m, a2 = m, a3 = m, a4 = m, a5 = m, a6 = m, a7 = m;
        FloatVector a8 = d, a9 = d, a10 = d, a11 = d, a12 = d, a13 = d, a14 = d, a15 = d;
        for (long i = 0; i < FMA_STEPS; i++) {
            a0 = a0.fma(m, d); a1 = a1.fma(m, d); a2 = a2.fma(m, d); a3 = a3.fma(m, d);
            a4 = a4.fma(m, d); a5 = a5.fma(m, d); a6 = a6.fma(m, d); a7 = a7.fma(m, d);
            a8 = a8.fma(m, d); a9 = a9.fma(m, d); a10 = a10.fma(m, d); a11 = a11.fma(m, d);
            a12 = a12.fma(m, d); a13 = a13.fma(m, d); a14 = a14.fma(m, d); a15 = a15.fma(m, d);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7)
                .add(a8).add(a9).add(a10).add(a11).add(a12).add(a13).add(a14).add(a15).lane(0);
    }

    // ------------------------------------------------------------------ engine kernels

    /** One element of a result, returned by each kernel so that its work cannot be optimised away. */
    private static double first(Tensor t) { return t.reshape(-1).select(0, 0).item(); }

    /** C = A·B with n x n F32 matrices: 2n³ FLOPs. */
    static Kernel sgemm(int n) {
        Generator g = new Generator(1);
        Tensor a = Tensor.randn(g, DType.F32, n, n), b = Tensor.randn(g, DType.F32, n, n);
        return new Kernel("SGEMM " + n + "x" + n + "x" + n, 2.0 * n * n * n, false, () -> {
            try (var off = Grad.off()) {
                return first(a.matmul(b));
            }
        });
    }

    /**
     * conv2d N32 C32→64 32x32, 3x3, padding 1, forward and both backward passes (input and weight
     * gradients): each of the three is 2·N·Cout·H·W·Cin·9 FLOPs.
     */
    static Kernel conv2d() {
        int n = 32, cin = 32, cout = 64, hw = 32;
        Generator g = new Generator(2);
        Tensor x = Tensor.randn(g, DType.F32, n, cin, hw, hw).requiresGrad_(true);
        Tensor w = Tensor.randn(g, DType.F32, cout, cin, 3, 3).mul(0.05).requiresGrad_(true);
        Tensor dy = Tensor.randn(g, DType.F32, n, cout, hw, hw);
        double flops = 3 * 2.0 * n * cout * hw * hw * cin * 9;
        return new Kernel("conv2d fwd+bwd N32 32->64 32x32 k3p1", flops, false, () -> {
            x.setGrad(null);
            w.setGrad(null);
            F.conv2d(x, w, null, 1, 1).backward(dy);
            return first(w.grad());
        });
    }

    /**
     * One LSTM layer over B8 T16, input 512, hidden 256, forward and backward: the forward's GEMMs
     * are 2·B·T·4H·(I+H) FLOPs and the backward's twice that (input and weight gradients).
     */
    static Kernel lstm() {
        int b = 8, t = 16, in = 512, h = 256;
        LSTM layer = new LSTM(in, h, 1, true, true, 0, false);
        Tensor x = Tensor.randn(new Generator(3), DType.F32, b, t, in).requiresGrad_(true);
        double flops = 3 * 2.0 * b * t * 4 * h * (in + h);
        return new Kernel("LSTM fwd+bwd B8 T16 I512 H256", flops, false, () -> {
            x.setGrad(null);
            for (Tensor p : layer.parameters()) p.setGrad(null);
            layer.forward(x).output().sum().backward();
            return first(x.grad());
        });
    }

    /** Softmax over the rows of 4096x1024 F32: 16 MiB read, 16 MiB written. */
    static Kernel softmax() {
        Tensor x = Tensor.randn(new Generator(4), DType.F32, 4096, 1024);
        return new Kernel("softmax 4096x1024 rows", 2.0 * 4 * 4096 * 1024, true, () -> {
            try (var off = Grad.off()) {
                return first(F.softmax(x, -1));
            }
        });
    }

    /** x*y+z on 16M floats: two elementwise ops, each reading 128 MiB and writing 64 MiB. */
    static Kernel mulAdd() {
        int n = 1 << 24;
        Generator g = new Generator(5);
        Tensor x = Tensor.randn(g, DType.F32, n), y = Tensor.randn(g, DType.F32, n), z = Tensor.randn(g, DType.F32, n);
        return new Kernel("x*y+z, 16M floats", 2 * 3.0 * 4 * n, true, () -> {
            try (var off = Grad.off()) {
                return first(x.mul(y).add(z));
            }
        });
    }
}
