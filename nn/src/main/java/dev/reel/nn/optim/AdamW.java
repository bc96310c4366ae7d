package dev.reel.nn.optim;

import dev.reel.engine.Tensor;
import java.util.List;

/**
 * Adam with decoupled weight decay, as {@code torch.optim.AdamW}: each step first scales the
 * weights by (1 - lr·weightDecay), then applies Adam's update without decay in the gradient.
 *
 * <pre>{@code
 * var opt = new AdamW(model.parameters(), new AdamW.Options().lr(3e-4).weightDecay(0.05));
 * }</pre>
 */
public class AdamW extends Adam {
    /** As Adam's, but weight decay 0.01 by default. */
    public static class Options extends Adam.Options {
        public Options() { super(0.01); }

        @Override
        public Options lr(double v) { super.lr(v); return this; }

        @Override
        public Options betas(double beta1, double beta2) { super.betas(beta1, beta2); return this; }

        @Override
        public Options eps(double v) { super.eps(v); return this; }

        @Override
        public Options weightDecay(double v) { super.weightDecay(v); return this; }

        @Override
        public Options amsgrad(boolean v) { super.amsgrad(v); return this; }
    }

    public AdamW(List<Tensor> params, Options options) { super("AdamW", single(params), options); }

    private AdamW(List<ParamGroup> groups, Options options, boolean groupsMarker) { super("AdamW", groups, options); }

    /** Parameter groups with their own options. */
    public static AdamW ofGroups(List<ParamGroup> groups, Options options) { return new AdamW(groups, options, true); }

    @Override
    protected boolean decoupledWeightDecay() { return true; }
}
