package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * x - lambd above lambd, x + lambd below -lambd, 0 between, as {@code torch.nn.Softshrink} (default lambd 0.5, must be ≥ 0).
 *
 * <pre>{@code
 * Tensor y = new Softshrink(0.3).call(x);
 * }</pre>
 */
public class Softshrink extends Layer {
    private final double lambd;

    public Softshrink() { this(0.5); }

    public Softshrink(double lambd) {
        if (!(lambd >= 0)) throw new IllegalArgumentException("Softshrink: lambda must be greater or equal to 0, but found to be " + lambd + ".");
        this.lambd = lambd;
    }

    @Override
    public Tensor forward(Tensor input) { return F.softshrink(input, lambd); }

    @Override
    protected String extraRepr() { return String.valueOf(lambd); }
}
