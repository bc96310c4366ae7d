package dev.reel.nn;

/**
 * Pads the last 3 dims of (N, C, D, H, W) or (C, D, H, W) with the reflection of the input (the edge
 * not repeated; each amount below that dim's size), as {@code torch.nn.ReflectionPad3d}; amounts are
 * one int for every side, or (left, right, top, bottom, front, back).
 *
 * <pre>{@code
 * Tensor y = new ReflectionPad3d(2).call(x);
 * }</pre>
 */
public class ReflectionPad3d extends PadNd {
    public ReflectionPad3d(int padding) { this(all(padding, 3)); }

    /** padding (left, right, top, bottom, front, back). */
    public ReflectionPad3d(int[] padding) { super(padding, 3, "reflect", 0); }
}
