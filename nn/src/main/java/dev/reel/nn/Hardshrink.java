package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * x where |x| &gt; lambd, 0 elsewhere, as {@code torch.nn.Hardshrink} (default lambd 0.5).
 *
 * <pre>{@code
 * Tensor y = new Hardshrink(0.3).call(x);
 * }</pre>
 */
public class Hardshrink extends Layer {
    private final double lambd;

    public Hardshrink() { this(0.5); }

    public Hardshrink(double lambd) {
        this.lambd = lambd;
    }

    @Override
    public Tensor forward(Tensor input) { return F.hardshrink(input, lambd); }

    @Override
    protected String extraRepr() { return String.valueOf(lambd); }
}
