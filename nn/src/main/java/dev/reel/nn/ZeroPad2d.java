package dev.reel.nn;

/**
 * Pads the last 2 dims with zeros, as {@code torch.nn.ZeroPad2d}; amounts are one int for every side,
 * or (left, right, top, bottom).
 *
 * <pre>{@code
 * Tensor y = new ZeroPad2d(2).call(x);
 * }</pre>
 */
public class ZeroPad2d extends PadNd {
    public ZeroPad2d(int padding) { this(all(padding, 2)); }

    /** padding (left, right, top, bottom). */
    public ZeroPad2d(int[] padding) { super(padding, 2, "constant", 0); }
}
