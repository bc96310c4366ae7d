package dev.reel.nn;

/**
 * Pads the last 1 dim of (N, C, W) or (C, W) with the reflection of the input (the edge not repeated;
 * each amount below that dim's size), as {@code torch.nn.ReflectionPad1d}; amounts are one int for
 * every side, or (left, right).
 *
 * <pre>{@code
 * Tensor y = new ReflectionPad1d(2).call(x);
 * }</pre>
 */
public class ReflectionPad1d extends PadNd {
    public ReflectionPad1d(int padding) { this(all(padding, 1)); }

    /** padding (left, right). */
    public ReflectionPad1d(int[] padding) { super(padding, 1, "reflect", 0); }
}
