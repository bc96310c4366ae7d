package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * Layer normalization over the trailing {@code normalizedShape} dimensions, as
 * {@code torch.nn.LayerNorm}: weight (ones) and bias (zeros) of that shape when elementwise affine.
 *
 * <pre>{@code
 * var ln = new LayerNorm(512);
 * Tensor y = ln.call(x);     // x (..., 512)
 * }</pre>
 */
public class LayerNorm extends Layer {
    private final int[] normalizedShape;
    private final double eps;
    private final boolean elementwiseAffine;

    public LayerNorm(int... normalizedShape) { this(normalizedShape, 1e-5, true, true); }

    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine, boolean bias) {
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.elementwiseAffine = elementwiseAffine;
        if (elementwiseAffine) {
            registerParameter("weight", Tensor.ones(normalizedShape));
            if (bias) registerParameter("bias", Tensor.zeros(normalizedShape));
        }
    }

    @Override
    public Tensor forward(Tensor input) { return F.layerNorm(input, normalizedShape, paramOrNull("weight"), paramOrNull("bias"), eps); }

    @Override
    protected String extraRepr() { return py(normalizedShape) + ", eps=" + eps + ", elementwise_affine=" + py(elementwiseAffine); }
}
