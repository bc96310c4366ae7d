package dev.reel.engine.ops;

import dev.reel.engine.autograd.AutocastMode;
import dev.reel.engine.Tensor;
import dev.reel.engine.backend.ConvGeometry;
import java.util.Arrays;

/**
 * Convolution and transposed convolution, 1-D to 3-D, with stride, padding (numbers, "same",
 * "valid"), dilation and groups.
 *
 * <p>Every case is lifted to 3-D (leading spatial sizes 1, as views) and reduced to three
 * differentiable primitives that are each other's derivatives:
 * <pre>
 *   y  = conv(x, w)             dx = convInput(dy, w)        dw = convWeight(x, dy)
 *   dx = convInput(dy, w)       d(dy) = conv(h, w)           dw = convWeight(h, dy)
 *   dw = convWeight(x, dy)      dx = convInput(dy, h)        d(dy) = conv(x, h)
 * </pre>
 * (from ⟨conv(x, w), dy⟩ = ⟨x, convInput(dy, w)⟩ = ⟨w, convWeight(x, dy)⟩), so double backward
 * comes for free. A transposed convolution is convInput with the roles of the channels swapped.
 */
public final class ConvOps {
    private ConvOps() {}

    // ---------------------------------------------------------------- the three primitives (3-D)

    static Tensor conv(Tensor x, Tensor w, ConvGeometry g) {
        int[] xs = x.shape(), ws = w.shape();
        int[] ys = {xs[0], ws[0], g.outSize(0, xs[2], ws[2]), g.outSize(1, xs[3], ws[3]), g.outSize(2, xs[4], ws[4])};
        Tensor y = Creation.empty(x.dtype(), x.device(), ys);
        x.backend().conv(g, x, w, y);
        // an input that needs no gradient (the first layer's images) costs no GEMM in backward
        boolean needX = x.requiresGrad(), needW = w.requiresGrad();
        return Graph.record("ConvolutionBackward0", y, new Tensor[] {x, w}, new Tensor[] {x, w},
                (gy, s) -> new Tensor[] {needX ? convInput(gy, s[1], g, xs) : null, needW ? convWeight(s[0], gy, g, ws) : null});
    }

    /**
     * conv(x, w) + bias (C_out) in one node and one kernel call: the bias is added while each
     * output block is still in cache, and no broadcast add node is recorded. Its gradient is the
     * sum of dy over every axis but the channels.
     */
    static Tensor convBias(Tensor x, Tensor w, Tensor bias, ConvGeometry g) {
        int[] xs = x.shape(), ws = w.shape();
        int[] ys = {xs[0], ws[0], g.outSize(0, xs[2], ws[2]), g.outSize(1, xs[3], ws[3]), g.outSize(2, xs[4], ws[4])};
        Tensor y = Creation.empty(x.dtype(), x.device(), ys);
        x.backend().convBias(g, x, w, bias, y);
        boolean needX = x.requiresGrad(), needW = w.requiresGrad(), needB = bias.requiresGrad();
        return Graph.record("ConvolutionBackward0", y, new Tensor[] {x, w, bias}, new Tensor[] {x, w},
                (gy, s) -> new Tensor[] {
                    needX ? convInput(gy, s[1], g, xs) : null,
                    needW ? convWeight(s[0], gy, g, ws) : null,
                    needB ? gy.sum(new int[] {0, 2, 3, 4}, false) : null});
    }

    static Tensor convInput(Tensor dy, Tensor w, ConvGeometry g, int[] xShape) {
        Tensor dx = Creation.empty(dy.dtype(), dy.device(), xShape);
        dy.backend().convBackwardInput(g, dy, w, dx);
        int[] ws = w.shape();
        boolean needDy = dy.requiresGrad(), needW = w.requiresGrad();
        return Graph.record("ConvolutionBackwardInput0", dx, new Tensor[] {dy, w}, new Tensor[] {dy, w},
                (h, s) -> new Tensor[] {needDy ? conv(h, s[1], g) : null, needW ? convWeight(h, s[0], g, ws) : null});
    }

    static Tensor convWeight(Tensor x, Tensor dy, ConvGeometry g, int[] wShape) {
        Tensor dw = Creation.empty(x.dtype(), x.device(), wShape);
        x.backend().convBackwardWeight(g, x, dy, dw);
        int[] xs = x.shape();
        boolean needX = x.requiresGrad(), needDy = dy.requiresGrad();
        return Graph.record("ConvolutionBackwardWeight0", dw, new Tensor[] {x, dy}, new Tensor[] {x, dy},
                (h, s) -> new Tensor[] {needX ? convInput(s[1], h, g, xs) : null, needDy ? conv(s[0], h, g) : null});
    }

    // ---------------------------------------------------------------- user-facing

