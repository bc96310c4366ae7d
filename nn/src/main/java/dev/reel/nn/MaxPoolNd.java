package dev.reel.nn;

import dev.reel.engine.Tensor;
import dev.reel.engine.ops.PoolOps;

/**
 * Max pooling over 1, 2 or 3 spatial dimensions ({@link MaxPool1d}, {@link MaxPool2d},
 * {@link MaxPool3d}), as PyTorch's: stride defaults to the kernel size; padding, dilation and
 * ceilMode as {@code torch.nn.MaxPool2d}. {@link #forwardWithIndices} also returns the argmax
 * positions (PyTorch's {@code return_indices=True}).
 */
public abstract class MaxPoolNd extends Layer {
    protected final int nd;
    protected final int[] kernelSize;
    protected final int[] stride;
    protected final int[] padding;
    protected final int[] dilation;
    protected final boolean ceilMode;

    protected MaxPoolNd(int nd, int[] kernelSize, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        this.nd = nd;
        this.kernelSize = ConvOptions.expand(kernelSize, nd, typeName(), "kernel_size");
        this.stride = stride == null ? this.kernelSize.clone() : ConvOptions.expand(stride, nd, typeName(), "stride");
        this.padding = ConvOptions.expand(padding, nd, typeName(), "padding");
        this.dilation = ConvOptions.expand(dilation, nd, typeName(), "dilation");
        this.ceilMode = ceilMode;
    }

    public PoolOps.Pooled forwardWithIndices(Tensor input) {
        return PoolOps.maxPool(input, nd, kernelSize, stride, padding, dilation, ceilMode);
    }

    @Override
    public Tensor forward(Tensor input) { return forwardWithIndices(input).values(); }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + one(kernelSize) + ", stride=" + one(stride) + ", padding=" + one(padding) + ", dilation=" + one(dilation)
                + ", ceil_mode=" + py(ceilMode);
    }

    /** PyTorch prints a pool's arguments as given: a single number when all are equal. */
    static String one(int[] v) {
        for (int x : v) if (x != v[0]) return py(v);
        return Integer.toString(v[0]);
    }
}
