package dev.reel.cli.models;

import dev.reel.engine.Tensor;
import dev.reel.nn.Conv2d;
import dev.reel.nn.ConvOptions;
import dev.reel.nn.LSTM;
import dev.reel.nn.Layer;
import dev.reel.nn.Linear;
import dev.reel.nn.MaxPool2d;
import dev.reel.nn.ReLU;
import dev.reel.nn.Sequential;

/**
 * The classic video classifier: a small CNN applied to every frame, an LSTM over the frame
 * features, and a linear head on the last hidden state. The CNN's feature map is flattened, not
 * pooled globally, so the features keep where things are and the LSTM can see motion.
 *
 * <p>Each frame enters the CNN together with its difference from the previous frame (6 channels,
 * the "two-stream" idea in its cheapest form): a single frame cannot tell which way a shape
 * moves, and the difference image shows it directly, which makes the model learn direction in a
 * few epochs instead of many.
 *
 * <pre>{@code
 * var m = new CnnLstm(8, 32, 32, 16, 64);     // 8 classes, 32x32 frames, 16 base channels, hidden 64
 * Tensor logits = m.call(clips);              // clips [B, 3, T, 32, 32] -> [B, 8]
 * }</pre>
 */
public final class CnnLstm extends Layer {
    private final Sequential cnn;
    private final Linear proj;
    private final LSTM lstm;
    private final Linear head;

    /** Frames of {@code height x width} (multiples of 8); {@code width0} channels in the first conv, doubling twice. */
    public CnnLstm(int numClasses, int height, int width, int width0, int hidden) {
        Models.checkDivisible("cnn-lstm", height, width, 8);
        int c1 = width0, c2 = 2 * width0, c3 = 2 * width0;
        cnn = register("cnn", new Sequential(
                new Conv2d(6, c1, 3, ConvOptions.of().padding(1)), new ReLU(), new MaxPool2d(2),
                new Conv2d(c1, c2, 3, ConvOptions.of().padding(1)), new ReLU(), new MaxPool2d(2),
                new Conv2d(c2, c3, 3, ConvOptions.of().padding(1)), new ReLU(), new MaxPool2d(2)));
        proj = register("proj", new Linear(c3 * (height / 8) * (width / 8), hidden));
        lstm = register("lstm", new LSTM(hidden, hidden, 1, true, true, 0, false));
        head = register("head", new Linear(hidden, numClasses));
    }

    /** x: [B, 3, T, H, W] -> logits [B, classes]. */
    @Override
    public Tensor forward(Tensor x) {
        Models.checkClip("cnn-lstm", x);
        int b = x.size(0), t = x.size(2);
        // the difference to the previous frame (zero for the first), stacked on the channels
        Tensor prev = Tensor.cat(2, x.narrow(2, 0, 1), x.narrow(2, 0, t - 1));
        Tensor withMotion = Tensor.cat(1, x, x.sub(prev));
        Tensor frames = withMotion.permute(0, 2, 1, 3, 4).reshape(b * t, 2 * x.size(1), x.size(3), x.size(4));
        Tensor f = proj.call(cnn.call(frames).flatten(1, -1)).relu().reshape(b, t, -1);
        Tensor out = lstm.forward(f).output();          // [B, T, hidden]
        return head.call(out.select(1, t - 1));
    }
}
