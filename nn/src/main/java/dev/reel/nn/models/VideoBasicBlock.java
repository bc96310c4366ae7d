package dev.reel.nn.models;

import dev.reel.engine.Tensor;
import dev.reel.nn.BatchNorm3d;
import dev.reel.nn.Conv3d;
import dev.reel.nn.ConvOptions;
import dev.reel.nn.Layer;
import dev.reel.nn.ReLU;
import dev.reel.nn.Sequential;

/**
 * The {@code BasicBlock} of torchvision's video ResNets: conv1 = (conv, BatchNorm3d, ReLU),
 * conv2 = (conv, BatchNorm3d), then relu(conv2(conv1(x)) + shortcut(x)); the convolutions come
 * from a {@link VideoBlocks.ConvBuilder}. midplanes = in·out·27 / (in·9 + 3·out), as torchvision
 * computes it for (2+1)D factorisations.
 *
 * <pre>{@code
 * var block = new VideoBasicBlock(64, 128, VideoBlocks.CONV_3D_SIMPLE, 2);
 * }</pre>
 */
public class VideoBasicBlock extends Layer {
    private final Sequential conv1;
    private final Sequential conv2;
    private final ReLU relu;
    private final Sequential downsample;

    public VideoBasicBlock(int inplanes, int planes, VideoBlocks.ConvBuilder builder, int stride) {
        int midplanes = (inplanes * planes * 3 * 3 * 3) / (inplanes * 3 * 3 + 3 * planes);
        conv1 = register("conv1", new Sequential(builder.build(inplanes, planes, midplanes, stride), new BatchNorm3d(planes), new ReLU()));
        conv2 = register("conv2", new Sequential(builder.build(planes, planes, midplanes, 1), new BatchNorm3d(planes)));
        relu = register("relu", new ReLU());
        downsample = stride != 1 || inplanes != planes
                ? register("downsample", new Sequential(
                        new Conv3d(inplanes, planes, 1, ConvOptions.of().stride(builder.downsampleStride(stride)).bias(false)),
                        new BatchNorm3d(planes)))
                : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor out = conv2.call(conv1.call(x));
        return relu.call(out.add(downsample == null ? x : downsample.call(x)));
    }
}
