package dev.reel.nn.optim;

import dev.reel.engine.Grad;
import dev.reel.engine.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The base of the optimizers, as {@code torch.optim.Optimizer}: parameter groups with their
 * hyperparameters, per-parameter state, {@link #zeroGrad}, and a state dict of the same structure
 * as PyTorch's ({@code state}: parameter index → {step, buffers}; {@code param_groups}: options
 * plus the indices of their parameters).
 *
 * <p>Subclasses write {@link #update}, one parameter at a time, with in-place tensor ops; it runs
 * with graph recording off.
 *
 * <pre>{@code
 * var opt = new Adam(model.parameters(), new Adam.Options().lr(1e-3));
 * opt.zeroGrad();
 * loss.backward();
 * opt.step();
 * }</pre>
 */
public abstract class Optimizer {
    private final List<ParamGroup> groups = new ArrayList<>();
    private final Map<String, Object> defaults;
    private final Map<Tensor, Map<String, Object>> state = new IdentityHashMap<>();
    private final String name;

    protected Optimizer(String name, List<ParamGroup> groups, OptimizerOptions defaults) {
        this.name = name;
        this.defaults = new LinkedHashMap<>(defaults.asMap());
        if (groups.isEmpty()) throw new IllegalArgumentException(name + ": optimizer got an empty parameter list");
        for (ParamGroup g : groups) addParamGroup(g);
    }

    /** One group of all the given parameters. */
    protected static List<ParamGroup> single(List<Tensor> params) { return List.of(new ParamGroup(params)); }

    /** Adds a group; its unset options take the defaults. A parameter may belong to one group only. */
    public void addParamGroup(ParamGroup group) {
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ParamGroup g : groups) seen.addAll(g.params());
        for (Tensor p : group.params()) {
            if (!p.isLeaf()) throw new IllegalArgumentException(name + ": can't optimize a non-leaf Tensor");
            if (!seen.add(p)) throw new IllegalArgumentException(name + ": some parameters appear in more than one parameter group");
        }
        group.applyDefaults(defaults);
        groups.add(group);
    }

    public List<ParamGroup> paramGroups() { return Collections.unmodifiableList(groups); }

    /** The defaults the optimizer was built with. */
    public Map<String, Object> defaults() { return Collections.unmodifiableMap(defaults); }

    /** Clears the gradients of every parameter: to null ({@code setToNone}) or to zeros. */
    public void zeroGrad(boolean setToNone) {
        for (ParamGroup g : groups) {
            for (Tensor p : g.params()) {
                if (p.grad() == null) continue;
                if (setToNone) {
                    p.setGrad(null);
                } else {
                    try (var off = Grad.off()) {
                        p.setGrad(p.grad().detach().zerosLike());
                    }
                }
            }
        }
    }

    public void zeroGrad() { zeroGrad(true); }

    /** One update of every parameter that has a gradient. */
    public void step() {
        try (var off = Grad.off()) {
            for (ParamGroup g : groups) {
                for (Tensor p : g.params()) {
                    if (p.grad() == null) continue;
                    update(p, p.grad().detach(), g, state.computeIfAbsent(p, k -> new LinkedHashMap<>()));
                }
            }
        }
    }

    /** Updates {@code p} in place from its gradient, the group's options and its state (empty on the first step). */
    protected abstract void update(Tensor p, Tensor grad, ParamGroup group, Map<String, Object> state);

    /** The state of one parameter (empty before its first step). */
    public Map<String, Object> state(Tensor p) { return Collections.unmodifiableMap(state.getOrDefault(p, Map.of())); }

    // ------------------------------------------------------------------ state dict

    /**
     * The optimizer's state as PyTorch structures it: {@code state} maps a parameter's index (over
     * all groups, in order) to its state entries (tensors are copies); {@code paramGroups} holds each
     * group's options and {@code params}, the list of its indices.
     */
    public record StateDict(Map<Integer, Map<String, Object>> state, List<Map<String, Object>> paramGroups) {}

    public StateDict stateDict() {
        Map<Integer, Map<String, Object>> st = new LinkedHashMap<>();
        List<Map<String, Object>> pg = new ArrayList<>();
        int index = 0;
        for (ParamGroup g : groups) {
            Map<String, Object> entry = new LinkedHashMap<>();
            g.options().forEach((k, v) -> entry.put(k, v instanceof double[] d ? d.clone() : v));
            List<Integer> ids = new ArrayList<>();
            for (Tensor p : g.params()) {
                Map<String, Object> s = state.get(p);
                if (s != null && !s.isEmpty()) st.put(index, copy(s));
                ids.add(index++);
            }
            entry.put("params", ids);
            pg.add(entry);
        }
        return new StateDict(st, pg);
    }

    /** Restores a state dict taken from an optimizer over parameters of the same shapes and grouping. */
    public void loadStateDict(StateDict sd) {
        if (sd.paramGroups().size() != groups.size()) {
            throw new IllegalArgumentException(name + ".loadStateDict: the state dict has " + sd.paramGroups().size()
                    + " parameter groups, the optimizer " + groups.size());
        }
        List<Tensor> all = new ArrayList<>();
        for (int i = 0; i < groups.size(); i++) {
            Object ids = sd.paramGroups().get(i).get("params");
            int n = ids instanceof List<?> l ? l.size() : -1;
            if (n != groups.get(i).params().size()) {
                throw new IllegalArgumentException(name + ".loadStateDict: group " + i + " has " + n + " parameters in the state dict, "
                        + groups.get(i).params().size() + " in the optimizer");
            }
            all.addAll(groups.get(i).params());
        }
        for (Map.Entry<Integer, Map<String, Object>> e : sd.state().entrySet()) {
            if (e.getKey() < 0 || e.getKey() >= all.size()) {
                throw new IllegalArgumentException(name + ".loadStateDict: state for parameter " + e.getKey() + " but there are "
                        + all.size());
            }
            Tensor p = all.get(e.getKey());
            for (Map.Entry<String, Object> s : e.getValue().entrySet()) {
                if (s.getValue() instanceof Tensor t && !java.util.Arrays.equals(t.shape(), p.shape()) && t.numel() != 1) {
                    throw new IllegalArgumentException(name + ".loadStateDict: state '" + s.getKey() + "' of parameter " + e.getKey()
                            + " has shape " + java.util.Arrays.toString(t.shape()) + ", the parameter "
                            + java.util.Arrays.toString(p.shape()));
                }
            }
        }
        state.clear();
        for (Map.Entry<Integer, Map<String, Object>> e : sd.state().entrySet()) {
            Tensor p = all.get(e.getKey());
            Map<String, Object> s = new LinkedHashMap<>();
            try (var off = Grad.off()) {
                e.getValue().forEach((k, v) -> s.put(k, v instanceof Tensor t ? t.to(p.dtype()).to(p.device()).clone() : v));
            }
            state.put(p, s);
        }
        for (int i = 0; i < groups.size(); i++) {
            ParamGroup g = groups.get(i);
            sd.paramGroups().get(i).forEach((k, v) -> { if (!k.equals("params")) g.set(k, v instanceof double[] d ? d.clone() : v); });
        }
    }

    private static Map<String, Object> copy(Map<String, Object> s) {
        Map<String, Object> out = new LinkedHashMap<>();
        try (var off = Grad.off()) {
            s.forEach((k, v) -> out.put(k, v instanceof Tensor t ? t.clone() : v));
        }
        return out;
    }

    /** A state tensor, created as zeros like {@code p} on first use. */
    protected static Tensor buffer(Map<String, Object> state, String key, Tensor p) {
        return (Tensor) state.computeIfAbsent(key, k -> p.zerosLike());
    }

    /** Increments and returns the step count kept in the state. */
    protected static double nextStep(Map<String, Object> state) {
        double step = (Double) state.getOrDefault("step", 0.0) + 1;
        state.put("step", step);
        return step;
    }
}
