package dev.reel.nn;

import java.util.Arrays;

/**
 * The optional arguments of the convolution layers, with PyTorch's defaults: stride 1, padding 0
 * (or "same"/"valid"), dilation 1, groups 1, bias on, padding mode "zeros", output padding 0
 * (transposed convolutions only). A single value applies to every spatial dimension.
 *
 * <pre>{@code
 * new Conv2d(3, 64, new int[] {7, 7}, ConvOptions.of().stride(2).padding(3).bias(false));
 * }</pre>
 */
public final class ConvOptions {
    int[] stride = {1};
    int[] padding = {0};
    String paddingName;
    int[] dilation = {1};
    int groups = 1;
    boolean bias = true;
    String paddingMode = "zeros";
    int[] outputPadding = {0};

    public static ConvOptions of() { return new ConvOptions(); }

    public ConvOptions stride(int... v) { stride = v.clone(); return this; }

    public ConvOptions padding(int... v) { padding = v.clone(); paddingName = null; return this; }

    /** "same" (stride 1 only) or "valid". */
    public ConvOptions padding(String name) {
        if (!name.equals("same") && !name.equals("valid")) {
            throw new IllegalArgumentException("conv: invalid padding string '" + name + "', should be one of {'valid', 'same'}");
        }
        paddingName = name;
        return this;
    }

    public ConvOptions dilation(int... v) { dilation = v.clone(); return this; }

    public ConvOptions groups(int v) { groups = v; return this; }

    public ConvOptions bias(boolean v) { bias = v; return this; }

    /** "zeros", "reflect", "replicate" or "circular". */
    public ConvOptions paddingMode(String v) {
        if (!Arrays.asList("zeros", "reflect", "replicate", "circular").contains(v)) {
            throw new IllegalArgumentException("conv: padding_mode must be one of 'zeros', 'reflect', 'replicate' or 'circular', got '"
                    + v + "'");
        }
        paddingMode = v;
        return this;
    }

    public ConvOptions outputPadding(int... v) { outputPadding = v.clone(); return this; }

    /** A value given once, or once per dimension, as nd values. */
    static int[] expand(int[] v, int nd, String layer, String what) {
        if (v.length == nd) return v.clone();
        if (v.length == 1) {
            int[] out = new int[nd];
            Arrays.fill(out, v[0]);
            return out;
        }
        throw new IllegalArgumentException(layer + ": " + what + " must have 1 or " + nd + " values, got " + Arrays.toString(v));
    }
}
