package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * Gated linear unit a·sigmoid(b), a and b the halves of the input along {@code dim} (default -1), as {@code torch.nn.GLU}.
 *
 * <pre>{@code
 * Tensor y = new GLU().call(x);
 * }</pre>
 */
public class GLU extends Layer {
    private final int dim;

    public GLU() { this(-1); }

    public GLU(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor input) { return F.glu(input, dim); }

    @Override
    protected String extraRepr() { return "dim=" + dim; }
}
