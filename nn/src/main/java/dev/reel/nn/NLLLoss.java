package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * Negative log-likelihood of log-probabilities (N, C, *) against class indices, as
 * {@code torch.nn.NLLLoss}: optional class weights (buffer {@code weight}), ignoreIndex (default -100).
 *
 * <pre>{@code
 * Tensor loss = new NLLLoss().forward(F.logSoftmax(logits, 1), labels);
 * }</pre>
 */
public class NLLLoss extends Loss {
    private final int ignoreIndex;

    public NLLLoss() { this(null, -100, "mean"); }

    public NLLLoss(Tensor weight, int ignoreIndex, String reduction) {
        super(reduction);
        if (weight != null) registerBuffer("weight", weight);
        this.ignoreIndex = ignoreIndex;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return F.nllLoss(input, target, buffer("weight"), ignoreIndex, reduction); }
}
