package dev.reel.nn;

import dev.reel.engine.Tensor;
import java.util.Arrays;

/**
 * Applies a layer to every time step of (B, T, ...) independently, as Keras' {@code TimeDistributed}:
 * the batch and time dimensions are merged into one (B·T, ...), the layer runs once over all
 * frames, and the result is split back into (B, T, ...). The wrapped layer is the child
 * {@code module} (its weights are shared by all frames).
 *
 * <pre>{@code
 * var perFrame = new TimeDistributed(ResNet.resnet18(512));
 * Tensor features = perFrame.call(clips);     // (B, T, 3, H, W) -> (B, T, 512)
 * }</pre>
 */
public class TimeDistributed extends Layer {
    private final Layer module;

    public TimeDistributed(Layer module) { this.module = register("module", module); }

    public Layer module() { return module; }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() < 3) {
            throw new IllegalArgumentException("TimeDistributed: expected input (B, T, ...) with at least 3 dimensions, got "
                    + Arrays.toString(input.shape()));
        }
        int b = input.size(0), t = input.size(1);
        Tensor y = module.call(input.flatten(0, 1));
        if (y.dim() == 0 || y.size(0) != b * t) {
            throw new IllegalArgumentException("TimeDistributed: the wrapped " + module.typeName() + " must keep the leading (B·T = " + b * t
                    + ") dimension, but returned shape " + Arrays.toString(y.shape()));
        }
        return y.unflatten(0, b, t);
    }
}
