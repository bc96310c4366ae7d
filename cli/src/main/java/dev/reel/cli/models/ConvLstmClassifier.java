package dev.reel.cli.models;

import dev.reel.engine.Tensor;
import dev.reel.nn.Conv2d;
import dev.reel.nn.ConvOptions;
import dev.reel.nn.Layer;
import dev.reel.nn.Linear;
import dev.reel.nn.MaxPool2d;
import dev.reel.nn.ReLU;
import dev.reel.nn.Sequential;

/**
 * A ConvLSTM classifier (Shi et al., 2015): a per-frame conv stem, then an LSTM whose gates are
 * convolutions over the concatenation of the input and the hidden state, so the state keeps its
 * spatial layout; the last hidden map is pooled and classified.
 *
 * <p>Gates, for input x_t and state (h, c): [i, f, g, o] = conv([x_t, h]); c' = σ(f)·c + σ(i)·tanh(g);
 * h' = σ(o)·tanh(c').
 *
 * <pre>{@code
 * var m = new ConvLstmClassifier(8, 16, 16);  // 8 classes, 16 stem channels, 16 hidden channels
 * Tensor logits = m.call(clips);              // [B, 3, T, H, W] -> [B, 8]
 * }</pre>
 */
public final class ConvLstmClassifier extends Layer {
    private final Sequential stem;
    private final Conv2d gates;
    private final Linear head;
    private final int hidden;

    public ConvLstmClassifier(int numClasses, int stemChannels, int hiddenChannels) {
        hidden = hiddenChannels;
        stem = register("stem", new Sequential(
                new Conv2d(3, stemChannels, 3, ConvOptions.of().padding(1)), new ReLU(), new MaxPool2d(2),
                new Conv2d(stemChannels, stemChannels, 3, ConvOptions.of().padding(1)), new ReLU(), new MaxPool2d(2)));
        gates = register("gates", new Conv2d(stemChannels + hiddenChannels, 4 * hiddenChannels, 3, ConvOptions.of().padding(1)));
        head = register("head", new Linear(hiddenChannels, numClasses));
    }

    @Override
    public Tensor forward(Tensor x) {
        Models.checkClip("convlstm", x);
        int b = x.size(0), t = x.size(2);
        Tensor frames = stem.call(x.permute(0, 2, 1, 3, 4).reshape(b * t, x.size(1), x.size(3), x.size(4)));
        int hh = frames.size(2), ww = frames.size(3);
        Tensor seq = frames.reshape(b, t, frames.size(1), hh, ww);
        Tensor h = Tensor.zeros(b, hidden, hh, ww), c = Tensor.zeros(b, hidden, hh, ww);
        for (int s = 0; s < t; s++) {
            var g = gates.call(Tensor.cat(1, seq.select(1, s), h)).chunk(4, 1);
            c = g.get(1).sigmoid().mul(c).add(g.get(0).sigmoid().mul(g.get(2).tanh()));
            h = g.get(3).sigmoid().mul(c.tanh());
        }
        return head.call(h.mean(new int[] {2, 3}, false));
    }
}
