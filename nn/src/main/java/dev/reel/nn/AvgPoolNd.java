package dev.reel.nn;

import dev.reel.engine.Tensor;
import dev.reel.engine.ops.PoolOps;

/**
 * Average pooling over 1, 2 or 3 spatial dimensions ({@link AvgPool1d}, {@link AvgPool2d},
 * {@link AvgPool3d}), as PyTorch's: stride defaults to the kernel size; ceilMode,
 * countIncludePad (default true) and divisorOverride (0: none).
 */
public abstract class AvgPoolNd extends Layer {
    protected final int nd;
    protected final int[] kernelSize;
    protected final int[] stride;
    protected final int[] padding;
    protected final boolean ceilMode;
    protected final boolean countIncludePad;
    protected final int divisorOverride;

    protected AvgPoolNd(int nd, int[] kernelSize, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad,
                        int divisorOverride) {
        this.nd = nd;
        this.kernelSize = ConvOptions.expand(kernelSize, nd, typeName(), "kernel_size");
        this.stride = stride == null ? this.kernelSize.clone() : ConvOptions.expand(stride, nd, typeName(), "stride");
        this.padding = ConvOptions.expand(padding, nd, typeName(), "padding");
        this.ceilMode = ceilMode;
        this.countIncludePad = countIncludePad;
        this.divisorOverride = divisorOverride;
    }

    @Override
    public Tensor forward(Tensor input) {
        return PoolOps.avgPool(input, nd, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + MaxPoolNd.one(kernelSize) + ", stride=" + MaxPoolNd.one(stride) + ", padding=" + MaxPoolNd.one(padding);
    }
}
