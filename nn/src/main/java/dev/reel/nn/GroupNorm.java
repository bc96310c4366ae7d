package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * Group normalization of (N, C, *) over groups of channels, as {@code torch.nn.GroupNorm}:
 * weight (ones) and bias (zeros) of shape (C) when affine.
 *
 * <pre>{@code
 * var gn = new GroupNorm(8, 64);
 * }</pre>
 */
public class GroupNorm extends Layer {
    private final int numGroups;
    private final int numChannels;
    private final double eps;
    private final boolean affine;

    public GroupNorm(int numGroups, int numChannels) { this(numGroups, numChannels, 1e-5, true); }

    public GroupNorm(int numGroups, int numChannels, double eps, boolean affine) {
        if (numGroups <= 0 || numChannels % numGroups != 0) {
            throw new IllegalArgumentException("GroupNorm: num_channels (" + numChannels + ") must be divisible by num_groups (" + numGroups + ")");
        }
        this.numGroups = numGroups;
        this.numChannels = numChannels;
        this.eps = eps;
        this.affine = affine;
        if (affine) {
            registerParameter("weight", Tensor.ones(numChannels));
            registerParameter("bias", Tensor.zeros(numChannels));
        }
    }

    @Override
    public Tensor forward(Tensor input) { return F.groupNorm(input, numGroups, paramOrNull("weight"), paramOrNull("bias"), eps); }

    @Override
    protected String extraRepr() { return numGroups + ", " + numChannels + ", eps=" + eps + ", affine=" + py(affine); }
}
