package dev.reel.nn;

/**
 * Pads the last 3 dims with zeros, as {@code torch.nn.ZeroPad3d}; amounts are one int for every side,
 * or (left, right, top, bottom, front, back).
 *
 * <pre>{@code
 * Tensor y = new ZeroPad3d(2).call(x);
 * }</pre>
 */
public class ZeroPad3d extends PadNd {
    public ZeroPad3d(int padding) { this(all(padding, 3)); }

    /** padding (left, right, top, bottom, front, back). */
    public ZeroPad3d(int[] padding) { super(padding, 3, "constant", 0); }
}
