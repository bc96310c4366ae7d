package dev.reel.bench;

import dev.reel.engine.DType;
import dev.reel.engine.F;
import dev.reel.engine.Generator;
import dev.reel.engine.Grad;
import dev.reel.engine.Tensor;
import dev.reel.engine.cpu.Parallel;
import dev.reel.engine.cpu.VectorMath;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The memory-bound kernels of {@link RowKernelsBench} and {@link ElementwiseBench} (softmax,
 * log-softmax and layer norm over 4096×1024 F32 rows, softmax's backward, x*y+z on 16M floats) and
 * the STREAM copy and triad loops of {@link StreamBench}, timed by this thread's CPU time at one
 * thread: on a shared machine the load stretches the wall clock but barely the CPU time, so an A/B
 * of two builds run back to back stays meaningful. Medians over the repetitions after a warm-up;
 * GB/s counts bytes as the JMH benchmarks do (softmax: 16 MiB in, 16 MiB out; x*y+z: two passes,
 * 402.7 MB; copy 2 arrays, triad 3).
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.reel.bench.RowsCpuTime 30
 * </pre>
 */
public final class RowsCpuTime {
    private RowsCpuTime() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        String only = args.length > 1 ? args[1] : "";
        Parallel.setThreads(Integer.getInteger("reel.threads", 1));
        Generator g = new Generator(3);
        Tensor x = Tensor.randn(g, DType.F32, 4096, 1024), gy = Tensor.randn(g, DType.F32, 4096, 1024);
        Tensor a = Tensor.randn(g, DType.F32, 1 << 24), b = Tensor.randn(g, DType.F32, 1 << 24), c = Tensor.randn(g, DType.F32, 1 << 24);
        float[] s1 = new float[1 << 24], s2 = new float[1 << 24], s3 = new float[1 << 24];
        Arrays.fill(s1, 1f);
        Arrays.fill(s2, 2f);
        Arrays.fill(s3, 3f);
        double rowBytes = 2.0 * 4 * 4096 * 1024;
        Map<String, Object[]> cases = new LinkedHashMap<>();
        cases.put("copy", new Object[] {2.0 * 4 * (1 << 24), (Runnable) () -> copy(s1, s2)});
        cases.put("triad", new Object[] {3.0 * 4 * (1 << 24), (Runnable) () -> triad(s1, s2, s3)});
        cases.put("empty4M", new Object[] {0.0, (Runnable) () -> dev.reel.engine.ops.Creation.empty(DType.F32, dev.reel.engine.Device.CPU, 4096, 1024)});
        Tensor pre = Tensor.zeros(4096, 1024);
        cases.put("softmaxKernel", new Object[] {rowBytes, (Runnable) () -> x.backend().softmaxRows(x, false, pre)});
        Tensor x64 = Tensor.randn(g, DType.F32, 64, 1024), pre64 = Tensor.zeros(64, 1024);
        cases.put("softmaxInCache", new Object[] {rowBytes, (Runnable) () -> { for (int k = 0; k < 64; k++) x64.backend().softmaxRows(x64, false, pre64); }});
        cases.put("softmax", new Object[] {rowBytes, (Runnable) () -> noGrad(() -> F.softmax(x, -1))});
        cases.put("logSoftmax", new Object[] {rowBytes, (Runnable) () -> noGrad(() -> F.logSoftmax(x, -1))});
        cases.put("layerNorm", new Object[] {rowBytes, (Runnable) () -> noGrad(() -> F.layerNorm(x, 1024))});
        cases.put("softmaxFwdBwd", new Object[] {0.0, (Runnable) () -> fwdBwd(x, gy, false)});
        cases.put("logSoftmaxFwdBwd", new Object[] {0.0, (Runnable) () -> fwdBwd(x, gy, true)});
        // exp throughput on 4M floats in [-10, 0] held in L2-sized blocks (64K floats, 64 times): compute only
        float[] ein = new float[1 << 16], eout = new float[1 << 16];
        for (int i = 0; i < ein.length; i++) ein[i] = -10f * i / ein.length;
        cases.put("exp", new Object[] {0.0, (Runnable) () -> expLoop(ein, eout, 0)});
        cases.put("expBounded", new Object[] {0.0, (Runnable) () -> expLoop(ein, eout, 1)});
        cases.put("expLanewise", new Object[] {0.0, (Runnable) () -> expLoop(ein, eout, 2)});
        cases.put("mulAdd", new Object[] {6.0 * 4 * (1 << 24), (Runnable) () -> noGrad(() -> a.mul(b).add(c))});
        for (var e : cases.entrySet()) {
            if (!only.isEmpty() && !e.getKey().matches(only)) continue;
            double bytes = (double) e.getValue()[0];
            Runnable r = (Runnable) e.getValue()[1];
            double[] cpu = new double[reps], wall = new double[reps];
            for (int i = 0; i < 5; i++) r.run();
            for (int i = 0; i < reps; i++) {
                long w0 = System.nanoTime(), t0 = MX.getCurrentThreadCpuTime();
                r.run();
                long t1 = MX.getCurrentThreadCpuTime(), w1 = System.nanoTime();
                cpu[i] = (t1 - t0) / 1e6;
                wall[i] = (w1 - w0) / 1e6;
            }
            double mc = median(cpu), mw = median(wall);
            System.out.printf("%-18s cpu %8.3f ms  wall %8.3f ms%s%n", e.getKey(), mc, mw,
                    bytes > 0 ? String.format("  %6.2f GB/s by cpu, %6.2f GB/s by wall", bytes / mc / 1e6, bytes / mw / 1e6) : "");
        }
    }

    private static void noGrad(java.util.function.Supplier<Tensor> f) {
        try (var off = Grad.off()) {
            f.get();
        }
    }

    private static void fwdBwd(Tensor x, Tensor gy, boolean log) {
        Tensor xr = x.detach().requiresGrad_(true);
        Tensor y = log ? F.logSoftmax(xr, -1) : F.softmax(xr, -1);
        y.backward(gy);
    }

    private static void expLoop(float[] in, float[] out, int kind) {
        for (int k = 0; k < 64; k++) {
            for (int i = 0; i < in.length; i += S.length()) {
                FloatVector v = FloatVector.fromArray(S, in, i);
                FloatVector e = switch (kind) {
                    case 0 -> VectorMath.exp(v);
                    case 1 -> VectorMath.expBounded(v);
                    default -> v.lanewise(VectorOperators.EXP);
                };
                e.intoArray(out, i);
            }
        }
    }

    private static void copy(float[] a, float[] c) {
        Parallel.forRange(0, a.length, 1 << 18, (lo, hi) -> {
            int i = lo;
            for (int upper = lo + S.loopBound(hi - lo); i < upper; i += S.length()) FloatVector.fromArray(S, a, i).intoArray(c, i);
            for (; i < hi; i++) c[i] = a[i];
        });
    }

    private static void triad(float[] a, float[] b, float[] c) {
        Parallel.forRange(0, a.length, 1 << 18, (lo, hi) -> {
            FloatVector s = FloatVector.broadcast(S, 3f);
            int i = lo;
            for (int upper = lo + S.loopBound(hi - lo); i < upper; i += S.length()) {
                FloatVector.fromArray(S, c, i).fma(s, FloatVector.fromArray(S, b, i)).intoArray(a, i);
            }
            for (; i < hi; i++) a[i] = b[i] + 3f * c[i];
        });
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
