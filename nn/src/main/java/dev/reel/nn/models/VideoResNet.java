package dev.reel.nn.models;

import dev.reel.engine.Tensor;
import dev.reel.nn.AdaptiveAvgPool3d;
import dev.reel.nn.BatchNorm3d;
import dev.reel.nn.Conv3d;
import dev.reel.nn.Init;
import dev.reel.nn.Layer;
import dev.reel.nn.Linear;
import dev.reel.nn.Sequential;

/**
 * torchvision's video ResNets ({@code torchvision.models.video}): R3D-18 (3D convolutions
 * throughout), MC3-18 (3D in the first stage, 2D after) and R(2+1)D-18 (every 3D convolution
 * factorised into spatial and temporal ones), with torchvision's module structure, names (stem.0,
 * layer1.0.conv1.0, layer2.0.downsample.0, fc, ...) and initialisation. Input clips
 * (N, 3, T, H, W); 400 Kinetics classes by default.
 *
 * <pre>{@code
 * VideoResNet net = VideoResNet.r2plus1d18(400);
 * SafeTensors.loadInto(net, Path.of("r2plus1d_18.safetensors"), true);
 * net.eval();
 * Tensor logits = net.call(clip);     // clip (N, 3, 16, 112, 112)
 * }</pre>
 */
public class VideoResNet extends Layer {
    private final Sequential stem;
    private final Sequential[] layers = new Sequential[4];
    private final AdaptiveAvgPool3d avgpool;
    private final Linear fc;

    public VideoResNet(Sequential stem, VideoBlocks.ConvBuilder[] builders, int[] blocks, int numClasses) {
        this.stem = register("stem", stem);
        int inplanes = 64;
        int[] planes = {64, 128, 256, 512};
        for (int s = 0; s < 4; s++) {
            Sequential stage = new Sequential();
            for (int b = 0; b < blocks[s]; b++) {
                stage.add(new VideoBasicBlock(inplanes, planes[s], builders[s], b == 0 && s > 0 ? 2 : 1));
                inplanes = planes[s];
            }
            layers[s] = register("layer" + (s + 1), stage);
        }
        avgpool = register("avgpool", new AdaptiveAvgPool3d(1, 1, 1));
        fc = register("fc", new Linear(512, numClasses));
        apply(m -> {
            if (m instanceof Conv3d c) {
                Init.kaimingNormal(c.weight(), 0, Init.FanMode.FAN_OUT, "relu");
                if (c.bias() != null) Init.zeros(c.bias());
            } else if (m instanceof BatchNorm3d bn) {
                Init.ones(bn.param("weight"));
                Init.zeros(bn.param("bias"));
            } else if (m instanceof Linear l) {
                Init.normal(l.weight(), 0, 0.01);
                Init.zeros(l.bias());
            }
        });
    }

    private static VideoBlocks.ConvBuilder[] all(VideoBlocks.ConvBuilder b) { return new VideoBlocks.ConvBuilder[] {b, b, b, b}; }

    /** R3D-18 ({@code torchvision.models.video.r3d_18}). */
    public static VideoResNet r3d18(int numClasses) {
        return new VideoResNet(VideoBlocks.basicStem(), all(VideoBlocks.CONV_3D_SIMPLE), new int[] {2, 2, 2, 2}, numClasses);
    }

    /** MC3-18 ({@code torchvision.models.video.mc3_18}). */
    public static VideoResNet mc318(int numClasses) {
        var b = new VideoBlocks.ConvBuilder[] {VideoBlocks.CONV_3D_SIMPLE, VideoBlocks.CONV_3D_NO_TEMPORAL,
                VideoBlocks.CONV_3D_NO_TEMPORAL, VideoBlocks.CONV_3D_NO_TEMPORAL};
        return new VideoResNet(VideoBlocks.basicStem(), b, new int[] {2, 2, 2, 2}, numClasses);
    }

    /** R(2+1)D-18 ({@code torchvision.models.video.r2plus1d_18}). */
    public static VideoResNet r2plus1d18(int numClasses) {
        return new VideoResNet(VideoBlocks.r2plus1dStem(), all(VideoBlocks.CONV_2_PLUS_1D), new int[] {2, 2, 2, 2}, numClasses);
    }

    @Override
    public Tensor forward(Tensor x) {
        x = stem.call(x);
        for (Sequential stage : layers) x = stage.call(x);
        return fc.call(avgpool.call(x).flatten(1, -1));
    }
}
