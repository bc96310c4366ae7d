package dev.reel.nn;

/**
 * Pads the last 2 dims with a constant value, as {@code torch.nn.ConstantPad2d}; amounts are one int
 * for every side, or (left, right, top, bottom).
 *
 * <pre>{@code
 * Tensor y = new ConstantPad2d(2, 3.5).call(x);
 * }</pre>
 */
public class ConstantPad2d extends PadNd {
    public ConstantPad2d(int padding, double value) { this(all(padding, 2), value); }

    /** padding (left, right, top, bottom). */
    public ConstantPad2d(int[] padding, double value) { super(padding, 2, "constant", value); }

    @Override
    protected String extraRepr() { return "padding=" + py(padding) + ", value=" + value; }
}
