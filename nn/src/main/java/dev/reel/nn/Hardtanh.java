package dev.reel.nn;

import dev.reel.engine.Tensor;

/**
 * Clamps into [minVal, maxVal], as {@code torch.nn.Hardtanh} (default [-1, 1]).
 *
 * <pre>{@code
 * Tensor y = new Hardtanh(-2, 2).call(x);
 * }</pre>
 */
public class Hardtanh extends Layer {
    private final double minVal;
    private final double maxVal;

    public Hardtanh() { this(-1, 1); }

    public Hardtanh(double minVal, double maxVal) {
        if (!(maxVal > minVal)) {
            throw new IllegalArgumentException("Hardtanh: max_val must be greater than min_val, got " + minVal + " and " + maxVal);
        }
        this.minVal = minVal;
        this.maxVal = maxVal;
    }

    @Override
    public Tensor forward(Tensor input) { return input.hardtanh(minVal, maxVal); }

    @Override
    protected String extraRepr() { return "min_val=" + minVal + ", max_val=" + maxVal; }
}
