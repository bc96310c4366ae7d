package dev.reel.nn;

/**
 * Pads the last 1 dim of (N, C, W) or (C, W) by repeating the edge values, as {@code
 * torch.nn.ReplicationPad1d}; amounts are one int for every side, or (left, right).
 *
 * <pre>{@code
 * Tensor y = new ReplicationPad1d(2).call(x);
 * }</pre>
 */
public class ReplicationPad1d extends PadNd {
    public ReplicationPad1d(int padding) { this(all(padding, 1)); }

    /** padding (left, right). */
    public ReplicationPad1d(int[] padding) { super(padding, 1, "replicate", 0); }
}
