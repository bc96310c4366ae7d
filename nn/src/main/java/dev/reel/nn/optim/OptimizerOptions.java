package dev.reel.nn.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The default hyperparameters of an optimizer, by PyTorch's names; each optimizer's Options adds typed setters. */
public abstract class OptimizerOptions {
    private final Map<String, Object> values = new LinkedHashMap<>();

    protected void put(String name, Object value) { values.put(name, value instanceof Number n ? (Object) n.doubleValue() : value); }

    protected static double checkNonNegative(String optimizer, String name, double v) {
        if (!(v >= 0)) throw new IllegalArgumentException(optimizer + ": invalid " + name + " " + v + " (must be >= 0)");
        return v;
    }

    /** The options by name, in PyTorch's order. */
    public Map<String, Object> asMap() { return Collections.unmodifiableMap(values); }
}