    /** Expands an int[] of length 1 (or nd) to nd entries, naming the parameter in errors. */
    static int[] expand(int[] v, int nd, String op, String name) {
        if (v.length == nd) return v.clone();
        if (v.length == 1) {
            int[] r = new int[nd];
            Arrays.fill(r, v[0]);
            return r;
        }
        throw new IllegalArgumentException(op + ": expected " + name + " to be a single integer or a list of " + nd
                + " integers, got " + Arrays.toString(v));
    }

    /** Left-pads an nd-vector to 3 entries with {@code fill}. */
    static int[] to3(int[] v, int fill) {
        int[] r = {fill, fill, fill};
        System.arraycopy(v, 0, r, 3 - v.length, v.length);
        return r;
    }

    /** Views (N, C, *spatial) of rank nd+2 as (N, C, D, H, W). */
    static Tensor lift(Tensor x, int nd) {
        Tensor t = x;
        for (int i = nd; i < 3; i++) t = t.unsqueeze(2);
        return t;
    }

    /** The shape (N, C, *spatial) as (N, C, D, H, W). */
    static int[] liftShape(int[] shape, int nd) {
        int[] r = new int[5];
        r[0] = shape[0];
        r[1] = shape[1];
        Arrays.fill(r, 2, 5 - nd, 1);
        System.arraycopy(shape, 2, r, 5 - nd, nd);
        return r;
    }

    static Tensor lower(Tensor y, int nd) {
        Tensor t = y;
        for (int i = nd; i < 3; i++) t = t.squeeze(2);
        return t;
    }

    private static void checkInput(Tensor x, Tensor w, int nd, String op) {
        if (x.dim() != nd + 2) {
            throw new IllegalArgumentException(op + ": expected " + (nd + 1) + "D (unbatched) or " + (nd + 2)
                    + "D (batched) input, but got input of size " + Arrays.toString(x.shape()));
        }
        if (w.dim() != nd + 2) {
            throw new IllegalArgumentException(op + ": expected weight to be " + (nd + 2) + "D, got size " + Arrays.toString(w.shape()));
        }
        if (!x.dtype().isFloatingPoint() || x.dtype() != w.dtype()) {
            throw new IllegalArgumentException(op + ": input (" + x.dtype().torchName() + ") and weight (" + w.dtype().torchName()
                    + ") must have the same floating point dtype");
        }
    }

    /**
     * Convolution over nd spatial dims. {@code paddingMode} is null (use {@code padding}),
     * "same" or "valid".
     */
    public static Tensor convolution(Tensor input, Tensor w, Tensor bias, int nd, int[] stride, int[] padding, String paddingMode,
                                     int[] dilation, int groups) {
        // autocast: a lower-precision op (PyTorch's list)
        input = AutocastMode.lower(input);
        w = AutocastMode.lower(w);
        bias = AutocastMode.lower(bias);
        String op = "conv" + nd + "d";
        boolean unbatched = input.dim() == nd + 1;
        Tensor x = unbatched ? input.unsqueeze(0) : input;
        checkInput(x, w, nd, op);
        int[] st = expand(stride, nd, op, "stride"), dl = expand(dilation, nd, op, "dilation");
        for (int i = 0; i < nd; i++) {
            if (st[i] <= 0) throw new IllegalArgumentException(op + ": non-positive stride is not supported, got " + Arrays.toString(stride));
            if (dl[i] <= 0) throw new IllegalArgumentException(op + ": dilation must be positive, got " + Arrays.toString(dilation));
        }
        if (groups <= 0) throw new IllegalArgumentException(op + ": non-positive groups is not supported, got " + groups);
        int cin = x.size(1), cout = w.size(0);
        if (cout % groups != 0) {
            throw new IllegalArgumentException(op + ": out_channels (" + cout + ") must be divisible by groups (" + groups + ")");
        }
        if (w.size(1) * groups != cin) {
            throw new IllegalArgumentException(op + ": expected input " + Arrays.toString(x.shape()) + " to have " + (w.size(1) * groups)
                    + " channels (weight " + Arrays.toString(w.shape()) + " with groups=" + groups + "), but got " + cin + " channels instead");
        }
        int[] pd;
        if (paddingMode == null) {
            pd = expand(padding, nd, op, "padding");
        } else if (paddingMode.equals("valid")) {
            pd = new int[nd];
        } else if (paddingMode.equals("same")) {
            for (int s : st) {
                if (s != 1) throw new IllegalArgumentException(op + ": padding='same' is not supported for strided convolutions");
            }
            pd = new int[nd];
            for (int i = 0; i < nd; i++) {
                int total = dl[i] * (w.size(2 + i) - 1);
                pd[i] = total / 2;
                if (total % 2 != 0) {
                    // asymmetric: one extra zero on the right, as PyTorch does
                    int[] s = x.shape();
                    s[2 + i] += 1;
                    x = ViewOps.sliceBackward(x, s, 2 + i, 0, x.size(2 + i), 1);
                }
            }
        } else {
            throw new IllegalArgumentException(op + ": invalid padding string '" + paddingMode + "', should be one of {'valid', 'same'}");
        }
        for (int i = 0; i < nd; i++) {
            if (pd[i] < 0) throw new IllegalArgumentException(op + ": negative padding is not supported, got " + Arrays.toString(pd));
            int eff = dl[i] * (w.size(2 + i) - 1) + 1;
            if (x.size(2 + i) + 2 * pd[i] < eff) {
                throw new IllegalArgumentException(op + ": calculated padded input size per channel (" + (x.size(2 + i) + 2 * pd[i])
                        + ") is smaller than the (dilated) kernel size (" + eff + ") at spatial dim " + i + "; input "
                        + Arrays.toString(x.shape()) + ", weight " + Arrays.toString(w.shape()));
            }
        }
        ConvGeometry g = new ConvGeometry(to3(st, 1), to3(pd, 0), to3(dl, 1), groups);
        Tensor y;
        if (bias != null && bias.dim() == 1 && bias.size(0) == cout && bias.dtype() == x.dtype() && bias.device().equals(x.device())) {
            y = lower(convBias(lift(x, nd), lift(w, nd), bias, g), nd);
        } else {
            // no bias, or one whose shape, dtype or device needs the general add (and its checks)
            y = addBias(lower(conv(lift(x, nd), lift(w, nd), g), nd), bias, op);
        }
        return unbatched ? y.squeeze(0) : y;
    }

