package dev.reel.examples;

import dev.reel.engine.Generator;
import dev.reel.engine.Grad;
import dev.reel.engine.Reel;
import dev.reel.engine.Tensor;
import dev.reel.nn.Conv3d;
import dev.reel.nn.ConvOptions;
import dev.reel.nn.ConvTranspose3d;
import dev.reel.nn.Flatten;
import dev.reel.nn.Layer;
import dev.reel.nn.Linear;
import dev.reel.nn.ReLU;
import dev.reel.nn.Sequential;
import dev.reel.nn.Sigmoid;
import dev.reel.nn.Unflatten;
import dev.reel.nn.optim.Adam;
import dev.reel.video.SyntheticVideos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Example 8: a variational autoencoder for video clips. The encoder maps a clip (8 frames of
 * 16x16) to the mean and log-variance of a Gaussian over a 16-number code; a code is drawn from it
 * with the reparameterisation trick ({@code z = mu + sigma * eps}, so gradients reach mu and
 * sigma); the decoder turns the code back into a clip. The loss is the negative ELBO: how badly the
 * decoder reconstructs the clip (squared error, the log-likelihood of a Gaussian with standard
 * deviation 0.1 around the decoded pixels) plus how far the code's Gaussian is from N(0, I) (a KL
 * divergence). Because codes stay close to N(0, I), decoding random normal
 * codes gives new clips. It writes reconstructions (originals above, reconstructions below) and
 * samples as AVI files.
 *
 * <pre>{@code
 * examples/run Vae                 // writes vae-reconstructions.avi and vae-samples.avi in a temporary folder
 * examples/run Vae /tmp/vae        // ... in /tmp/vae
 * }</pre>
 */
public final class Vae {
    private Vae() {}

    /** Code size, clips in a batch, and the clip shape (3, T, H, W). */
    static final int LATENT = 16, BATCH = 16, T = 8, H = 16, W = 16;
    /** The decoder's assumed pixel noise: smaller values weigh reconstruction more against the KL term. */
    static final double SIGMA = 0.1;

