package dev.reel.engine.ops;

import dev.reel.engine.DType;
import dev.reel.engine.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Resampling of (N, C, *spatial) inputs, as {@code torch.nn.functional.interpolate}.
 *
 * <p>Nearest and (bi/tri)linear are separable: one spatial axis at a time, each output position
 * j reads source positions chosen by PyTorch's formulas, with scale = in/out (or 1/scale_factor
 * when a scale factor was given, PyTorch's {@code recompute_scale_factor=None}):
 * <pre>
 *   nearest        src = min(floor(j · scale), in - 1)
 *   nearest-exact  src = min(floor((j + 0.5) · scale), in - 1)
 *   linear         s = j · (in-1)/(out-1)                    with align_corners
 *                  s = max(0, (j + 0.5) · scale - 0.5)       without
 *                  i0 = min(floor(s), in-1), i1 = min(i0+1, in-1), λ = s - i0
 *                  out = (1-λ) · x[i0] + λ · x[i1]
 * </pre>
 * so each axis is an {@code index_select} (two, blended, for linear) and gradients come for free.
 * Like PyTorch, the positions are computed in float for F32 inputs and in double for F64.
 * "area" is adaptive average pooling to the output size.
 *
 * <pre>{@code
 * Tensor up = F.interpolate(frames, new int[] {224, 224}, "bilinear", false);
 * Tensor half = F.interpolate(clip, new double[] {1, 0.5, 0.5}, "trilinear", false);
 * }</pre>
 */
public final class InterpolateOps {
    private InterpolateOps() {}

    private static final List<String> MODES = List.of("nearest", "nearest-exact", "linear", "bilinear", "trilinear", "area");

