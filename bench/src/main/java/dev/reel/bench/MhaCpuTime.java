package dev.reel.bench;

import dev.reel.engine.DType;
import dev.reel.engine.Generator;
import dev.reel.engine.Grad;
import dev.reel.engine.Reel;
import dev.reel.engine.Tensor;
import dev.reel.nn.AttentionOptions;
import dev.reel.nn.MultiheadAttention;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * {@link MhaBench}'s self-attention (B8 T64 E256, 8 heads, batch first, {@code needWeights(false)})
 * on one thread, timed by this thread's CPU time instead of the wall clock, with the bytes this
 * thread allocates per call. On one thread every kernel runs on the calling thread, so its CPU
 * time is the op's work; other processes on a shared machine stretch the wall clock but barely
 * this figure. Medians over the calls after a warm-up; each repetition times a batch of calls so
 * that the clock's granularity does not matter.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.reel.bench.MhaCpuTime 30
 * </pre>
 */
public final class MhaCpuTime {
    private MhaCpuTime() {}

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 30, batch = 10, warmup = 300;
        Reel.setNumThreads(1);
        Reel.manualSeed(7);
        var mha = new MultiheadAttention(MhaBench.E, MhaBench.HEADS, 0, true, true, 0, 0);
        Generator g = new Generator(7);
        Tensor x = Tensor.randn(g, DType.F32, MhaBench.B, MhaBench.T, MhaBench.E).requiresGrad_(true);
        Tensor gradOut = Tensor.randn(g, DType.F32, MhaBench.B, MhaBench.T, MhaBench.E);
        AttentionOptions o = AttentionOptions.of().needWeights(false);
        Runnable fwd = () -> {
            try (var off = Grad.off()) {
                mha.forward(x, x, x, o);
            }
        };
        Runnable fwdBwd = () -> {
            x.setGrad(null);
            mha.zeroGrad();
            mha.forward(x, x, x, o).output().backward(gradOut);
        };
        for (int i = 0; i < warmup; i++) {
            fwd.run();
            fwdBwd.run();
        }
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long id = Thread.currentThread().threadId();
        double[] f = new double[reps], fb = new double[reps], bytes = new double[reps], process = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < batch; i++) fwd.run();
            long t1 = threads.getCurrentThreadCpuTime(), b1 = threads.getThreadAllocatedBytes(id), p1 = os.getProcessCpuTime();
            for (int i = 0; i < batch; i++) fwdBwd.run();
            long t2 = threads.getCurrentThreadCpuTime(), b2 = threads.getThreadAllocatedBytes(id), p2 = os.getProcessCpuTime();
            process[r] = (p2 - p1) / 1e6 / batch;
            f[r] = (t1 - t0) / 1e6 / batch;
            fb[r] = (t2 - t1) / 1e6 / batch;
            bytes[r] = (b2 - b1) / 1e6 / batch;
        }
        System.out.printf("MHA B%d T%d E%d H%d threads=1: fwd %.3f ms CPU (median of %d x %d calls), fwd+bwd %.3f ms; fwd+bwd allocates %.2f MB "
                + "and costs %.3f ms of the process's CPU time (with the collector's and the compiler's threads)%n",
                MhaBench.B, MhaBench.T, MhaBench.E, MhaBench.HEADS, median(f), reps, batch, median(fb), median(bytes), median(process));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
