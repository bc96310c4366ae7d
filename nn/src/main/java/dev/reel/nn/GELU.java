package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * x·Φ(x), as {@code torch.nn.GELU}; approximate "none" (exact, the default) or "tanh".
 *
 * <pre>{@code
 * Tensor y = new GELU("tanh").call(x);
 * }</pre>
 */
public class GELU extends Layer {
    private final String approximate;

    public GELU() { this("none"); }

    public GELU(String approximate) {
        if (!approximate.equals("none") && !approximate.equals("tanh")) {
            throw new IllegalArgumentException("GELU: approximate must be 'none' or 'tanh', got '" + approximate + "'");
        }
        this.approximate = approximate;
    }

    @Override
    public Tensor forward(Tensor input) { return F.gelu(input, approximate); }

    @Override
    protected String extraRepr() { return "approximate='" + approximate + "'"; }
}
