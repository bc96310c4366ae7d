package dev.reel.nn.models;

import dev.reel.nn.BatchNorm3d;
import dev.reel.nn.Conv3d;
import dev.reel.nn.ConvOptions;
import dev.reel.nn.Layer;
import dev.reel.nn.ReLU;
import dev.reel.nn.Sequential;

/**
 * The convolution builders and stems of torchvision's video ResNets
 * ({@code torchvision.models.video.resnet}): a builder makes the 3×3(×3) convolution of a block
 * and says how the block's shortcut strides.
 */
public final class VideoBlocks {
    private VideoBlocks() {}

    /** Makes a block's convolution and the stride of its downsampling shortcut. */
    public interface ConvBuilder {
        Layer build(int inPlanes, int outPlanes, int midPlanes, int stride);

        int[] downsampleStride(int stride);
    }

    /** {@code Conv3DSimple}: a full 3×3×3 convolution. */
    public static final ConvBuilder CONV_3D_SIMPLE = new ConvBuilder() {
        @Override
        public Layer build(int in, int out, int mid, int stride) {
            return new Conv3d(in, out, 3, ConvOptions.of().stride(stride).padding(1).bias(false));
        }

        @Override
        public int[] downsampleStride(int stride) { return new int[] {stride, stride, stride}; }
    };

    /** {@code Conv3DNoTemporal}: a 1×3×3 convolution that never strides in time (MC3's later stages). */
    public static final ConvBuilder CONV_3D_NO_TEMPORAL = new ConvBuilder() {
        @Override
        public Layer build(int in, int out, int mid, int stride) {
            return new Conv3d(in, out, new int[] {1, 3, 3}, ConvOptions.of().stride(1, stride, stride).padding(0, 1, 1).bias(false));
        }

        @Override
        public int[] downsampleStride(int stride) { return new int[] {1, stride, stride}; }
    };

    /** {@code Conv2Plus1D}: a 1×3×3 spatial convolution to midPlanes, batch norm, ReLU, then a 3×1×1 temporal one. */
    public static final ConvBuilder CONV_2_PLUS_1D = new ConvBuilder() {
        @Override
        public Layer build(int in, int out, int mid, int stride) {
            return new Sequential(
                    new Conv3d(in, mid, new int[] {1, 3, 3}, ConvOptions.of().stride(1, stride, stride).padding(0, 1, 1).bias(false)),
                    new BatchNorm3d(mid), new ReLU(),
                    new Conv3d(mid, out, new int[] {3, 1, 1}, ConvOptions.of().stride(stride, 1, 1).padding(1, 0, 0).bias(false)));
        }

        @Override
        public int[] downsampleStride(int stride) { return new int[] {stride, stride, stride}; }
    };

    /** {@code BasicStem}: a 3×7×7 convolution (stride 1, 2, 2), batch norm, ReLU. */
    public static Sequential basicStem() {
        return new Sequential(new Conv3d(3, 64, new int[] {3, 7, 7}, ConvOptions.of().stride(1, 2, 2).padding(1, 3, 3).bias(false)),
                new BatchNorm3d(64), new ReLU());
    }

    /** {@code R2Plus1dStem}: a 1×7×7 spatial convolution to 45 channels and a 3×1×1 temporal one, each with batch norm and ReLU. */
    public static Sequential r2plus1dStem() {
        return new Sequential(
                new Conv3d(3, 45, new int[] {1, 7, 7}, ConvOptions.of().stride(1, 2, 2).padding(0, 3, 3).bias(false)),
                new BatchNorm3d(45), new ReLU(),
                new Conv3d(45, 64, new int[] {3, 1, 1}, ConvOptions.of().stride(1, 1, 1).padding(1, 0, 0).bias(false)),
                new BatchNorm3d(64), new ReLU());
    }
}
