package dev.reel.cli.models;

import dev.reel.engine.Tensor;
import dev.reel.nn.AdaptiveAvgPool3d;
import dev.reel.nn.Conv3d;
import dev.reel.nn.ConvOptions;
import dev.reel.nn.Layer;
import dev.reel.nn.Linear;
import dev.reel.nn.MaxPool3d;
import dev.reel.nn.ReLU;
import dev.reel.nn.Sequential;

/**
 * A small C3D: three 3x3x3 convolutions over (time, height, width) with pooling, a global
 * average pool and a linear head. Motion is seen directly by the 3-D kernels.
 *
 * <pre>{@code
 * var m = new C3dSmall(8, 16);             // 8 classes, 16 base channels
 * Tensor logits = m.call(clips);           // [B, 3, T, H, W] -> [B, 8]
 * }</pre>
 */
public final class C3dSmall extends Layer {
    private final Sequential features;
    private final Linear head;

    public C3dSmall(int numClasses, int width0) {
        int c1 = width0, c2 = 2 * width0, c3 = 4 * width0;
        features = register("features", new Sequential(
                new Conv3d(3, c1, 3, ConvOptions.of().padding(1)), new ReLU(),
                new MaxPool3d(new int[] {1, 2, 2}, new int[] {1, 2, 2}, new int[] {0, 0, 0}, new int[] {1, 1, 1}, false),
                new Conv3d(c1, c2, 3, ConvOptions.of().padding(1)), new ReLU(), new MaxPool3d(2),
                new Conv3d(c2, c3, 3, ConvOptions.of().padding(1)), new ReLU(),
                new AdaptiveAvgPool3d(1, 1, 1)));
        head = register("head", new Linear(c3, numClasses));
    }

    @Override
    public Tensor forward(Tensor x) {
        Models.checkClip("c3d-small", x);
        return head.call(features.call(x).flatten(1, -1));
    }
}
