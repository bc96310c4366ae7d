package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * y = x·Wᵀ + b over the last dimension, as {@code torch.nn.Linear}: weight (out, in), bias (out).
 * Initialised as PyTorch: kaiming-uniform with a = √5 for the weight (bound 1/√in), U(-1/√in, 1/√in)
 * for the bias.
 *
 * <pre>{@code
 * var fc = new Linear(512, 10);
 * Tensor logits = fc.call(features);     // (N, 512) -> (N, 10)
 * }</pre>
 */
public class Linear extends Layer {
    private final int inFeatures;
    private final int outFeatures;

    public Linear(int inFeatures, int outFeatures) { this(inFeatures, outFeatures, true); }

    public Linear(int inFeatures, int outFeatures, boolean bias) {
        if (inFeatures < 0 || outFeatures < 0) {
            throw new IllegalArgumentException("Linear: in_features and out_features must be >= 0, got " + inFeatures + " and "
                    + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        Tensor w = registerParameter("weight", Tensor.empty(outFeatures, inFeatures));
        Init.kaimingUniform(w, Math.sqrt(5), Init.FanMode.FAN_IN, "leaky_relu");
        if (bias) {
            double bound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
            Init.uniform(registerParameter("bias", Tensor.empty(outFeatures)), -bound, bound);
        }
    }

    public Tensor weight() { return param("weight"); }

    /** The bias, or null when built without one. */
    public Tensor bias() { return paramOrNull("bias"); }

    public int inFeatures() { return inFeatures; }

    public int outFeatures() { return outFeatures; }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() == 0 || input.size(-1) != inFeatures) {
            throw new IllegalArgumentException("Linear: expected input with last dimension " + inFeatures + ", got shape "
                    + java.util.Arrays.toString(input.shape()));
        }
        return F.linear(input, weight(), bias());
    }

    @Override
    protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + py(bias() != null);
    }
}
