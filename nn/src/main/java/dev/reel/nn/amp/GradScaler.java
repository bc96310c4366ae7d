package dev.reel.nn.amp;

import dev.reel.engine.Grad;
import dev.reel.engine.Tensor;
import dev.reel.nn.optim.Optimizer;
import dev.reel.nn.optim.ParamGroup;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Dynamic loss scaling for F16 training, as {@code torch.cuda.amp.GradScaler}. F16's smallest
 * normal is 6·10⁻⁵, so small gradients flush to zero; multiplying the loss by a large scale
 * (initially 2¹⁶) lifts them into range, and the gradients are divided by it again before the
 * optimizer sees them. When a step overflows (an inf or NaN gradient) it is skipped and the scale
 * halves; after {@code growthInterval} clean steps in a row the scale doubles.
 *
 * <pre>{@code
 * var scaler = new GradScaler();
 * for (Batch b : loader) {
 *     optimizer.zeroGrad();
 *     Tensor loss;
 *     try (var ac = Autocast.f16()) {
 *         loss = lossFn.apply(model.call(b.input()), b.target());
 *     }
 *     scaler.scale(loss).backward();
 *     scaler.unscale_(optimizer);                          // optional: to clip true gradients
 *     GradClipping.clipGradNorm(model.parameters(), 1.0, 2);
 *     scaler.step(optimizer);                              // skipped on inf/NaN
 *     scaler.update();
 * }
 * }</pre>
 *
 * <p>BF16 has F32's exponent range and needs no scaler; a disabled scaler ({@code enabled = false})
 * passes everything through, so one loop serves both.
 */
public final class GradScaler {
    /** Where one optimizer is in the current iteration (PyTorch's OptState). */
    private enum Stage { READY, UNSCALED, STEPPED }

    private static final class OptimizerState {
        Stage stage = Stage.READY;
        boolean foundInf;
    }

    private double growthFactor, backoffFactor;
    private int growthInterval;
    private final boolean enabled;
    private double scale;
    private int growthTracker;
    private final Map<Optimizer, OptimizerState> perOptimizer = new IdentityHashMap<>();

    /** PyTorch's defaults: init scale 2¹⁶, growth 2.0, backoff 0.5, growth interval 2000, enabled. */
    public GradScaler() { this(65536.0, 2.0, 0.5, 2000, true); }

    /** A scaler with the given settings (PyTorch's constructor arguments, in its order). */
    public GradScaler(double initScale, double growthFactor, double backoffFactor, int growthInterval, boolean enabled) {
        if (!(initScale > 0) || Double.isInfinite(initScale)) throw new IllegalArgumentException("GradScaler: init_scale must be a positive finite number, got " + initScale);
        if (!(growthFactor > 1)) throw new IllegalArgumentException("GradScaler: growth_factor should be > 1, got " + growthFactor);
        if (!(backoffFactor > 0 && backoffFactor < 1)) throw new IllegalArgumentException("GradScaler: backoff_factor should be in (0, 1), got " + backoffFactor);
        if (growthInterval <= 0) throw new IllegalArgumentException("GradScaler: growth_interval should be > 0, got " + growthInterval);
        this.scale = initScale;
        this.growthFactor = growthFactor;
        this.backoffFactor = backoffFactor;
        this.growthInterval = growthInterval;
        this.enabled = enabled;
    }

    public boolean isEnabled() { return enabled; }

    /** The current scale (1 when disabled, as PyTorch's get_scale). */
    public double getScale() { return enabled ? scale : 1.0; }

    /** Clean steps since the last change of scale. */
    public int growthTracker() { return growthTracker; }

    /** loss × scale, in the loss's dtype (the loss itself when disabled). Call backward on the result. */
    public Tensor scale(Tensor loss) {
        return enabled ? loss.mul(scale) : loss;
    }

    /**
     * Divides every gradient of the optimizer's parameters by the scale, in place, and records
     * whether any of them holds an inf or NaN. The check is fused: each gradient's non-finite flag
     * is or-ed on its device and the host reads the result once, not once per tensor. At most once
     * per optimizer between {@link #update()} calls.
     */
    public void unscale_(Optimizer optimizer) {
        if (!enabled) return;
        OptimizerState s = perOptimizer.computeIfAbsent(optimizer, o -> new OptimizerState());
        if (s.stage == Stage.UNSCALED) {
            throw new IllegalStateException("GradScaler.unscale_: unscale_() has already been called on this optimizer since the last update()");
        }
        if (s.stage == Stage.STEPPED) throw new IllegalStateException("GradScaler.unscale_: unscale_() is being called after step()");
        double inv = 1.0 / scale;
        try (var off = Grad.off()) {
            Tensor nonFinite = null;
            for (ParamGroup g : optimizer.paramGroups()) {
                for (Tensor p : g.params()) {
                    Tensor grad = p.grad();
                    if (grad == null) continue;
                    grad.mul_(inv);
                    Tensor bad = grad.isFinite().logicalNot().any();
                    nonFinite = nonFinite == null ? bad : nonFinite.to(bad.device()).logicalOr(bad);
                }
            }
            s.foundInf = nonFinite != null && nonFinite.itemBoolean();
        }
        s.stage = Stage.UNSCALED;
    }

