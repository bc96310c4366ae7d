package dev.reel.nn.models;

import dev.reel.engine.Tensor;
import dev.reel.nn.AdaptiveAvgPool2d;
import dev.reel.nn.BatchNorm2d;
import dev.reel.nn.Conv2d;
import dev.reel.nn.ConvOptions;
import dev.reel.nn.Init;
import dev.reel.nn.Layer;
import dev.reel.nn.Linear;
import dev.reel.nn.MaxPool2d;
import dev.reel.nn.ReLU;
import dev.reel.nn.Sequential;

/**
 * torchvision's ResNet with basic blocks ({@code resnet18}, {@code resnet34}): the same modules,
 * names (conv1, bn1, layer1.0.conv1, layer2.0.downsample.0, fc, ...) and initialisation (kaiming
 * normal, fan out, for convolutions), so a torchvision checkpoint converted to safetensors loads
 * strictly and gives the same logits. Input (N, 3, H, W), H and W at least 32.
 *
 * <pre>{@code
 * ResNet net = ResNet.resnet18(1000);
 * SafeTensors.loadInto(net, Path.of("resnet18.safetensors"), true);
 * net.eval();
 * Tensor logits = net.call(images);
 * }</pre>
 */
public class ResNet extends Layer {
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final ReLU relu;
    private final MaxPool2d maxpool;
    private final Sequential[] layers = new Sequential[4];
    private final AdaptiveAvgPool2d avgpool;
    private final Linear fc;

    /** blocks: the number of basic blocks in each of the four stages. */
    public ResNet(int[] blocks, int numClasses) {
        conv1 = register("conv1", new Conv2d(3, 64, 7, ConvOptions.of().stride(2).padding(3).bias(false)));
        bn1 = register("bn1", new BatchNorm2d(64));
        relu = register("relu", new ReLU());
        maxpool = register("maxpool", new MaxPool2d(3, 2, 1));
        int inplanes = 64;
        int[] planes = {64, 128, 256, 512};
        for (int s = 0; s < 4; s++) {
            Sequential stage = new Sequential();
            for (int b = 0; b < blocks[s]; b++) {
                stage.add(new BasicBlock(inplanes, planes[s], b == 0 && s > 0 ? 2 : 1));
                inplanes = planes[s];
            }
            layers[s] = register("layer" + (s + 1), stage);
        }
        avgpool = register("avgpool", new AdaptiveAvgPool2d(1, 1));
        fc = register("fc", new Linear(512, numClasses));
        apply(m -> {
            if (m instanceof Conv2d c) Init.kaimingNormal(c.weight(), 0, Init.FanMode.FAN_OUT, "relu");
        });
    }

    public static ResNet resnet18(int numClasses) { return new ResNet(new int[] {2, 2, 2, 2}, numClasses); }

    public static ResNet resnet34(int numClasses) { return new ResNet(new int[] {3, 4, 6, 3}, numClasses); }

    @Override
    public Tensor forward(Tensor x) {
        x = maxpool.call(relu.call(bn1.call(conv1.call(x))));
        for (Sequential stage : layers) x = stage.call(x);
        return fc.call(avgpool.call(x).flatten(1, -1));
    }
}
