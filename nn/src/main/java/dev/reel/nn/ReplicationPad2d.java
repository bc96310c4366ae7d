package dev.reel.nn;

/**
 * Pads the last 2 dims of (N, C, H, W) or (C, H, W) by repeating the edge values, as {@code
 * torch.nn.ReplicationPad2d}; amounts are one int for every side, or (left, right, top, bottom).
 *
 * <pre>{@code
 * Tensor y = new ReplicationPad2d(2).call(x);
 * }</pre>
 */
public class ReplicationPad2d extends PadNd {
    public ReplicationPad2d(int padding) { this(all(padding, 2)); }

    /** padding (left, right, top, bottom). */
    public ReplicationPad2d(int[] padding) { super(padding, 2, "replicate", 0); }
}
