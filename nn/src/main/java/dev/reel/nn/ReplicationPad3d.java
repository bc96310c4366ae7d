package dev.reel.nn;

/**
 * Pads the last 3 dims of (N, C, D, H, W) or (C, D, H, W) by repeating the edge values, as {@code
 * torch.nn.ReplicationPad3d}; amounts are one int for every side, or (left, right, top, bottom, front,
 * back).
 *
 * <pre>{@code
 * Tensor y = new ReplicationPad3d(2).call(x);
 * }</pre>
 */
public class ReplicationPad3d extends PadNd {
    public ReplicationPad3d(int padding) { this(all(padding, 3)); }

    /** padding (left, right, top, bottom, front, back). */
    public ReplicationPad3d(int[] padding) { super(padding, 3, "replicate", 0); }
}
