package dev.reel.engine.ops;

import dev.reel.engine.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Padding, as {@code torch.nn.functional.pad}: {@code pad} lists (left, right) amounts starting
 * from the last dim, so {@code {1, 2, 3, 4}} pads the last dim by 1 before and 2 after and the
 * one before it by 3 and 4. Negative amounts crop.
 *
 * <p>Every mode is composed of differentiable ops, one dim at a time, so gradients (and second
 * derivatives) come for free:
 * <ul>
 *   <li>constant: a {@code cat} of constant blocks around the input;</li>
 *   <li>reflect, replicate, circular: one {@code index_select} whose index maps each output
 *       position to its source: for output j and i = j - left in an input of size n,
 *       reflect {@code |i|} mirrored at n-1, replicate {@code clamp(i, 0, n-1)}, circular
 *       {@code i mod n}. Its gradient (an index_add) sums the copies back.</li>
 * </ul>
 *
 * <pre>{@code
 * Tensor y = F.pad(x, new int[] {1, 1, 1, 1}, "reflect", 0);   // (N, C, H, W) → (N, C, H+2, W+2)
 * Tensor z = F.pad(seq, new int[] {0, 3});                     // zeros after the last dim
 * }</pre>
 */
public final class PadOps {
    private PadOps() {}

    private static final List<String> MODES = List.of("constant", "reflect", "replicate", "circular");

    /** Pads x as described above; value is used by "constant" only (other modes require 0). */
    public static Tensor pad(Tensor x, int[] pad, String mode, double value) {
        String op = "pad";
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException(op + ": unrecognised padding mode '" + mode
                    + "' (expected 'constant', 'reflect', 'replicate' or 'circular')");
        }
        if (pad.length % 2 != 0) throw new IllegalArgumentException(op + ": padding length must be divisible by 2, got " + pad.length);
        int k = pad.length / 2;
        if (k > x.dim()) {
            throw new IllegalArgumentException(op + ": padding length should be less than or equal to two times the input dimension "
                    + "but got padding length " + pad.length + " and input of dimension " + x.dim());
        }
        if (!mode.equals("constant")) {
            if (value != 0) throw new IllegalArgumentException(op + ": padding mode '" + mode + "' doesn't take in value argument");
            if (k < 1 || k > 3 || (x.dim() != k + 1 && x.dim() != k + 2)) {
                throw new IllegalArgumentException(op + ": mode '" + mode + "' pads 1 to 3 trailing dims of a batched or unbatched "
                        + "input: padding of length " + pad.length + " needs a " + (k + 1) + "-D or " + (k + 2)
                        + "-D input, got shape " + Arrays.toString(x.shape()));
            }
        }
        Tensor r = x;
        for (int i = 0; i < k; i++) {
            int d = x.dim() - 1 - i;
            int left = pad[2 * i], right = pad[2 * i + 1];
            if (left == 0 && right == 0) continue;
            check(mode, x.shape(), d, left, right);
            r = r.narrow(d, Math.max(-left, 0), r.size(d) - Math.max(-left, 0) - Math.max(-right, 0));
            int before = Math.max(left, 0), after = Math.max(right, 0);
            if (before == 0 && after == 0) continue;
            r = mode.equals("constant") ? constant(r, d, before, after, value) : gather(r, d, before, after, mode);
        }
        return r == x ? x.clone() : r;
    }

    /** PyTorch's per-mode limits on the amounts for dim d of an input of shape xs. */
    private static void check(String mode, int[] xs, int d, int left, int right) {
        int n = xs[d];
        int out = n + left + right;
        String where = " at dimension " + d + " of input " + Arrays.toString(xs);
        switch (mode) {
            case "constant" -> {
                if (out < 0) {
                    throw new IllegalArgumentException("pad: the input size " + n + ", plus negative padding " + left + " and " + right
                            + " resulted in a negative output size, which is invalid. Check dimension " + d + " of your input.");
                }
            }
            case "reflect" -> {
                // each side mirrors at most once: at least one element must stay beyond the pad
                int kept = n - Math.max(-left, 0) - Math.max(-right, 0);
                if (left >= n || right >= n || left >= kept || right >= kept) {
                    throw new IllegalArgumentException("pad: padding size should be less than the corresponding input dimension, but "
                            + "got padding (" + left + ", " + right + ")" + where);
                }
            }
            case "replicate" -> {
                if (n == 0 || out < 1) {
                    throw new IllegalArgumentException("pad: input (size " + n + ") is too small for replicate padding (" + left + ", "
                            + right + "); calculated output size " + out + where);
                }
            }
            default -> {  // circular
                int kept = n - Math.max(-left, 0) - Math.max(-right, 0);
                if (left > n || right > n || left > kept || right > kept) {
                    throw new IllegalArgumentException("pad: padding value causes wrapping around more than once: padding (" + left
                            + ", " + right + ")" + where);
                }
                if (out < 0) throw new IllegalArgumentException("pad: negative padding value is resulting in an empty dimension" + where);
            }
        }
    }

    private static Tensor constant(Tensor r, int d, int before, int after, double value) {
        int[] sb = r.shape(), sa = r.shape();
        sb[d] = before;
        sa[d] = after;
        return JoinOps.cat(List.of(r.newFull(value, sb), r, r.newFull(value, sa)), d);
    }

    private static Tensor gather(Tensor r, int d, int before, int after, String mode) {
        int n = r.size(d);
        long[] idx = new long[n + before + after];
        for (int j = 0; j < idx.length; j++) {
            int i = j - before;
            idx[j] = switch (mode) {
                case "reflect" -> i < 0 ? -i : i >= n ? 2L * (n - 1) - i : i;
                case "replicate" -> Math.max(0, Math.min(i, n - 1));
                default -> Math.floorMod(i, n);
            };
        }
        return r.indexSelect(d, Tensor.fromArray(idx).to(r.device()));
    }
}
