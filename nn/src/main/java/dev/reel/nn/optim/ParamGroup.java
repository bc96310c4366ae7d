package dev.reel.nn.optim;

import dev.reel.engine.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameters that share hyperparameters, as an entry of PyTorch's {@code optimizer.param_groups}:
 * the options a group sets override the optimizer's defaults; schedulers change them
 * ({@code lr}, {@code momentum}, {@code betas}) between steps.
 *
 * <pre>{@code
 * var groups = List.of(new ParamGroup(backbone.parameters()).set("lr", 1e-4),
 *                      new ParamGroup(head.parameters()));
 * var opt = new SGD(groups, new SGD.Options().lr(0.1).momentum(0.9));
 * }</pre>
 */
public final class ParamGroup {
    private final List<Tensor> params;
    private final Map<String, Object> options = new LinkedHashMap<>();

    public ParamGroup(List<Tensor> params) {
        this.params = List.copyOf(params);
    }

    /** Sets an option (a Double, Boolean, or double[] for {@code betas}); returns this. */
    public ParamGroup set(String name, Object value) {
        options.put(name, value instanceof Number n ? (Object) n.doubleValue() : value);
        return this;
    }

    public List<Tensor> params() { return params; }

    /** Every option of the group, defaults included once it belongs to an optimizer. */
    public Map<String, Object> options() { return Collections.unmodifiableMap(options); }

    public boolean has(String name) { return options.containsKey(name); }

    public double getDouble(String name) {
        Object v = options.get(name);
        if (!(v instanceof Double d)) throw new IllegalArgumentException("param group: option '" + name + "' is " + v + ", not a number");
        return d;
    }

    public boolean getBoolean(String name) {
        Object v = options.get(name);
        if (!(v instanceof Boolean b)) throw new IllegalArgumentException("param group: option '" + name + "' is " + v + ", not a boolean");
        return b;
    }

    public double[] getDoubles(String name) {
        Object v = options.get(name);
        if (!(v instanceof double[] d)) throw new IllegalArgumentException("param group: option '" + name + "' is not a list of numbers");
        return d.clone();
    }

    public double lr() { return getDouble("lr"); }

    public void setLr(double lr) { set("lr", lr); }

    /** Fills in the optimizer's defaults for options the group does not set. */
    void applyDefaults(Map<String, Object> defaults) {
        defaults.forEach((k, v) -> options.putIfAbsent(k, v instanceof double[] d ? d.clone() : v));
    }
}
