package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * Smooth L1: 0.5·d²/beta for |d| &lt; beta, |d| - 0.5·beta beyond (default beta 1), as {@code torch.nn.SmoothL1Loss}.
 *
 * <pre>{@code
 * Tensor loss = new SmoothL1Loss().forward(prediction, target);
 * }</pre>
 */
public class SmoothL1Loss extends Loss {
    private final double beta;

    public SmoothL1Loss() { this("mean", 1.0); }

    public SmoothL1Loss(String reduction, double beta) {
        super(reduction);
        this.beta = beta;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return F.smoothL1Loss(input, target, reduction, beta); }
}
