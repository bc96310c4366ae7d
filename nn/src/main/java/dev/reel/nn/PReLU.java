package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * max(0, x) + a·min(0, x) with a learned slope a, as {@code torch.nn.PReLU}: parameter
 * {@code weight} of numParameters elements (1, shared by all channels, or one per channel of
 * dim 1), each initialised to {@code init} (default 0.25).
 *
 * <pre>{@code
 * Tensor y = new PReLU(16, 0.25).call(features);   // (N, 16, H, W)
 * }</pre>
 */
public class PReLU extends Layer {
    private final int numParameters;

    public PReLU() { this(1, 0.25); }

    public PReLU(int numParameters) { this(numParameters, 0.25); }

    public PReLU(int numParameters, double init) {
        if (numParameters <= 0) throw new IllegalArgumentException("PReLU: num_parameters must be positive, got " + numParameters);
        this.numParameters = numParameters;
        registerParameter("weight", Tensor.full(init, numParameters));
    }

    @Override
    public Tensor forward(Tensor input) { return F.prelu(input, param("weight")); }

    @Override
    protected String extraRepr() { return "num_parameters=" + numParameters; }
}
