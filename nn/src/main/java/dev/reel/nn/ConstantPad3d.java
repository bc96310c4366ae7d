package dev.reel.nn;

/**
 * Pads the last 3 dims with a constant value, as {@code torch.nn.ConstantPad3d}; amounts are one int
 * for every side, or (left, right, top, bottom, front, back).
 *
 * <pre>{@code
 * Tensor y = new ConstantPad3d(2, 3.5).call(x);
 * }</pre>
 */
public class ConstantPad3d extends PadNd {
    public ConstantPad3d(int padding, double value) { this(all(padding, 3), value); }

    /** padding (left, right, top, bottom, front, back). */
    public ConstantPad3d(int[] padding, double value) { super(padding, 3, "constant", value); }

    @Override
    protected String extraRepr() { return "padding=" + py(padding) + ", value=" + value; }
}