    /**
     * Exactly one of size and scaleFactor is non-null; each has one entry per spatial dim (or a
     * single entry used for all). alignCorners is null when not given, and may only be given for
     * the linear modes.
     */
    public static Tensor interpolate(Tensor x, int[] size, double[] scaleFactor, String mode, Boolean alignCorners) {
        String op = "interpolate";
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException(op + ": unsupported mode '" + mode
                    + "' (expected 'nearest', 'nearest-exact', 'linear', 'bilinear', 'trilinear' or 'area')");
        }
        if (x.dim() < 3 || x.dim() > 5) {
            throw new IllegalArgumentException(op + ": expected a 3-D, 4-D or 5-D input (N, C, *spatial), got shape "
                    + Arrays.toString(x.shape()));
        }
        int nd = x.dim() - 2;
        boolean linear = mode.equals("linear") || mode.equals("bilinear") || mode.equals("trilinear");
        if (alignCorners != null && !linear) {
            throw new IllegalArgumentException(op + ": align_corners option can only be set with the interpolating modes: "
                    + "linear | bilinear | trilinear (got mode '" + mode + "')");
        }
        int needed = switch (mode) { case "linear" -> 1; case "bilinear" -> 2; case "trilinear" -> 3; default -> nd; };
        if (needed != nd) {
            throw new IllegalArgumentException(op + ": got " + x.dim() + "D input, but " + mode + " mode needs " + (needed + 2) + "D input");
        }
        if (linear && !x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": mode '" + mode + "' needs a floating point input, got " + x.dtype().torchName());
        }
        if ((size == null) == (scaleFactor == null)) {
            throw new IllegalArgumentException(op + (size == null ? ": either size or scale_factor should be defined"
                    : ": only one of size or scale_factor should be defined"));
        }
        int[] inSize = Arrays.copyOfRange(x.shape(), 2, x.dim());
        int[] outSize = new int[nd];
        double[] scales = null;  // the given scale factors, which PyTorch passes on to the kernels
        if (size != null) {
            int[] s = perDim(size.length, nd, inSize, "output size of " + Arrays.toString(size));
            for (int i = 0; i < nd; i++) outSize[i] = size[s[i]];
        } else {
            int[] s = perDim(scaleFactor.length, nd, inSize, "scale_factor of " + Arrays.toString(scaleFactor));
            scales = new double[nd];
            for (int i = 0; i < nd; i++) {
                scales[i] = scaleFactor[s[i]];
                if (!(scales[i] > 0) || Double.isInfinite(scales[i])) {
                    throw new IllegalArgumentException(op + ": scale_factor must be positive and finite, got " + Arrays.toString(scaleFactor));
                }
                double o = Math.floor(inSize[i] * scales[i]);
                if (o > Integer.MAX_VALUE) throw new IllegalArgumentException(op + ": output size " + o + " is too large");
                outSize[i] = (int) o;
            }
        }
        for (int i = 0; i < nd; i++) {
            if (inSize[i] <= 0 || outSize[i] <= 0) {
                throw new IllegalArgumentException(op + ": input and output sizes should be greater than 0, but got input "
                        + Arrays.toString(inSize) + " and output " + Arrays.toString(outSize));
            }
        }
        if (mode.equals("area")) return PoolOps.adaptiveAvgPool(x, nd, outSize);
        Tensor r = x;
        for (int i = 0; i < nd; i++) {
            int d = 2 + i;
            double scale = scales == null ? 0 : scales[i];
            if (linear) r = linearAxis(r, d, inSize[i], outSize[i], scale, Boolean.TRUE.equals(alignCorners));
            else r = r.indexSelect(d, index(nearest(inSize[i], outSize[i], scale, mode.equals("nearest-exact")), r));
        }
        return r == x ? x.clone() : r;
    }

    /** For each spatial dim, which entry of a size/scale list of length n applies (n = 1 broadcasts). */
    private static int[] perDim(int n, int nd, int[] inSize, String what) {
        if (n != 1 && n != nd) {
            throw new IllegalArgumentException("interpolate: input and output must have the same number of spatial dimensions, but "
                    + "got input with spatial dimensions of " + Arrays.toString(inSize) + " and " + what + ". Please provide input "
                    + "tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.");
        }
        int[] s = new int[nd];
        for (int i = 0; i < nd; i++) s[i] = n == 1 ? 0 : i;
        return s;
    }

    private static Tensor index(long[] idx, Tensor like) { return Tensor.fromArray(idx).to(like.device()); }

    /** Nearest source indices, computed in float as PyTorch's kernels do (scale 0: none given). */
    static long[] nearest(int in, int out, double scale, boolean exact) {
        float s = scale > 0 ? (float) (1.0 / scale) : (float) in / out;
        long[] idx = new long[out];
        for (int j = 0; j < out; j++) {
            long src;
            if (out == in) src = j;
            else if (exact) src = (long) Math.floor((float) ((j + 0.5) * s));
            else if (out == 2 * in) src = j >> 1;
            else src = (long) Math.floor((float) j * s);
            idx[j] = Math.min(src, in - 1);
        }
        return idx;
    }

    /** Linear blend along dim d: (1-λ)·x[i0] + λ·x[i1] with PyTorch's source positions. */
    private static Tensor linearAxis(Tensor x, int d, int in, int out, double scale, boolean alignCorners) {
        boolean f32 = x.dtype() == DType.F32;
        double s;
        if (alignCorners) s = out > 1 ? round(f32, round(f32, in - 1) / (out - 1)) : 0;
        else s = scale > 0 ? round(f32, 1.0 / scale) : round(f32, round(f32, in) / out);
        long[] i0 = new long[out], i1 = new long[out];
        double[] w0 = new double[out], w1 = new double[out];
        for (int j = 0; j < out; j++) {
            double src = alignCorners ? round(f32, s * j) : round(f32, round(f32, s * round(f32, j + 0.5)) - 0.5);
            if (!alignCorners && src < 0) src = 0;
            long lo = Math.min((long) Math.floor(src), in - 1);
            double lambda = Math.min(Math.max(round(f32, src - lo), 0), 1);
            i0[j] = lo;
            i1[j] = lo < in - 1 ? lo + 1 : lo;
            w1[j] = lambda;
            w0[j] = round(f32, 1 - lambda);
        }
        int[] wShape = new int[x.dim() - d];
        Arrays.fill(wShape, 1);
        wShape[0] = out;
        Tensor a = x.indexSelect(d, index(i0, x)), b = x.indexSelect(d, index(i1, x));
        Tensor wa = Tensor.fromArray(w0, wShape).to(x.device(), x.dtype()), wb = Tensor.fromArray(w1, wShape).to(x.device(), x.dtype());
        return a.mul(wa).add(b.mul(wb));
    }

    /** v rounded to float when the kernel would compute in float. */
    private static double round(boolean f32, double v) { return f32 ? (float) v : v; }
}
