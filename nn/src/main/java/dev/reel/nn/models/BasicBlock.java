package dev.reel.nn.models;

import dev.reel.engine.Tensor;
import dev.reel.nn.BatchNorm2d;
import dev.reel.nn.Conv2d;
import dev.reel.nn.ConvOptions;
import dev.reel.nn.Layer;
import dev.reel.nn.ReLU;
import dev.reel.nn.Sequential;

/**
 * torchvision's ResNet {@code BasicBlock}: two 3×3 convolutions with batch norm, and a residual
 * connection (through {@code downsample}, a 1×1 convolution and batch norm, when the shape
 * changes): relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)).
 *
 * <pre>{@code
 * var block = new BasicBlock(64, 128, 2);   // halves H and W, has a downsample
 * }</pre>
 */
public class BasicBlock extends Layer {
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final ReLU relu;
    private final Conv2d conv2;
    private final BatchNorm2d bn2;
    private final Sequential downsample;

    public BasicBlock(int inplanes, int planes, int stride) {
        conv1 = register("conv1", new Conv2d(inplanes, planes, 3, ConvOptions.of().stride(stride).padding(1).bias(false)));
        bn1 = register("bn1", new BatchNorm2d(planes));
        relu = register("relu", new ReLU());
        conv2 = register("conv2", new Conv2d(planes, planes, 3, ConvOptions.of().padding(1).bias(false)));
        bn2 = register("bn2", new BatchNorm2d(planes));
        downsample = stride != 1 || inplanes != planes
                ? register("downsample", new Sequential(new Conv2d(inplanes, planes, 1, ConvOptions.of().stride(stride).bias(false)),
                        new BatchNorm2d(planes)))
                : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor out = relu.call(bn1.call(conv1.call(x)));
        out = bn2.call(conv2.call(out));
        return relu.call(out.add(downsample == null ? x : downsample.call(x)));
    }
}
