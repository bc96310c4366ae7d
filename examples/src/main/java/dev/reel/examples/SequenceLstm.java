package dev.reel.examples;

import dev.reel.engine.DType;
import dev.reel.engine.Generator;
import dev.reel.engine.Grad;
import dev.reel.engine.Reel;
import dev.reel.engine.Tensor;
import dev.reel.nn.CrossEntropyLoss;
import dev.reel.nn.LSTM;
import dev.reel.nn.Layer;
import dev.reel.nn.Linear;
import dev.reel.nn.RNNBase;
import dev.reel.nn.data.Batch;
import dev.reel.nn.data.DataLoader;
import dev.reel.nn.data.Dataset;
import dev.reel.nn.data.Example;
import dev.reel.nn.optim.Adam;
import dev.reel.nn.optim.GradClipping;

import java.util.Locale;

/**
 * Example 3: a sequence classifier with an LSTM. Each sequence is {@code length} random numbers in
 * [-1, 1]; the label says whether the first number is larger than the last. The network reads one
 * number per step, so to answer at the end it must carry the first number through every step in
 * between: a task that needs memory.
 *
 * <p>There is a shortcut worth knowing: the last number alone predicts the label 75 % of the time
 * (a last number near -1 is almost surely below the first). A network that has learnt only the
 * shortcut plateaus at a loss near 0.5 and 75 % accuracy; accuracy well above 75 % shows that it
 * remembers the first number. The longer the sequence, the longer it takes to get off the plateau.
 *
 * <pre>{@code
 * examples/run SequenceLstm                  # 10-step sequences, 12 epochs
 * SequenceLstm.Result r = SequenceLstm.run(10, 4096, 12, true);
 * }</pre>
 */
public final class SequenceLstm {
    private SequenceLstm() {}

    /** Mean training loss of the first and last epoch, and the validation accuracy after each epoch. */
    public record Result(double firstLoss, double lastLoss, double[] valAccuracy) {
        public double finalAccuracy() { return valAccuracy[valAccuracy.length - 1]; }
    }

    public static void main(String[] args) {
        Result r = run(10, 4096, 12, true);
        System.out.printf(Locale.ROOT, "validation accuracy %.1f %% (chance is 50 %%)%n", 100 * r.finalAccuracy());
    }

    /**
     * The model: an LSTM over the sequence, then a linear layer on its last hidden state. An LSTM is
     * not a {@link Layer} (it returns the output and both states), so the model is a small Layer of
     * its own that registers the two parts under the names PyTorch would give them.
     */
    static final class Classifier extends Layer {
        final LSTM lstm;
        final Linear head;

        Classifier(int hidden) {
            // input size 1 (one number per step), 1 layer, bias, batchFirst: input is [B, T, 1] as in the data
            lstm = register("lstm", new LSTM(1, hidden, 1, true, true, 0, false));
            head = register("head", new Linear(hidden, 2));
        }

        @Override
        public Tensor forward(Tensor x) {                 // x: [B, T, 1]
            RNNBase.Output o = lstm.forward(x);           // output [B, T, H]; h and c [layers, B, H]
            Tensor last = o.h().select(0, 0);             // the hidden state after the last step: [B, H]
            return head.call(last);                       // [B, 2] logits
        }
    }

    /**
     * Trains on {@code trainSize} random sequences of {@code length} steps for {@code epochs}
     * epochs and measures accuracy on 1024 new ones.
     */
    public static Result run(int length, int trainSize, int epochs, boolean verbose) {
        Reel.manualSeed(0);
        Dataset<Example> train = sequences(trainSize, length, 1);
        Dataset<Example> val = sequences(1024, length, 2);

        var model = new Classifier(32);
        var lossFn = new CrossEntropyLoss();
        // Three times Adam's default: the model is small and the data plentiful.
        var opt = new Adam(model.parameters(), new Adam.Options().lr(3e-3));
        double first = Double.NaN, last = Double.NaN;
        double[] accuracy = new double[epochs];
        try (var trainLoader = DataLoader.builder(train).batchSize(64).shuffle(true).seed(0).build();
             var valLoader = DataLoader.builder(val).batchSize(256).build()) {
            for (int epoch = 0; epoch < epochs; epoch++) {
                long t0 = System.nanoTime();
                model.train();
                double lossSum = 0;
                int seen = 0;
                for (Batch b : trainLoader) {
                    Tensor loss = lossFn.forward(model.call(b.input()), b.target());
                    opt.zeroGrad();
                    loss.backward();
                    // Backpropagation through time multiplies by the recurrent weights once per step;
                    // clipping the gradient's norm keeps one unlucky batch from undoing the progress.
                    GradClipping.clipGradNorm(model.parameters(), 1.0, 2.0);
                    opt.step();
                    lossSum += loss.item() * b.size();
                    seen += b.size();
                }
                last = lossSum / seen;
                if (epoch == 0) first = last;
                accuracy[epoch] = accuracy(model, valLoader);
                if (verbose) {
                    System.out.printf(Locale.ROOT, "epoch %d  train loss %.4f  val accuracy %5.1f %%  (%.1f s)%n",
                            epoch + 1, last, 100 * accuracy[epoch], (System.nanoTime() - t0) / 1e9);
                }
            }
        }
        return new Result(first, last, accuracy);
    }

    /** Top-1 accuracy in eval mode, without recording a graph. */
    static double accuracy(Layer model, DataLoader<Example, Batch> loader) {
        model.eval();
        long correct = 0, total = 0;
        try (Grad off = Grad.off()) {
            for (Batch b : loader) {
                Tensor predicted = model.call(b.input()).argmax(1, false);
                correct += (long) predicted.eq(b.target()).to(DType.I64).sum().item();
                total += b.size();
            }
        }
        return (double) correct / total;
    }

    /**
     * {@code count} sequences [length, 1] of uniform numbers in [-1, 1], labelled 1 when the first
     * is larger than the last. Sample {@code i} depends only on {@code (seed, i)}, so the dataset is
     * the same however the loader visits it.
     */
    static Dataset<Example> sequences(int count, int length, long seed) {
        if (length < 2) throw new IllegalArgumentException("SequenceLstm: sequences need at least 2 steps, got " + length);
        return Dataset.of(count, i -> {
            Generator g = new Generator(seed * 1_000_003L + i);
            Tensor x = Tensor.rand(g, length, 1).mul(2).sub(1);
            float[] v = x.toFloatArray();
            return Example.of(x, v[0] > v[length - 1] ? 1 : 0);
        });
    }
}
