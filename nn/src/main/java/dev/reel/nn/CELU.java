package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * max(0, x) + min(0, alpha·(exp(x/alpha) - 1)), as {@code torch.nn.CELU} (default alpha 1; alpha 0 is rejected).
 *
 * <pre>{@code
 * Tensor y = new CELU(0.5).call(x);
 * }</pre>
 */
public class CELU extends Layer {
    private final double alpha;

    public CELU() { this(1.0); }

    public CELU(double alpha) {
        if (alpha == 0) throw new IllegalArgumentException("CELU: alpha cannot be 0");
        this.alpha = alpha;
    }

    @Override
    public Tensor forward(Tensor input) { return F.celu(input, alpha); }

    @Override
    protected String extraRepr() { return "alpha=" + alpha; }
}
