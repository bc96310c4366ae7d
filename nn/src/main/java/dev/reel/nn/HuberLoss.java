package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * Huber loss: 0.5·d² for |d| &lt; delta, delta·(|d| - 0.5·delta) beyond (default delta 1), as {@code torch.nn.HuberLoss}.
 *
 * <pre>{@code
 * Tensor loss = new HuberLoss().forward(prediction, target);
 * }</pre>
 */
public class HuberLoss extends Loss {
    private final double delta;

    public HuberLoss() { this("mean", 1.0); }

    public HuberLoss(String reduction, double delta) {
        super(reduction);
        this.delta = delta;
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) { return F.huberLoss(input, target, reduction, delta); }
}
