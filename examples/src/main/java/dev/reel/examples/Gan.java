package dev.reel.examples;

import dev.reel.engine.Generator;
import dev.reel.engine.Grad;
import dev.reel.engine.Reel;
import dev.reel.engine.Tensor;
import dev.reel.nn.BCEWithLogitsLoss;
import dev.reel.nn.BatchNorm3d;
import dev.reel.nn.Conv3d;
import dev.reel.nn.ConvOptions;
import dev.reel.nn.ConvTranspose3d;
import dev.reel.nn.Flatten;
import dev.reel.nn.LeakyReLU;
import dev.reel.nn.Linear;
import dev.reel.nn.ReLU;
import dev.reel.nn.Sequential;
import dev.reel.nn.Tanh;
import dev.reel.nn.Unflatten;
import dev.reel.nn.optim.Adam;
import dev.reel.video.SyntheticVideos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Example 7: a generative adversarial network that makes short video clips. A generator turns 32
 * random numbers into a clip of 8 frames of 16x16 pixels; a discriminator looks at a clip and says
 * whether it is real (a moving-shapes clip) or made by the generator. They train in turns: the
 * discriminator to tell them apart, the generator to fool it. Both are 3D convolutional networks
 * in the DCGAN pattern, with time as a third spatial axis: the generator upsamples with transposed
 * 3D convolutions (2x4x4 -> 4x8x8 -> 8x16x16), the discriminator downsamples with strided ones.
 * At the end it writes a grid of generated clips as an AVI file.
 *
 * <pre>{@code
 * examples/run Gan                 // writes gan-samples.avi in a temporary folder
 * examples/run Gan /tmp/gan        // ... in /tmp/gan
 * }</pre>
 */
public final class Gan {
    private Gan() {}

    /** Size of the noise vector, clips in a batch, and the clip shape (3, T, H, W). */
    static final int LATENT = 32, BATCH = 16, T = 8, H = 16, W = 16;