    /**
     * The loss (negative ELBO per clip) and its KL part, averaged over the first and over the last
     * 20 steps; on held-out clips, the mean squared error per pixel of the reconstructions and of the
     * best constant guess (the training set's mean clip), for scale; and the two videos written.
     */
    public record Result(double firstLoss, double lastLoss, double firstKl, double lastKl,
                         double heldOutMse, double meanClipMse, Path reconstructions, Path samples) {}

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Files.createDirectories(Path.of(args[0])) : Files.createTempDirectory("reel-vae");
        Result r = run(dir, 3000, true);
        System.out.printf(Locale.ROOT, "loss per clip %.1f -> %.1f (KL part %.1f -> %.1f)%n"
                        + "held-out squared error per pixel %.4f (the mean clip's: %.4f)%nwrote %s%n  and %s%n",
                r.firstLoss(), r.lastLoss(), r.firstKl(), r.lastKl(), r.heldOutMse(), r.meanClipMse(), r.reconstructions(), r.samples());
    }

    /** The encoder, the decoder, and the sampling step between them. */
    static final class ClipVae extends Layer {
        final Sequential encoder = register("encoder", new Sequential(
                new Conv3d(3, 16, 4, ConvOptions.of().stride(2).padding(1)), new ReLU(),    // (B, 16, 4, 8, 8)
                new Conv3d(16, 32, 4, ConvOptions.of().stride(2).padding(1)), new ReLU(),   // (B, 32, 2, 4, 4)
                new Flatten(), new Linear(32 * 2 * 4 * 4, 2 * LATENT)));                    // mu and log-variance
        final Sequential decoder = register("decoder", new Sequential(
                new Linear(LATENT, 32 * 2 * 4 * 4), new Unflatten(1, 32, 2, 4, 4), new ReLU(),
                new ConvTranspose3d(32, 16, 4, ConvOptions.of().stride(2).padding(1)), new ReLU(),   // (B, 16, 4, 8, 8)
                new ConvTranspose3d(16, 3, 4, ConvOptions.of().stride(2).padding(1)), new Sigmoid()));   // (B, 3, 8, 16, 16) in [0, 1]

        /** What one pass computes: the decoded clips and the code's distribution. */
        record Output(Tensor decoded, Tensor mu, Tensor logVar) {}

        Output encodeDecode(Tensor clips) {
            List<Tensor> stats = encoder.call(clips).chunk(2, 1);
            Tensor mu = stats.get(0), logVar = stats.get(1);
            // Reparameterisation: z = mu + sigma * eps with eps ~ N(0, I) drawn outside the graph,
            // so z is a differentiable function of mu and log-variance.
            Tensor eps = Tensor.randn(mu.shape());
            Tensor z = mu.add(logVar.mul(0.5).exp().mul(eps));
            return new Output(decoder.call(z), mu, logVar);
        }

        /** Clips -> reconstructed clips in [0, 1] (using the mean code, no sampling). */
        @Override
        public Tensor forward(Tensor clips) {
            Tensor mu = encoder.call(clips).chunk(2, 1).get(0);
            return decoder.call(mu);
        }

        /** Codes (N, 16) -> clips in [0, 1]. */
        Tensor decode(Tensor z) { return decoder.call(z); }
    }

    /** The two parts of the loss, each summed over a clip and averaged over the batch. */
    record Loss(Tensor reconstruction, Tensor kl) {
        Tensor total() { return reconstruction.add(kl); }
    }

    static Loss loss(ClipVae.Output o, Tensor clips) {
        int b = clips.size(0);
        // -log p(x | z) for a Gaussian of standard deviation SIGMA around the decoded pixels, up to a
        // constant: the squared error summed over the clip, over 2 SIGMA^2.
        Tensor reconstruction = o.decoded().sub(clips).square().sum().div(2 * SIGMA * SIGMA * b);
        // KL(N(mu, sigma^2) || N(0, 1)) in closed form: -1/2 * sum(1 + log sigma^2 - mu^2 - sigma^2).
        Tensor kl = o.logVar().add(1).sub(o.mu().square()).sub(o.logVar().exp()).sum().mul(-0.5 / b);
        return new Loss(reconstruction, kl);
    }

    /** {@code n} moving-shapes clips from {@code first} on, as one tensor (n, 3, T, H, W) in [0, 1]. */
    static Tensor clips(SyntheticVideos shapes, int first, int n) {
        List<Tensor> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) list.add(shapes.clip(first + i).tensor());   // U8 (T, H, W, 3)
        return Tensor.stack(list, 0).permute(0, 4, 1, 2, 3).toFloat().div(255).contiguous();
    }

    /** Trains for {@code steps} steps, then writes {@code dir/vae-reconstructions.avi} and {@code dir/vae-samples.avi}. */
    public static Result run(Path dir, int steps, boolean verbose) {
        Reel.manualSeed(8);
        var shapes = new SyntheticVideos(new SyntheticVideos.Config(4, T, H, W, 2, 0, 8));
        Tensor train = clips(shapes, 0, 512), heldOut = clips(shapes, 100_000, 64);
        var vae = new ClipVae();
        var opt = new Adam(vae.parameters(), new Adam.Options().lr(2e-3));
        Generator pick = new Generator(80);

        int window = Math.min(20, steps);
        double firstLoss = 0, firstKl = 0, lastLoss = 0, lastKl = 0;
        for (int step = 0; step < steps; step++) {
            Tensor x = train.indexSelect(0, Tensor.randint(pick, 0, train.size(0), BATCH));
            Loss l = loss(vae.encodeDecode(x), x);
            Tensor total = l.total();
            opt.zeroGrad();
            total.backward();
            opt.step();

            double value = total.item(), kl = l.kl().item();
            if (step < window) {
                firstLoss += value / window;
                firstKl += kl / window;
            }
            if (step >= steps - window) {
                lastLoss += value / window;
                lastKl += kl / window;
            }
            if (verbose && step % 100 == 99) {
                System.out.printf(Locale.ROOT, "step %4d  loss %.1f = reconstruction %.1f + KL %.1f  held-out squared error %.4f%n",
                        step + 1, value, value - kl, kl, heldOutMse(vae, heldOut));
            }
        }

        try (Grad off = Grad.off()) {
            double heldOutMse = heldOutMse(vae, heldOut);
            double meanClipMse = train.mean(0, true).sub(heldOut).square().mean().item();
            // Originals in the top row, their reconstructions below.
            Tensor originals = heldOut.narrow(0, 0, 4);
            Path rec = ClipGrid.write(dir.resolve("vae-reconstructions.avi"), Tensor.cat(0, originals, vae.call(originals)), 4, 4);
            // New clips: decode codes drawn from the prior N(0, I).
            Path samples = ClipGrid.write(dir.resolve("vae-samples.avi"), vae.decode(Tensor.randn(new Generator(81), 8, LATENT)), 4, 4);
            return new Result(firstLoss, lastLoss, firstKl, lastKl, heldOutMse, meanClipMse, rec, samples);
        }
    }

    /** The mean squared error per pixel of the reconstructions of {@code clips}. */
    static double heldOutMse(ClipVae vae, Tensor clips) {
        try (Grad off = Grad.off()) {
            return vae.call(clips).sub(clips).square().mean().item();
        }
    }
}
