package dev.reel.engine.ops;

import dev.reel.engine.Tensor;
import dev.reel.engine.backend.PoolGeometry;
import java.util.Arrays;

/**
 * Max and average pooling, fixed and adaptive, 1-D to 3-D (lifted to 3-D as views).
 *
 * <p>Max pooling records the winner's flat index per (n, c) plane; its gradient is a scatter-add
 * of the output gradient to those indices (differentiable: scatter-add's own gradient is a
 * gather). Average pooling is linear: its gradient is the transposed spread
 * ({@code Backend.avgPoolBackward}), whose gradient is average pooling again.
 */
public final class PoolOps {
    private PoolOps() {}

    /** Pooled values and, for max pooling, the indices (PyTorch's return_indices). */
    public record Pooled(Tensor values, Tensor indices) {}

    private static int outSize(int in, int k, int s, int p, int d, boolean ceil) {
        int eff = d * (k - 1) + 1;
        int num = in + 2 * p - eff;
        int out = (ceil ? Math.floorDiv(num + s - 1, s) : Math.floorDiv(num, s)) + 1;
        // the last window must start inside the input or the left padding
        if (ceil && (out - 1) * s >= in + p) out--;
        return out;
    }

    private static Tensor batched(Tensor x, int nd, String op) {
        if (x.dim() == nd + 1) return x.unsqueeze(0);
        if (x.dim() != nd + 2) {
            throw new IllegalArgumentException(op + ": expected " + (nd + 1) + "D or " + (nd + 2) + "D input, got "
                    + Arrays.toString(x.shape()));
        }
        return x;
    }

    /** Output shape, validated. */
    private static int[] fixedShape(Tensor x, int nd, int[] k, int[] s, int[] p, int[] d, boolean ceil, String op) {
        int[] out = x.shape();
        for (int i = 0; i < nd; i++) {
            if (k[i] <= 0 || s[i] <= 0 || d[i] <= 0) {
                throw new IllegalArgumentException(op + ": kernel_size, stride and dilation must be positive, got kernel "
                        + Arrays.toString(k) + " stride " + Arrays.toString(s) + " dilation " + Arrays.toString(d));
            }
            if (p[i] < 0 || p[i] > (d[i] * (k[i] - 1) + 1) / 2) {
                throw new IllegalArgumentException(op + ": pad should be at most half of effective kernel size, but got pad="
                        + p[i] + ", kernel_size=" + k[i] + " and dilation=" + d[i]);
            }
            out[2 + i] = outSize(x.size(2 + i), k[i], s[i], p[i], d[i], ceil);
            if (out[2 + i] <= 0) {
                throw new IllegalArgumentException(op + ": given input size " + Arrays.toString(x.shape()) + ", the calculated output size "
                        + Arrays.toString(out) + " is too small");
            }
        }
        return out;
    }

    public static Pooled maxPool(Tensor input, int nd, int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        String op = "max_pool" + nd + "d";
        Tensor x = batched(input, nd, op);
        int[] k = ConvOps.expand(kernel, nd, op, "kernel_size");
        int[] s = stride == null || stride.length == 0 ? k.clone() : ConvOps.expand(stride, nd, op, "stride");
        int[] p = ConvOps.expand(padding, nd, op, "padding"), d = ConvOps.expand(dilation, nd, op, "dilation");
        int[] outShape = fixedShape(x, nd, k, s, p, d, ceilMode, op);
        PoolGeometry g = new PoolGeometry(ConvOps.to3(k, 1), ConvOps.to3(s, 1), ConvOps.to3(p, 0), ConvOps.to3(d, 1), true, 0, false);
        Pooled r = maxPrimitive(x, nd, outShape, g);
        return input.dim() == nd + 1 ? new Pooled(r.values.squeeze(0), r.indices.squeeze(0)) : r;
    }

    public static Pooled adaptiveMaxPool(Tensor input, int nd, int[] outputSize) {
        String op = "adaptive_max_pool" + nd + "d";
        Tensor x = batched(input, nd, op);
        int[] os = ConvOps.expand(outputSize, nd, op, "output_size");
        int[] outShape = x.shape();
        for (int i = 0; i < nd; i++) {
            if (os[i] <= 0) throw new IllegalArgumentException(op + ": output size must be positive, got " + Arrays.toString(outputSize));
            if (x.size(2 + i) == 0) throw new IllegalArgumentException(op + ": input has a zero-size spatial dim: " + Arrays.toString(x.shape()));
            outShape[2 + i] = os[i];
        }
        Pooled r = maxPrimitive(x, nd, outShape, PoolGeometry.adaptiveWindows());
        return input.dim() == nd + 1 ? new Pooled(r.values.squeeze(0), r.indices.squeeze(0)) : r;
    }

