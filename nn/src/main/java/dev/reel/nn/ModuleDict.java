package dev.reel.nn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Modules by name, in insertion order, as {@code torch.nn.ModuleDict}; the names become the
 * state dict prefixes.
 *
 * <pre>{@code
 * var heads = new ModuleDict<Linear>();
 * heads.put("action", new Linear(512, 10));
 * heads.get("action").call(features);
 * }</pre>
 */
public class ModuleDict<M extends Module> extends Module {
    private final Map<String, M> items = new LinkedHashMap<>();

    public ModuleDict<M> put(String name, M module) {
        register(name, module);
        items.put(name, module);
        return this;
    }

    public M get(String name) {
        M m = items.get(name);
        if (m == null) throw new IllegalArgumentException("ModuleDict has no key '" + name + "' (has " + items.keySet() + ")");
        return m;
    }

    public boolean containsKey(String name) { return items.containsKey(name); }

    public int size() { return items.size(); }

    public Map<String, M> asMap() { return Collections.unmodifiableMap(items); }
}
