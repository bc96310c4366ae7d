package dev.reel.cli.models;

import dev.reel.engine.Tensor;
import dev.reel.nn.Layer;
import dev.reel.nn.models.VideoResNet;

import java.util.Arrays;
import java.util.List;

/**
 * The reference video models by name, as {@code reel train --model NAME} knows them. Every model
 * takes clips [B, 3, T, H, W] (float, channels first) and returns logits [B, classes]:
 * cnn-lstm ({@link CnnLstm}), convlstm ({@link ConvLstmClassifier}), c3d-small ({@link C3dSmall}),
 * cnn-transformer ({@link CnnTransformer}), and torchvision's r3d-18 and r2plus1d-18
 * ({@link VideoResNet}, 33 and 31 million parameters, made for GPUs).
 *
 * <pre>{@code
 * Layer m = Models.create("cnn-lstm", 8, 32, 32);
 * }</pre>
 */
public final class Models {
    /** The names {@link #create} accepts. */
    public static final List<String> NAMES = List.of("cnn-lstm", "convlstm", "c3d-small", "cnn-transformer", "r3d-18", "r2plus1d-18");

    private Models() {}

    /** A fresh model (initialised from the default generator) for clips of {@code height x width}. */
    public static Layer create(String name, int numClasses, int height, int width) {
        return switch (name) {
            case "cnn-lstm" -> new CnnLstm(numClasses, height, width, 16, 64);
            case "convlstm" -> new ConvLstmClassifier(numClasses, 16, 16);
            case "c3d-small" -> new C3dSmall(numClasses, 16);
            case "cnn-transformer" -> new CnnTransformer(numClasses, height, width, 16, 64);
            case "r3d-18" -> {
                checkDivisible(name, height, width, 16);
                yield VideoResNet.r3d18(numClasses);
            }
            case "r2plus1d-18" -> {
                checkDivisible(name, height, width, 16);
                yield VideoResNet.r2plus1d18(numClasses);
            }
            default -> throw new IllegalArgumentException("unknown model '" + name + "'; choose one of " + String.join(", ", NAMES));
        };
    }

    /**
     * The number the frame height and width of {@code name} must be a multiple of: 16 for the
     * ResNets (their stem and three strided stages halve the frame four times), 8 for the others.
     */
    public static int sizeMultiple(String name) {
        return name.startsWith("r3d") || name.startsWith("r2plus1d") ? 16 : 8;
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
