package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * x where x &gt; threshold, value elsewhere, as {@code torch.nn.Threshold}.
 *
 * <pre>{@code
 * Tensor y = new Threshold(0.1, 20).call(x);
 * }</pre>
 */
public class Threshold extends Layer {
    private final double threshold;
    private final double value;

    public Threshold(double threshold, double value) {
        this.threshold = threshold;
        this.value = value;
    }

    @Override
    public Tensor forward(Tensor input) { return F.threshold(input, threshold, value); }

    @Override
    protected String extraRepr() { return "threshold=" + threshold + ", value=" + value; }
}
