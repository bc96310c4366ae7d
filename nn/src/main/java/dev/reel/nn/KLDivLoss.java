package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * Kullback-Leibler divergence of target from input, input given as log-probabilities (reduction may be "batchmean"), as {@code torch.nn.KLDivLoss}.
 *
 * <pre>{@code
 * Tensor loss = new KLDivLoss().forward(prediction, target);
 * }</pre>
 */
public class KLDivLoss extends Loss {
    private final boolean logTarget;

    public KLDivLoss() { this("mean", false); }

    public KLDivLoss(String reduction, boolean logTarget) {
        super(reduction);
        this.logTarget = logTarget;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return F.klDiv(input, target, reduction, logTarget); }
}