    private static Pooled maxPrimitive(Tensor x, int nd, int[] outShape, PoolGeometry g) {
        Tensor x3 = ConvOps.lift(x, nd);
        int[] ys = ConvOps.liftShape(outShape, nd);
        // every output position gets its window's maximum and index (each window holds at least one tap)
        Tensor y = Creation.emptyForOverwrite(x.dtype(), x.device(), ys);
        Tensor idx = Creation.emptyForOverwrite(dev.reel.engine.DType.I64, x.device(), ys);
        x.backend().maxPool(g, x3, y, idx);
        int[] xs = x3.shape();
        int n = xs[0], c = xs[1], plane = xs[2] * xs[3] * xs[4];
        y = Graph.record("MaxPool" + nd + "DWithIndicesBackward0", y, new Tensor[] {x3}, new Tensor[] {idx}, (gy, s) -> {
            Tensor flatIdx = s[0].reshape(n, c, -1);
            Tensor dx = IndexingOps.scatterAddToZeros(new int[] {n, c, plane}, 2, flatIdx, gy.reshape(n, c, -1));
            return new Tensor[] {dx.reshape(xs)};
        });
        return new Pooled(ConvOps.lower(y, nd), ConvOps.lower(idx, nd));
    }

    public static Tensor avgPool(Tensor input, int nd, int[] kernel, int[] stride, int[] padding, boolean ceilMode,
                                 boolean countIncludePad, int divisorOverride) {
        String op = "avg_pool" + nd + "d";
        Tensor x = batched(input, nd, op);
        int[] k = ConvOps.expand(kernel, nd, op, "kernel_size");
        int[] s = stride == null || stride.length == 0 ? k.clone() : ConvOps.expand(stride, nd, op, "stride");
        int[] p = ConvOps.expand(padding, nd, op, "padding");
        int[] d = new int[nd];
        Arrays.fill(d, 1);
        if (divisorOverride < 0) throw new IllegalArgumentException(op + ": divisor must be not zero or negative, got " + divisorOverride);
        int[] outShape = fixedShape(x, nd, k, s, p, d, ceilMode, op);
        PoolGeometry g = new PoolGeometry(ConvOps.to3(k, 1), ConvOps.to3(s, 1), ConvOps.to3(p, 0), new int[] {1, 1, 1},
                countIncludePad, divisorOverride, false);
        Tensor y = ConvOps.lower(avgPrimitive(ConvOps.lift(x, nd), ConvOps.liftShape(outShape, nd), g), nd);
        return input.dim() == nd + 1 ? y.squeeze(0) : y;
    }

    public static Tensor adaptiveAvgPool(Tensor input, int nd, int[] outputSize) {
        String op = "adaptive_avg_pool" + nd + "d";
        Tensor x = batched(input, nd, op);
        int[] os = ConvOps.expand(outputSize, nd, op, "output_size");
        int[] outShape = x.shape();
        for (int i = 0; i < nd; i++) {
            if (os[i] <= 0) throw new IllegalArgumentException(op + ": output size must be positive, got " + Arrays.toString(outputSize));
            if (x.size(2 + i) == 0) throw new IllegalArgumentException(op + ": input has a zero-size spatial dim: " + Arrays.toString(x.shape()));
            outShape[2 + i] = os[i];
        }
        Tensor y = ConvOps.lower(avgPrimitive(ConvOps.lift(x, nd), ConvOps.liftShape(outShape, nd), PoolGeometry.adaptiveWindows()), nd);
        return input.dim() == nd + 1 ? y.squeeze(0) : y;
    }

    static Tensor avgPrimitive(Tensor x3, int[] ys, PoolGeometry g) {
        Tensor y = Creation.emptyForOverwrite(x3.dtype(), x3.device(), ys);   // every window's mean is written
        x3.backend().avgPool(g, x3, y);
        int[] xs = x3.shape();
        return Graph.record("AvgPoolBackward0", y, new Tensor[] {x3}, new Tensor[0],
                (gy, s) -> new Tensor[] {avgBackward(gy, xs, g)});
    }

    private static Tensor avgBackward(Tensor gy, int[] xs, PoolGeometry g) {
        Tensor dx = Creation.empty(gy.dtype(), gy.device(), xs);
        gy.backend().avgPoolBackward(g, gy, dx);
        int[] ys = gy.shape();
        return Graph.record("AvgPoolBackwardBackward0", dx, new Tensor[] {gy}, new Tensor[0],
                (h, s) -> new Tensor[] {avgPrimitive(h, ys, g)});
    }
}