    /**
     * Losses of the first and last step (the average of the last 20 steps, which jump about), how
     * far 64 generated clips' colour statistics are from the real ones before and after training
     * (see {@link #statisticsGap}), the discriminator's accuracy on real and on generated clips at
     * the end, and the video written.
     */
    public record Result(double firstDLoss, double lastDLoss, double firstGLoss, double lastGLoss,
                         double gapBefore, double gapAfter, double realAccuracy, double fakeAccuracy, Path video) {}

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Files.createDirectories(Path.of(args[0])) : Files.createTempDirectory("reel-gan");
        Result r = run(dir, 1500, true);
        System.out.printf(Locale.ROOT, "statistics gap %.3f -> %.3f; discriminator right on %.0f %% of real and %.0f %% of generated clips%nwrote %s%n",
                r.gapBefore(), r.gapAfter(), 100 * r.realAccuracy(), 100 * r.fakeAccuracy(), r.video());
    }

    /** Noise (B, 32) -> clips (B, 3, 8, 16, 16) in [-1, 1]. */
    static Sequential generator() {
        var up = ConvOptions.of().stride(2).padding(1);   // kernel 4, stride 2, padding 1 doubles each of T, H, W
        return new Sequential(
                new Linear(LATENT, 32 * 2 * 4 * 4), new Unflatten(1, 32, 2, 4, 4), new ReLU(),   // (B, 32, 2, 4, 4)
                new ConvTranspose3d(32, 16, 4, up), new BatchNorm3d(16), new ReLU(),           // (B, 16, 4, 8, 8)
                new ConvTranspose3d(16, 3, 4, up), new Tanh());                                  // (B, 3, 8, 16, 16)
    }

    /** Clips (B, 3, 8, 16, 16) -> one logit each (B, 1): high means "real". */
    static Sequential discriminator() {
        var down = ConvOptions.of().stride(2).padding(1);   // kernel 4, stride 2, padding 1 halves each of T, H, W
        return new Sequential(
                new Conv3d(3, 16, 4, down), new LeakyReLU(0.2),    // (B, 16, 4, 8, 8)
                new Conv3d(16, 32, 4, down), new BatchNorm3d(32), new LeakyReLU(0.2),   // (B, 32, 2, 4, 4)
                new Flatten(), new Linear(32 * 2 * 4 * 4, 1));
    }

    /** {@code n} moving-shapes clips as one tensor (n, 3, T, H, W) scaled to [-1, 1], the generator's range. */
    static Tensor realClips(int n) {
        var shapes = new SyntheticVideos(new SyntheticVideos.Config(4, T, H, W, 2, 0, 7));
        List<Tensor> clips = new ArrayList<>(n);
        for (int i = 0; i < n; i++) clips.add(shapes.clip(i).tensor());            // U8 (T, H, W, 3)
        Tensor u8 = Tensor.stack(clips, 0).permute(0, 4, 1, 2, 3);                  // (n, 3, T, H, W)
        return u8.toFloat().div(127.5).sub(1).contiguous();
    }

    /** Trains for {@code steps} steps and writes 8 generated clips to {@code dir/gan-samples.avi}. */
    public static Result run(Path dir, int steps, boolean verbose) {
        Reel.manualSeed(7);
        Tensor real = realClips(512);
        var gen = generator();
        var disc = discriminator();
        var bce = new BCEWithLogitsLoss();
        // DCGAN's settings: Adam with lr 2e-4 and beta1 0.5 for both players.
        var optG = new Adam(gen.parameters(), new Adam.Options().lr(2e-4).betas(0.5, 0.999));
        var optD = new Adam(disc.parameters(), new Adam.Options().lr(2e-4).betas(0.5, 0.999));
        // One-sided label smoothing: the discriminator aims at 0.9 on real clips, not 1, so it cannot
        // grow over-confident and leave the generator without a useful gradient.
        Tensor realTarget = Tensor.full(0.9, BATCH, 1), ones = Tensor.ones(BATCH, 1), zeros = Tensor.zeros(BATCH, 1);
        Generator pick = new Generator(70);
        Tensor fixedNoise = Tensor.randn(new Generator(71), 64, LATENT);   // the same 64 codes before and after, to compare
        double gapBefore = statisticsGap(sample(gen, fixedNoise), real);

        double firstD = Double.NaN, firstG = Double.NaN, sumD = 0, sumG = 0;
        int tail = Math.min(20, steps);
        for (int step = 0; step < steps; step++) {
            Tensor x = real.indexSelect(0, Tensor.randint(pick, 0, real.size(0), BATCH));
            Tensor fake = gen.call(Tensor.randn(BATCH, LATENT));

            // Discriminator: real clips are 0.9, generated ones 0. detach(): this step must not change the generator.
            Tensor dLoss = bce.forward(disc.call(x), realTarget).add(bce.forward(disc.call(fake.detach()), zeros));
            optD.zeroGrad();
            dLoss.backward();
            optD.step();

            // Generator: make the discriminator say 1 on generated clips (the "non-saturating" loss).
            Tensor gLoss = bce.forward(disc.call(fake), ones);
            optG.zeroGrad();
            gLoss.backward();   // also fills the discriminator's grads; its next zeroGrad clears them
            optG.step();

            double d = dLoss.item(), g = gLoss.item();
            if (step == 0) {
                firstD = d;
                firstG = g;
            }
            if (step >= steps - tail) {
                sumD += d;
                sumG += g;
            }
            if (verbose && step % 100 == 99) {
                System.out.printf(Locale.ROOT, "step %4d  D loss %.3f  G loss %.3f  statistics gap %.3f%n", step + 1, d, g,
                        statisticsGap(sample(gen, fixedNoise), real));
            }
        }

        Tensor samples = sample(gen, fixedNoise);
        double[] acc = discriminatorAccuracy(disc, real.narrow(0, 0, 64), sample(gen, Tensor.randn(new Generator(72), 64, LATENT)));
        Path video = ClipGrid.write(dir.resolve("gan-samples.avi"), samples.narrow(0, 0, 8).add(1).div(2), 4, 4);   // 8 of them
        return new Result(firstD, sumD / tail, firstG, sumG / tail, gapBefore, statisticsGap(samples, real), acc[0], acc[1], video);
    }

    /**
     * Generated clips for {@code noise}, without autograd. The generator stays in training mode, as
     * in PyTorch's DCGAN tutorial: its BatchNorm normalises with the statistics of the batch, the
     * way it did in every training step.
     */
    static Tensor sample(Sequential gen, Tensor noise) {
        try (Grad off = Grad.off()) {
            return gen.call(noise);
        }
    }

    /**
     * How far the generated clips' simple statistics are from the real ones: per colour channel,
     * the difference of the pixel means plus the difference of the pixel standard deviations, plus
     * the difference in mean absolute change from one frame to the next (motion), averaged. An
     * untrained generator makes flat grey clips and scores far from the data.
     */
    static double statisticsGap(Tensor fake, Tensor real) {
        int[] notChannel = {0, 2, 3, 4};
        double gap = fake.mean(notChannel, false).sub(real.mean(notChannel, false)).abs().mean().item()
                + fake.std(notChannel, 1, false).sub(real.std(notChannel, 1, false)).abs().mean().item();
        return gap + Math.abs(motion(fake) - motion(real));
    }

    /** Mean absolute difference between consecutive frames. */
    static double motion(Tensor clips) {
        int t = clips.size(2);
        return clips.narrow(2, 1, t - 1).sub(clips.narrow(2, 0, t - 1)).abs().mean().item();
    }

    /** The fraction of real clips the discriminator calls real, and of generated ones it calls generated. */
    static double[] discriminatorAccuracy(Sequential disc, Tensor real, Tensor fake) {
        try (Grad off = Grad.off()) {
            double r = disc.call(real).gt(0).toDouble().mean().item();
            double f = disc.call(fake).le(0).toDouble().mean().item();
            return new double[] {r, f};
        }
    }
}
