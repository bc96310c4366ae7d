package dev.reel.examples;

import dev.reel.engine.Generator;
import dev.reel.engine.Grad;
import dev.reel.engine.Reel;
import dev.reel.engine.Tensor;
import dev.reel.nn.CrossEntropyLoss;
import dev.reel.nn.Embedding;
import dev.reel.nn.Identity;
import dev.reel.nn.Layer;
import dev.reel.nn.Linear;
import dev.reel.nn.SinusoidalPositionalEncoding;
import dev.reel.nn.TransformerEncoder;
import dev.reel.nn.TransformerEncoderLayer;
import dev.reel.nn.optim.Adam;

import java.util.Arrays;
import java.util.Locale;

/**
 * Example 5: attention needs positions. A small Transformer encoder reads a sequence of tokens in
 * which two marker tokens, A and B, each appear once among random filler tokens, and answers
 * "did A come before B?". Self-attention by itself treats its input as a set: without a position
 * code, the sequence {@code x A x B} looks exactly like {@code x B x A}, and the best the model can
 * do is guess. Adding the sinusoidal positional encoding of "Attention Is All You Need" to the
 * token embeddings makes the task easy.
 *
 * <pre>{@code
 * examples/run AttentionPositionalEncoding                 // with positions: accuracy near 100 %
 * examples/run AttentionPositionalEncoding --no-positions  // without: accuracy near 50 %
 * }</pre>
 */
public final class AttentionPositionalEncoding {
    private AttentionPositionalEncoding() {}

    /** Tokens 0 and 1 are the markers A and B; tokens 2 .. VOCAB-1 are filler. */
    static final int A = 0, B = 1, VOCAB = 12;
    /** Sequence length, model width, attention heads. */
    static final int LENGTH = 10, D_MODEL = 32, HEADS = 4;

    /** The training loss of the first and last step and the accuracy on held-out sequences. */
    public record Result(double firstLoss, double lastLoss, double accuracy) {}

    public static void main(String[] args) {
        boolean positions = !Arrays.asList(args).contains("--no-positions");
        System.out.println(positions ? "with the sinusoidal positional encoding" : "without any positional encoding");
        Result r = run(400, positions, true);
        System.out.printf(Locale.ROOT, "held-out accuracy %.1f %% (chance is 50 %%)%n", 100 * r.accuracy());
    }

    /**
     * The classifier: embed the tokens, add the position code (or nothing), two encoder layers,
     * average over the sequence, and a linear layer to two classes. Averaging is order-blind too,
     * so every bit of order the model knows must come from the position code.
     */
    static final class OrderClassifier extends Layer {
        final Embedding embed = register("embed", new Embedding(VOCAB, D_MODEL));
        final Layer position;
        final TransformerEncoder encoder;
        final Linear head = register("head", new Linear(D_MODEL, 2));

        OrderClassifier(boolean usePositions) {
            position = register("position", usePositions ? new SinusoidalPositionalEncoding(D_MODEL, LENGTH, true) : new Identity());
            // d_model 32, 4 heads, feed-forward 64, no dropout, ReLU, batch first, post-norm (PyTorch's default).
            encoder = register("encoder", new TransformerEncoder(
                    () -> new TransformerEncoderLayer(D_MODEL, HEADS, 64, 0.0, "relu", 1e-5, true, false), 2, null));
        }

        /** tokens: I64 (N, L) -> logits (N, 2). */
        @Override
        public Tensor forward(Tensor tokens) {
            Tensor x = position.call(embed.call(tokens));   // (N, L, 32)
            Tensor h = encoder.call(x);                      // (N, L, 32): every token has looked at every other
            return head.call(h.mean(1));                     // (N, 2): the average over positions, classified
        }
    }

    /** A batch of sequences and labels: label 0 when A comes before B, 1 otherwise. */
    record Batch(Tensor tokens, Tensor labels) {}

    /** {@code n} random sequences drawn from {@code g}: filler everywhere, then A and B at two distinct random places. */
    static Batch sequences(int n, Generator g) {
        long[] tokens = new long[n * LENGTH];
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < LENGTH; t++) tokens[i * LENGTH + t] = 2 + g.nextLong(VOCAB - 2);
            int pa = (int) g.nextLong(LENGTH);
            int pb = (int) g.nextLong(LENGTH - 1);
            if (pb >= pa) pb++;   // a place other than A's
            tokens[i * LENGTH + pa] = A;
            tokens[i * LENGTH + pb] = B;
            labels[i] = pa < pb ? 0 : 1;
        }
        return new Batch(Tensor.fromArray(tokens, n, LENGTH), Tensor.fromArray(labels, n));
    }

    /** Trains for {@code steps} steps of 64 fresh sequences each; prints progress when {@code verbose}. */
    public static Result run(int steps, boolean usePositions, boolean verbose) {
        Reel.manualSeed(5);
        var model = new OrderClassifier(usePositions);
        var lossFn = new CrossEntropyLoss();
        var opt = new Adam(model.parameters(), new Adam.Options().lr(2e-3));
        Generator data = new Generator(50);
        Batch heldOut = sequences(1000, new Generator(51));

        double first = Double.NaN, last = Double.NaN;
        for (int step = 0; step < steps; step++) {
            Batch b = sequences(64, data);
            Tensor loss = lossFn.forward(model.call(b.tokens()), b.labels());
            opt.zeroGrad();
            loss.backward();
            opt.step();
            last = loss.item();
            if (step == 0) first = last;
            if (verbose && step % 50 == 49) {
                System.out.printf(Locale.ROOT, "step %4d  loss %.4f  held-out accuracy %.3f%n", step + 1, last, accuracy(model, heldOut));
            }
        }
        return new Result(first, last, accuracy(model, heldOut));
    }

    /** The fraction of {@code b} the model classifies right, with autograd off. */
    static double accuracy(OrderClassifier model, Batch b) {
        model.eval();
        try (Grad off = Grad.off()) {
            Tensor predicted = model.call(b.tokens()).argmax(1, false);
            return predicted.eq(b.labels()).toDouble().mean().item();
        } finally {
            model.train();
        }
    }
}
