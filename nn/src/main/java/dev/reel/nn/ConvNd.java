package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;
import dev.reel.engine.ops.ConvOps;

/**
 * The convolution layers {@link Conv1d}, {@link Conv2d}, {@link Conv3d}: weight
 * (out, in/groups, *kernel), bias (out); PyTorch's initialisation (kaiming-uniform with a = √5,
 * bias U(-1/√fan_in, 1/√fan_in)) and options ({@link ConvOptions}). Padding modes other than
 * "zeros" pad the input with {@code F.pad} and convolve without padding, as PyTorch does.
 */
public abstract class ConvNd extends Layer {
    protected final int nd;
    protected final int inChannels;
    protected final int outChannels;
    protected final int[] kernelSize;
    protected final int[] stride;
    protected final int[] padding;
    protected final String paddingName;
    protected final int[] dilation;
    protected final int groups;
    protected final String paddingMode;

    protected ConvNd(int nd, int inChannels, int outChannels, int[] kernelSize, ConvOptions o) {
        String name = typeName();
        this.nd = nd;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = ConvOptions.expand(kernelSize, nd, name, "kernel_size");
        this.stride = ConvOptions.expand(o.stride, nd, name, "stride");
        this.padding = ConvOptions.expand(o.padding, nd, name, "padding");
        this.paddingName = o.paddingName;
        this.dilation = ConvOptions.expand(o.dilation, nd, name, "dilation");
        this.groups = o.groups;
        this.paddingMode = o.paddingMode;
        if (groups <= 0) throw new IllegalArgumentException(name + ": groups must be a positive integer, got " + groups);
        if (inChannels % groups != 0) throw new IllegalArgumentException(name + ": in_channels must be divisible by groups");
        if (outChannels % groups != 0) throw new IllegalArgumentException(name + ": out_channels must be divisible by groups");
        if ("same".equals(paddingName)) {
            for (int s : stride) if (s != 1) throw new IllegalArgumentException(name + ": padding='same' is not supported for strided convolutions");
        }
        int[] wShape = new int[nd + 2];
        wShape[0] = outChannels;
        wShape[1] = inChannels / groups;
        System.arraycopy(this.kernelSize, 0, wShape, 2, nd);
        Tensor w = registerParameter("weight", Tensor.empty(wShape));
        Init.kaimingUniform(w, Math.sqrt(5), Init.FanMode.FAN_IN, "leaky_relu");
        if (o.bias) {
            int fanIn = Init.fanInAndFanOut(w)[0];
            double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
            Init.uniform(registerParameter("bias", Tensor.empty(outChannels)), -bound, bound);
        }
    }

    public Tensor weight() { return param("weight"); }

    public Tensor bias() { return paramOrNull("bias"); }

    @Override
    public Tensor forward(Tensor input) {
        if (paddingMode.equals("zeros")) {
            return ConvOps.convolution(input, weight(), bias(), nd, stride, padding, paddingName, dilation, groups);
        }
        // as PyTorch: pad the input explicitly in the given mode, then convolve without padding
        return ConvOps.convolution(F.pad(input, padAmounts(), paddingMode, 0), weight(), bias(), nd, stride, new int[nd], null,
                dilation, groups);
    }

    /** F.pad amounts, last dimension first, (left, right) per dimension; "same" puts the odd extra on the right. */
    private int[] padAmounts() {
        int[] out = new int[2 * nd];
        for (int d = 0; d < nd; d++) {
            int left, right;
            if ("same".equals(paddingName)) {
                int total = dilation[d] * (kernelSize[d] - 1);
                left = total / 2;
                right = total - left;
            } else if ("valid".equals(paddingName)) {
                left = right = 0;
            } else {
                left = right = padding[d];
            }
            out[2 * (nd - 1 - d)] = left;
            out[2 * (nd - 1 - d) + 1] = right;
        }
        return out;
    }

    @Override
    protected String extraRepr() {
        StringBuilder sb = new StringBuilder().append(inChannels).append(", ").append(outChannels)
                .append(", kernel_size=").append(py(kernelSize)).append(", stride=").append(py(stride));
        if (paddingName != null) sb.append(", padding=").append(paddingName);
        else if (anyNonZero(padding)) sb.append(", padding=").append(py(padding));
        if (anyNot(dilation, 1)) sb.append(", dilation=").append(py(dilation));
        if (groups != 1) sb.append(", groups=").append(groups);
        if (bias() == null) sb.append(", bias=False");
        if (!paddingMode.equals("zeros")) sb.append(", padding_mode=").append(paddingMode);
        return sb.toString();
    }

    static boolean anyNonZero(int[] v) { return anyNot(v, 0); }

    static boolean anyNot(int[] v, int x) {
        for (int i : v) if (i != x) return true;
        return false;
    }
}
