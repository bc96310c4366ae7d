package dev.reel.engine.ops;

import dev.reel.engine.Tensor;
import java.util.Arrays;

/**
 * Sub-pixel rearrangement, as {@code torch.nn.functional.pixel_shuffle} / {@code pixel_unshuffle}:
 * (*, C·r², H, W) ⇄ (*, C, H·r, W·r). Both are a reshape, a permute and a reshape, so the
 * gradient of one is the other, through the view ops' own backward.
 *
 * <pre>{@code
 * Tensor up = PixelShuffleOps.pixelShuffle(x, 2);     // (1, 12, 4, 4) → (1, 3, 8, 8)
 * Tensor back = PixelShuffleOps.pixelUnshuffle(up, 2); // (1, 3, 8, 8) → (1, 12, 4, 4)
 * }</pre>
 */
public final class PixelShuffleOps {
    private PixelShuffleOps() {}

    private static void checkRank(Tensor x, String op) {
        if (x.dim() < 3) {
            throw new IllegalArgumentException(op + ": " + op + " expects input to have at least 3 dimensions, but got input with "
                    + x.dim() + " dimension(s)");
        }
    }

    private static int[] batchDims(Tensor x) { return Arrays.copyOf(x.shape(), x.dim() - 3); }

    private static int[] concat(int[] lead, int... rest) {
        int[] out = Arrays.copyOf(lead, lead.length + rest.length);
        System.arraycopy(rest, 0, out, lead.length, rest.length);
        return out;
    }

    /** Permutation that keeps the batch dims and reorders the trailing ones by {@code tail} (offsets from the first of them). */
    private static int[] permutation(int lead, int... tail) {
        int[] p = new int[lead + tail.length];
        for (int i = 0; i < lead; i++) p[i] = i;
        for (int i = 0; i < tail.length; i++) p[lead + i] = lead + tail[i];
        return p;
    }

    /** (*, C·r², H, W) → (*, C, H·r, W·r): channel c·r² + i·r + j goes to pixel (h·r + i, w·r + j) of channel c. */
    public static Tensor pixelShuffle(Tensor x, int r) {
        String op = "pixel_shuffle";
        checkRank(x, op);
        if (r <= 0) throw new IllegalArgumentException(op + ": pixel_shuffle expects a positive upscale_factor, but got " + r);
        int c = x.size(-3), h = x.size(-2), w = x.size(-1);
        if (c % (r * r) != 0) {
            throw new IllegalArgumentException(op + ": pixel_shuffle expects its input's 'channel' dimension to be divisible by the "
                    + "square of upscale_factor, but input.size(-3)=" + c + " is not divisible by " + (r * r));
        }
        int[] lead = batchDims(x);
        int oc = c / (r * r);
        Tensor split = x.reshape(concat(lead, oc, r, r, h, w));       // (*, C, i, j, H, W)
        Tensor moved = split.permute(permutation(lead.length, 0, 3, 1, 4, 2)); // (*, C, H, i, W, j)
        return moved.reshape(concat(lead, oc, h * r, w * r));
    }

    /** (*, C, H·r, W·r) → (*, C·r², H, W), the inverse of {@link #pixelShuffle}. */
    public static Tensor pixelUnshuffle(Tensor x, int r) {
        String op = "pixel_unshuffle";
        checkRank(x, op);
        if (r <= 0) throw new IllegalArgumentException(op + ": pixel_unshuffle expects a positive downscale_factor, but got " + r);
        int c = x.size(-3), h = x.size(-2), w = x.size(-1);
        if (h % r != 0) {
            throw new IllegalArgumentException(op + ": pixel_unshuffle expects height to be divisible by downscale_factor, but input.size(-2)="
                    + h + " is not divisible by " + r);
        }
        if (w % r != 0) {
            throw new IllegalArgumentException(op + ": pixel_unshuffle expects width to be divisible by downscale_factor, but input.size(-1)="
                    + w + " is not divisible by " + r);
        }
        int[] lead = batchDims(x);
        Tensor split = x.reshape(concat(lead, c, h / r, r, w / r, r)); // (*, C, H, i, W, j)
        Tensor moved = split.permute(permutation(lead.length, 0, 2, 4, 1, 3)); // (*, C, i, j, H, W)
        return moved.reshape(concat(lead, c * r * r, h / r, w / r));
    }
}
