package dev.reel.bench;

import dev.reel.engine.F;
import dev.reel.engine.Generator;
import dev.reel.engine.Grad;
import dev.reel.engine.Reel;
import dev.reel.engine.Tensor;
import dev.reel.nn.optim.Adam;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * The anchor step of {@link VideoStepBench} on one thread, timed by this thread's CPU time instead
 * of the wall clock, and the bytes this thread allocates per training step. On one thread every
 * kernel runs on the calling thread, so its CPU time is the step's work; other processes on a
 * shared machine stretch the wall clock but barely this figure. Its twin is
 * {@code bench/compare/video_step_torch.py --threads 1 --clock cpu}. Medians over the steps after
 * a warm-up.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar dev.reel.bench.VideoStepCpuTime 20
 * </pre>
 */
public final class VideoStepCpuTime {
    private VideoStepCpuTime() {}

    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 20, warmup = 8;
        Reel.setNumThreads(1);
        Reel.manualSeed(0);
        AnchorCnnLstm model = new AnchorCnnLstm();
        Adam adam = new Adam(model.parameters(), new Adam.Options().lr(1e-3));
        Generator g = new Generator(1);
        Tensor clips = Tensor.randn(g, VideoStepBench.B, VideoStepBench.T, 3, 64, 64);
        Tensor labels = Tensor.randint(g, 0, 10, VideoStepBench.B);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        double[] train = new double[steps], inference = new double[steps], bytes = new double[steps];
        for (int i = 0; i < warmup + steps; i++) {
            long b0 = threads.getThreadAllocatedBytes(id), t0 = threads.getCurrentThreadCpuTime();
            Tensor loss = F.crossEntropy(model.call(clips), labels);
            adam.zeroGrad();
            loss.backward();
            adam.step();
            double l = loss.item();
            long t1 = threads.getCurrentThreadCpuTime(), b1 = threads.getThreadAllocatedBytes(id);
            try (var off = Grad.off()) {
                model.call(clips);
            }
            long t2 = threads.getCurrentThreadCpuTime();
            if (!Double.isFinite(l)) throw new IllegalStateException("anchor model: loss " + l + " at step " + i);
            if (i >= warmup) {
                train[i - warmup] = (t1 - t0) / 1e6;
                inference[i - warmup] = (t2 - t1) / 1e6;
                bytes[i - warmup] = (b1 - b0) / 1e6;
            }
        }
        System.out.printf("threads=1 train: %.1f ms CPU per step (median of %d), %.2f clips/s; inference: %.1f ms, %.2f clips/s; "
                + "train step allocates %.1f MB%n", median(train), steps, VideoStepBench.B * 1e3 / median(train), median(inference),
                VideoStepBench.B * 1e3 / median(inference), median(bytes));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