    private static Tensor addBias(Tensor y, Tensor bias, String op) {
        if (bias == null) return y;
        if (bias.dim() != 1 || bias.size(0) != y.size(1)) {
            throw new IllegalArgumentException(op + ": expected bias of shape [" + y.size(1) + "], got " + Arrays.toString(bias.shape()));
        }
        int[] shape = new int[y.dim()];
        Arrays.fill(shape, 1);
        shape[1] = y.size(1);
        return y.add(bias.reshape(shape));
    }

    /** Transposed convolution; weight is (C_in, C_out/groups, k...), as PyTorch. */
    public static Tensor convTranspose(Tensor input, Tensor w, Tensor bias, int nd, int[] stride, int[] padding, int[] outputPadding,
                                       int groups, int[] dilation) {
        // autocast: a lower-precision op (PyTorch's list)
        input = AutocastMode.lower(input);
        w = AutocastMode.lower(w);
        bias = AutocastMode.lower(bias);
        String op = "conv_transpose" + nd + "d";
        boolean unbatched = input.dim() == nd + 1;
        Tensor x = unbatched ? input.unsqueeze(0) : input;
        checkInput(x, w, nd, op);
        int[] st = expand(stride, nd, op, "stride"), pd = expand(padding, nd, op, "padding");
        int[] op2 = expand(outputPadding, nd, op, "output_padding"), dl = expand(dilation, nd, op, "dilation");
        if (groups <= 0) throw new IllegalArgumentException(op + ": non-positive groups is not supported, got " + groups);
        if (x.size(1) != w.size(0)) {
            throw new IllegalArgumentException(op + ": expected input " + Arrays.toString(x.shape()) + " to have " + w.size(0)
                    + " channels (weight " + Arrays.toString(w.shape()) + "), but got " + x.size(1) + " channels instead");
        }
        if (w.size(0) % groups != 0) {
            throw new IllegalArgumentException(op + ": in_channels (" + w.size(0) + ") must be divisible by groups (" + groups + ")");
        }
        int[] outShape = new int[nd + 2];
        outShape[0] = x.size(0);
        outShape[1] = w.size(1) * groups;
        for (int i = 0; i < nd; i++) {
            if (st[i] <= 0 || dl[i] <= 0 || pd[i] < 0) {
                throw new IllegalArgumentException(op + ": stride and dilation must be positive and padding non-negative");
            }
            if (op2[i] >= st[i] && op2[i] >= dl[i]) {
                throw new IllegalArgumentException(op + ": output padding must be smaller than either stride or dilation, but got output_padding="
                        + op2[i] + ", stride=" + st[i] + ", dilation=" + dl[i]);
            }
            outShape[2 + i] = (x.size(2 + i) - 1) * st[i] - 2 * pd[i] + dl[i] * (w.size(2 + i) - 1) + op2[i] + 1;
            if (outShape[2 + i] <= 0) {
                throw new IllegalArgumentException(op + ": output size " + outShape[2 + i] + " at spatial dim " + i + " is too small for input "
                        + Arrays.toString(x.shape()));
            }
        }
        ConvGeometry g = new ConvGeometry(to3(st, 1), to3(pd, 0), to3(dl, 1), groups);
        int[] lifted = liftShape(outShape, nd);
        Tensor y = lower(convInput(lift(x, nd), lift(w, nd), g, lifted), nd);
        y = addBias(y, bias, op);
        return unbatched ? y.squeeze(0) : y;
    }
}
