package dev.reel.cli.models;

import dev.reel.engine.Tensor;
import dev.reel.nn.Layer;

import java.util.Arrays;
import java.util.List;

/**
 * The reference video models by name, as {@code reel train --model NAME} knows them. Every model
 * takes clips [B, 3, T, H, W] (float, channels first) and returns logits [B, classes].
 *
 * <pre>{@code
 * Layer m = Models.create("cnn-lstm", 8, 32, 32);
 * }</pre>
 */
public final class Models {
    /** The names {@link #create} accepts. */
    public static final List<String> NAMES = List.of("cnn-lstm", "convlstm", "c3d-small");

    private Models() {}

    /** A fresh model (initialised from the default generator) for clips of {@code height x width}. */
    public static Layer create(String name, int numClasses, int height, int width) {
        return switch (name) {
            case "cnn-lstm" -> new CnnLstm(numClasses, height, width, 16, 64);
            case "convlstm" -> new ConvLstmClassifier(numClasses, 16, 16);
            case "c3d-small" -> new C3dSmall(numClasses, 16);
            default -> throw new IllegalArgumentException("unknown model '" + name + "'; choose one of " + String.join(", ", NAMES));
        };
    }

    static void checkClip(String model, Tensor x) {
        if (x.dim() != 5 || x.size(1) != 3) {
            throw new IllegalArgumentException(model + ": expected clips [B, 3, T, H, W], got " + Arrays.toString(x.shape()));
        }
    }

    static void checkDivisible(String model, int height, int width, int by) {
        if (height % by != 0 || width % by != 0 || height < by || width < by) {
            throw new IllegalArgumentException(model + ": frame size " + width + "x" + height + " must be a multiple of " + by);
        }
    }
}
