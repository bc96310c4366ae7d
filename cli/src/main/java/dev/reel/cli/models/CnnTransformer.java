package dev.reel.cli.models;

import dev.reel.engine.Tensor;
import dev.reel.nn.Conv2d;
import dev.reel.nn.ConvOptions;
import dev.reel.nn.LayerNorm;
import dev.reel.nn.Layer;
import dev.reel.nn.Linear;
import dev.reel.nn.MaxPool2d;
import dev.reel.nn.ReLU;
import dev.reel.nn.Sequential;
import dev.reel.nn.SinusoidalPositionalEncoding;
import dev.reel.nn.TransformerEncoder;
import dev.reel.nn.TransformerEncoderLayer;

/**
 * A per-frame CNN whose frame features become the tokens of a Transformer encoder: each frame's
 * feature map is flattened and projected to {@code dModel}, the sinusoidal position code of its
 * time step is added, two pre-norm encoder layers (4 heads) mix the frames, and the tokens are
 * averaged over time and classified.
 *
 * <p>Self-attention followed by a mean is blind to the order of its tokens; the position code is
 * what lets the model tell a shape moving left from the same frames played backwards (moving
 * right). The CNN sees the raw frames only, so the direction of motion must come from comparing
 * tokens at known positions.
 *
 * <pre>{@code
 * var m = new CnnTransformer(8, 32, 32, 16, 64);   // 8 classes, 32x32 frames, 16 base channels, d_model 64
 * Tensor logits = m.call(clips);                   // clips [B, 3, T, 32, 32], T <= 256 -> [B, 8]
 * }</pre>
 */
public final class CnnTransformer extends Layer {
    /** The longest clip the position table covers. */
    public static final int MAX_FRAMES = 256;
    private static final int LAYERS = 2, HEADS = 4;

    private final Sequential cnn;
    private final Linear proj;
    private final SinusoidalPositionalEncoding position;
    private final TransformerEncoder encoder;
    private final Linear head;

    /**
     * Frames of {@code height x width} (multiples of 8); {@code width0} channels in the first conv;
     * {@code dModel} (a multiple of 4, one slice per head) the token width.
     */
    public CnnTransformer(int numClasses, int height, int width, int width0, int dModel) {
        Models.checkDivisible("cnn-transformer", height, width, 8);
        if (dModel < HEADS || dModel % HEADS != 0) {
            throw new IllegalArgumentException("cnn-transformer: d_model must be a positive multiple of " + HEADS + ", got " + dModel);
        }
        int c1 = width0, c2 = 2 * width0, c3 = 2 * width0;
        cnn = register("cnn", new Sequential(
                new Conv2d(3, c1, 3, ConvOptions.of().padding(1)), new ReLU(), new MaxPool2d(2),
                new Conv2d(c1, c2, 3, ConvOptions.of().padding(1)), new ReLU(), new MaxPool2d(2),
                new Conv2d(c2, c3, 3, ConvOptions.of().padding(1)), new ReLU(), new MaxPool2d(2)));
        proj = register("proj", new Linear(c3 * (height / 8) * (width / 8), dModel));
        position = register("position", new SinusoidalPositionalEncoding(dModel, MAX_FRAMES, true));
        // Pre-norm layers (normFirst) train stably without a warm-up; the final LayerNorm closes the residual stream.
        encoder = register("encoder", new TransformerEncoder(
                () -> new TransformerEncoderLayer(dModel, HEADS, 2 * dModel, 0.1, "gelu", 1e-5, true, true),
                LAYERS, new LayerNorm(dModel)));
        head = register("head", new Linear(dModel, numClasses));
    }

    /** x: [B, 3, T, H, W] -> logits [B, classes]. */
    @Override
    public Tensor forward(Tensor x) {
        Models.checkClip("cnn-transformer", x);
        int b = x.size(0), t = x.size(2);
        if (t > MAX_FRAMES) throw new IllegalArgumentException("cnn-transformer: clips of at most " + MAX_FRAMES + " frames, got " + t);
        Tensor frames = x.permute(0, 2, 1, 3, 4).reshape(b * t, x.size(1), x.size(3), x.size(4));
        Tensor tokens = proj.call(cnn.call(frames).flatten(1, -1)).reshape(b, t, -1);   // [B, T, d_model]
        Tensor encoded = encoder.call(position.call(tokens));
        return head.call(encoded.mean(new int[] {1}, false));
    }
}
