package dev.reel.nn;

/**
 * Pads the last 1 dim with a constant value, as {@code torch.nn.ConstantPad1d}; amounts are one int
 * for every side, or (left, right).
 *
 * <pre>{@code
 * Tensor y = new ConstantPad1d(2, 3.5).call(x);
 * }</pre>
 */
public class ConstantPad1d extends PadNd {
    public ConstantPad1d(int padding, double value) { this(all(padding, 1), value); }

    /** padding (left, right). */
    public ConstantPad1d(int[] padding, double value) { super(padding, 1, "constant", value); }

    @Override
    protected String extraRepr() { return "padding=" + py(padding) + ", value=" + value; }
}
