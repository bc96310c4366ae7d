package dev.reel.nn;

import dev.reel.engine.Tensor;
import dev.reel.engine.ops.ConvOps;

/**
 * The transposed convolutions {@link ConvTranspose1d}, {@link ConvTranspose2d},
 * {@link ConvTranspose3d}: weight (in, out/groups, *kernel), bias (out); PyTorch's initialisation
 * and options (stride, padding, output padding, groups, dilation, bias). Only "zeros" padding
 * exists for them, as in PyTorch.
 */
public abstract class ConvTransposeNd extends Layer {
    protected final int nd;
    protected final int inChannels;
    protected final int outChannels;
    protected final int[] kernelSize;
    protected final int[] stride;
    protected final int[] padding;
    protected final int[] outputPadding;
    protected final int[] dilation;
    protected final int groups;

    protected ConvTransposeNd(int nd, int inChannels, int outChannels, int[] kernelSize, ConvOptions o) {
        String name = typeName();
        if (!o.paddingMode.equals("zeros")) throw new IllegalArgumentException(name + ": only \"zeros\" padding mode is supported");
        if (o.paddingName != null) throw new IllegalArgumentException(name + ": padding must be numbers, not '" + o.paddingName + "'");
        this.nd = nd;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = ConvOptions.expand(kernelSize, nd, name, "kernel_size");
        this.stride = ConvOptions.expand(o.stride, nd, name, "stride");
        this.padding = ConvOptions.expand(o.padding, nd, name, "padding");
        this.outputPadding = ConvOptions.expand(o.outputPadding, nd, name, "output_padding");
        this.dilation = ConvOptions.expand(o.dilation, nd, name, "dilation");
        this.groups = o.groups;
        if (groups <= 0 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException(name + ": in_channels and out_channels must be divisible by groups (" + groups + ")");
        }
        int[] wShape = new int[nd + 2];
        wShape[0] = inChannels;
        wShape[1] = outChannels / groups;
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
        return ConvOps.convTranspose(input, weight(), bias(), nd, stride, padding, outputPadding, groups, dilation);
    }

    @Override
    protected String extraRepr() {
        StringBuilder sb = new StringBuilder().append(inChannels).append(", ").append(outChannels)
                .append(", kernel_size=").append(py(kernelSize)).append(", stride=").append(py(stride));
        if (ConvNd.anyNonZero(padding)) sb.append(", padding=").append(py(padding));
        if (ConvNd.anyNot(dilation, 1)) sb.append(", dilation=").append(py(dilation));
        if (ConvNd.anyNonZero(outputPadding)) sb.append(", output_padding=").append(py(outputPadding));
        if (groups != 1) sb.append(", groups=").append(groups);
        if (bias() == null) sb.append(", bias=False");
        return sb.toString();
    }
}
