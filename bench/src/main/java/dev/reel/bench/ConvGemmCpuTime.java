package dev.reel.bench;

import dev.reel.engine.DType;
import dev.reel.engine.F;
import dev.reel.engine.Generator;
import dev.reel.engine.Grad;
import dev.reel.engine.Reel;
import dev.reel.engine.Tensor;
import dev.reel.engine.cpu.gemm.Gemm;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The conv and GEMM kernels of {@link ConvBench} and {@link SgemmBench} on one thread, timed by
 * this thread's CPU time, with the FMA peak of {@link FmaPeakBench} measured the same way in the
 * same run. On a shared machine other processes stretch the wall clock but barely the CPU time,
 * so two builds can be compared back to back. Medians over the repetitions after a warm-up.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.reel.bench.ConvGemmCpuTime conv sgemm
 * </pre>
 * Arguments pick the sections: {@code peak}, {@code conv} (c32to64 and c3to32, forward and
 * forward+backward), {@code sgemm} (n = 256 .. 2048), {@code shapes} (the conv-shaped GEMMs).
 */
public final class ConvGemmCpuTime {
    private static final ThreadMXBean CLOCK = ManagementFactory.getThreadMXBean();
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private ConvGemmCpuTime() {}

    public static void main(String[] args) {
        Reel.setNumThreads(1);
        var sections = Arrays.asList(args.length == 0 ? new String[] {"peak", "conv", "sgemm"} : args);
        double peak = fmaPeak();
        System.out.printf("FMA peak, 1 thread (CPU time): %.1f GFLOP/s%n", peak);
        if (sections.contains("conv")) {
            for (String shape : new String[] {"c32to64", "c3to32"}) conv(shape, peak);
        }
        if (sections.contains("shapes")) {
            gemm("conv fwd      M=64 N=1024 K=288", false, false, 64, 1024, 288, peak);
            gemm("grad input    M=288 N=1024 K=64 (A^T)", true, false, 288, 1024, 64, peak);
            gemm("grad weight   M=64 N=288 K=1024 (B^T)", false, true, 64, 288, 1024, peak);
        }
        if (sections.contains("sgemm")) {
            for (int n : new int[] {256, 512, 1024, 2048}) gemm("sgemm n=" + n, false, false, n, n, n, peak);
        }
        System.out.printf("FMA peak again: %.1f GFLOP/s%n", fmaPeak());
    }

    private static void conv(String shape, double peak) {
        int[] d = ConvBench.dims(shape);
        Generator g = new Generator(5);
        Tensor x = Tensor.randn(g, DType.F32, d[0], d[1], d[3], d[3]).requiresGrad_(true);
        Tensor w = Tensor.randn(g, DType.F32, d[2], d[1], 3, 3).mul(0.1).requiresGrad_(true);
        Tensor b = Tensor.randn(g, DType.F32, d[2]).mul(0.1).requiresGrad_(true);
        Tensor gy = Tensor.randn(g, DType.F32, d[0], d[2], d[3], d[3]);
        double fwdFlops = ConvBench.flops(shape);
        double fwd = median(30, 10, () -> {
            try (var off = Grad.off()) {
                F.conv2d(x, w, b, 1, 1);
            }
        });
        double both = median(20, 10, () -> {
            x.setGrad(null);
            w.setGrad(null);
            b.setGrad(null);
            F.conv2d(x, w, b, 1, 1).backward(gy);
        });
        System.out.printf("conv2d %-8s fwd     %7.2f ms  %6.1f GFLOP/s  %4.1f %% of peak%n", shape, fwd, fwdFlops / fwd / 1e6,
                100 * fwdFlops / fwd / 1e6 / peak);
        System.out.printf("conv2d %-8s fwd+bwd %7.2f ms  %6.1f GFLOP/s  %4.1f %% of peak%n", shape, both, 3 * fwdFlops / both / 1e6,
                100 * 3 * fwdFlops / both / 1e6 / peak);
    }

    private static void gemm(String name, boolean ta, boolean tb, int m, int n, int k, double peak) {
        SplittableRandom rnd = new SplittableRandom(42);
        float[] a = SgemmBench.random(rnd, m * k), b = SgemmBench.random(rnd, k * n), c = new float[m * n];
        int lda = ta ? m : k, ldb = tb ? k : n;
        Gemm.sgemm(ta, tb, m, n, k, a, 0, lda, b, 0, ldb, c, 0, n, false);
        Validate.sampled(ta, tb, m, n, k, a, lda, b, ldb, c, n, rnd);
        double flops = 2.0 * m * n * k;
        int reps = (int) Math.max(5, Math.min(400, 3e9 / flops));
        double ms = median(reps, reps / 2 + 2, () -> Gemm.sgemm(ta, tb, m, n, k, a, 0, lda, b, 0, ldb, c, 0, n, false));
        System.out.printf("%-40s %8.3f ms  %6.1f GFLOP/s  %4.1f %% of peak%n", name, ms, flops / ms / 1e6, 100 * flops / ms / 1e6 / peak);
    }

    /** Median thread CPU milliseconds of {@code reps} runs after {@code warmup} untimed ones. */
    private static double median(int reps, int warmup, Runnable body) {
        for (int i = 0; i < warmup; i++) body.run();
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = CLOCK.getCurrentThreadCpuTime();
            body.run();
            t[i] = (CLOCK.getCurrentThreadCpuTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        return t[reps / 2];
    }

    /** GFLOP/s of independent vector FMAs on this thread (the loop of {@link FmaPeakBench}). */
    private static double fmaPeak() {
        int steps = 1 << 20;
        for (int i = 0; i < 5; i++) fmaLoop(steps);
        double ms = median(15, 2, () -> fmaLoop(steps));
        return 2.0 * 16 * S.length() * steps / ms / 1e6;
    }

    private static float sink;

    private static void fmaLoop(int steps) {
        FloatVector m = FloatVector.broadcast(S, 1.0000001f), d = FloatVector.broadcast(S, 0.9999999f);
        FloatVector a0 = m, a1 = m, a2 = m, a3 = m, a4 = m, a5 = m, a6 = m, a7 = m;
        FloatVector a8 = d, a9 = d, a10 = d, a11 = d, a12 = d, a13 = d, a14 = d, a15 = d;
        for (int i = 0; i < steps; i++) {
            a0 = a0.fma(m, d); a1 = a1.fma(m, d); a2 = a2.fma(m, d); a3 = a3.fma(m, d);
            a4 = a4.fma(m, d); a5 = a5.fma(m, d); a6 = a6.fma(m, d); a7 = a7.fma(m, d);
            a8 = a8.fma(m, d); a9 = a9.fma(m, d); a10 = a10.fma(m, d); a11 = a11.fma(m, d);
            a12 = a12.fma(m, d); a13 = a13.fma(m, d); a14 = a14.fma(m, d); a15 = a15.fma(m, d);
        }
        sink += a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7)
                .add(a8).add(a9).add(a10).add(a11).add(a12).add(a13).add(a14).add(a15).lane(0);
    }
}
