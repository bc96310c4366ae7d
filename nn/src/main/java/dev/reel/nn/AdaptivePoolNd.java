package dev.reel.nn;

import dev.reel.engine.Tensor;
import dev.reel.engine.ops.PoolOps;
import java.util.Arrays;

/**
 * Adaptive average or max pooling to a fixed output size ({@link AdaptiveAvgPool1d} ...
 * {@link AdaptiveMaxPool3d}), as PyTorch's: an output size of -1 (PyTorch's None) keeps that
 * input dimension.
 */
public abstract class AdaptivePoolNd extends Layer {
    protected final int nd;
    protected final int[] outputSize;
    private final boolean max;

    protected AdaptivePoolNd(int nd, boolean max, int... outputSize) {
        this.nd = nd;
        this.max = max;
        this.outputSize = ConvOptions.expand(outputSize, nd, typeName(), "output_size");
    }

    private int[] resolved(Tensor input) {
        int[] out = outputSize.clone();
        for (int i = 0; i < nd; i++) {
            if (out[i] == -1) {
                if (input.dim() < nd) throw new IllegalArgumentException(typeName() + ": input " + Arrays.toString(input.shape())
                        + " has fewer than " + nd + " dimensions");
                out[i] = input.size(input.dim() - nd + i);
            }
        }
        return out;
    }

    /** Values and argmax positions (max pooling only). */
    public PoolOps.Pooled forwardWithIndices(Tensor input) {
        if (!max) throw new IllegalStateException(typeName() + ": average pooling has no indices");
        return PoolOps.adaptiveMaxPool(input, nd, resolved(input));
    }

    @Override
    public Tensor forward(Tensor input) {
        return max ? PoolOps.adaptiveMaxPool(input, nd, resolved(input)).values() : PoolOps.adaptiveAvgPool(input, nd, resolved(input));
    }

    @Override
    protected String extraRepr() { return "output_size=" + MaxPoolNd.one(outputSize); }
}
