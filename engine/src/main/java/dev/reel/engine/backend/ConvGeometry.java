package dev.reel.engine.backend;

import java.util.Arrays;

/**
 * The geometry of a 3-D convolution, the one form kernels see: 1-D and 2-D convolutions are passed
 * as 3-D ones whose leading spatial sizes are 1 (views, no copy).
 *
 * <p>Input x is (N, C_in, D, H, W); weight w is (C_out, C_in / groups, kD, kH, kW); output y is
 * (N, C_out, oD, oH, oW) with {@code o = (in + 2*pad - dil*(k-1) - 1) / stride + 1} per axis.
 */
public record ConvGeometry(int[] stride, int[] padding, int[] dilation, int groups) {
    public ConvGeometry {
        if (stride.length != 3 || padding.length != 3 || dilation.length != 3)
            throw new IllegalArgumentException("ConvGeometry: stride, padding and dilation need 3 entries");
    }

    /** Output size along one axis. */
    public int outSize(int axis, int in, int k) {
        return (in + 2 * padding[axis] - dilation[axis] * (k - 1) - 1) / stride[axis] + 1;
    }

    @Override
    public String toString() {
        return "stride=" + Arrays.toString(stride) + " padding=" + Arrays.toString(padding)
                + " dilation=" + Arrays.toString(dilation) + " groups=" + groups;
    }
}