    /**
     * Unscales the gradients (unless {@link #unscale_} already did this iteration) and runs
     * {@code optimizer.step()} when they are all finite; returns whether the step ran.
     */
    public boolean step(Optimizer optimizer) {
        if (!enabled) {
            optimizer.step();
            return true;
        }
        OptimizerState s = perOptimizer.computeIfAbsent(optimizer, o -> new OptimizerState());
        if (s.stage == Stage.STEPPED) throw new IllegalStateException("GradScaler.step: step() has already been called since the last update()");
        if (s.stage == Stage.READY) unscale_(optimizer);
        s.stage = Stage.STEPPED;
        if (s.foundInf) return false;
        optimizer.step();
        return true;
    }

    /**
     * Adjusts the scale after an iteration: × backoff (and the clean-step count restarts) when any
     * optimizer found an inf/NaN gradient, else one more clean step, and × growth once
     * {@code growthInterval} clean steps have run in a row.
     */
    public void update() {
        if (!enabled) return;
        if (perOptimizer.isEmpty()) {
            throw new IllegalStateException("GradScaler.update: no inf checks were recorded prior to update(); call step() or unscale_() first");
        }
        boolean foundInf = false;
        for (OptimizerState s : perOptimizer.values()) foundInf |= s.foundInf;
        if (foundInf) {
            scale *= backoffFactor;
            growthTracker = 0;
        } else if (++growthTracker == growthInterval) {
            scale *= growthFactor;
            growthTracker = 0;
        }
        perOptimizer.clear();
    }

    /** Sets the scale directly (PyTorch's update(new_scale)) and starts a new iteration. */
    public void update(double newScale) {
        if (!enabled) return;
        if (!(newScale > 0) || Double.isInfinite(newScale)) throw new IllegalArgumentException("GradScaler.update: new_scale must be positive and finite, got " + newScale);
        scale = newScale;
        perOptimizer.clear();
    }

    /**
     * PyTorch's state_dict keys: {@code scale}, {@code growth_factor}, {@code backoff_factor},
     * {@code growth_interval}, {@code _growth_tracker} (empty when disabled, as PyTorch's).
     */
    public Map<String, Object> stateDict() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!enabled) return m;
        m.put("scale", scale);
        m.put("growth_factor", growthFactor);
        m.put("backoff_factor", backoffFactor);
        m.put("growth_interval", growthInterval);
        m.put("_growth_tracker", growthTracker);
        return m;
    }

    /**
     * Restores a {@link #stateDict()} (or PyTorch's {@code scaler.state_dict()}): the scale, the
     * growth tracker and, where present, the growth/backoff factors and interval, as PyTorch does.
     */
    public void loadStateDict(Map<String, ?> state) {
        if (!enabled) throw new IllegalStateException("GradScaler.loadStateDict: cannot load into a disabled scaler");
        if (state.isEmpty()) throw new IllegalArgumentException("GradScaler.loadStateDict: the state is empty (it came from a disabled scaler)");
        double s = number(state, "scale").doubleValue();
        int tracker = number(state, "_growth_tracker").intValue();
        double growth = state.containsKey("growth_factor") ? number(state, "growth_factor").doubleValue() : growthFactor;
        double backoff = state.containsKey("backoff_factor") ? number(state, "backoff_factor").doubleValue() : backoffFactor;
        int interval = state.containsKey("growth_interval") ? number(state, "growth_interval").intValue() : growthInterval;
        if (!(s > 0) || Double.isInfinite(s)) throw new IllegalArgumentException("GradScaler.loadStateDict: scale must be positive and finite, got " + s);
        if (tracker < 0) throw new IllegalArgumentException("GradScaler.loadStateDict: _growth_tracker must be >= 0, got " + tracker);
        if (!(growth > 1)) throw new IllegalArgumentException("GradScaler.loadStateDict: growth_factor should be > 1, got " + growth);
        if (!(backoff > 0 && backoff < 1)) throw new IllegalArgumentException("GradScaler.loadStateDict: backoff_factor should be in (0, 1), got " + backoff);
        if (interval <= 0) throw new IllegalArgumentException("GradScaler.loadStateDict: growth_interval should be > 0, got " + interval);
        scale = s;
        growthTracker = tracker;
        growthFactor = growth;
        backoffFactor = backoff;
        growthInterval = interval;
        perOptimizer.clear();
    }

    private static Number number(Map<String, ?> state, String key) {
        Object v = state.get(key);
        if (!(v instanceof Number n)) throw new IllegalArgumentException("GradScaler.loadStateDict: '" + key + "' is missing or not a number: " + v);
        return n;
    }
}
