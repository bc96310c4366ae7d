package dev.reel.nn;

/**
 * Pads the last 2 dims of (N, C, H, W) or (C, H, W) with the reflection of the input (the edge not
 * repeated; each amount below that dim's size), as {@code torch.nn.ReflectionPad2d}; amounts are one
 * int for every side, or (left, right, top, bottom).
 *
 * <pre>{@code
 * Tensor y = new ReflectionPad2d(2).call(x);
 * }</pre>
 */
public class ReflectionPad2d extends PadNd {
    public ReflectionPad2d(int padding) { this(all(padding, 2)); }

    /** padding (left, right, top, bottom). */
    public ReflectionPad2d(int[] padding) { super(padding, 2, "reflect", 0); }
}
