package dev.reel.nn;

/**
 * Pads the last 1 dim with zeros, as {@code torch.nn.ZeroPad1d}; amounts are one int for every side,
 * or (left, right).
 *
 * <pre>{@code
 * Tensor y = new ZeroPad1d(2).call(x);
 * }</pre>
 */
public class ZeroPad1d extends PadNd {
    public ZeroPad1d(int padding) { this(all(padding, 1)); }

    /** padding (left, right). */
    public ZeroPad1d(int[] padding) { super(padding, 1, "constant", 0); }
}
