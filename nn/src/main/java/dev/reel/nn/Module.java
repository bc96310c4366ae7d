package dev.reel.nn;

import dev.reel.engine.DType;
import dev.reel.engine.Device;
import dev.reel.engine.Grad;
import dev.reel.engine.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The base of every layer and model, as PyTorch's {@code torch.nn.Module}: a tree of named
 * parameters, buffers and child modules, kept in registration order so that {@link #stateDict()}
 * names and orders its entries as PyTorch does ({@code features.0.weight}, {@code bn.running_mean}).
 *
 * <p>A parameter is a leaf tensor that requires grad; a buffer is state that is saved but not
 * trained (BatchNorm's running statistics). Layers read their tensors back through
 * {@link #param(String)} and {@link #buffer(String)} rather than caching them in fields, because
 * {@link #to(DType)} and {@link #loadStateDict} may replace them.
 *
 * <pre>{@code
 * class Net extends Layer {
 *     final Linear fc1 = register("fc1", new Linear(4, 8));
 *     final Linear fc2 = register("fc2", new Linear(8, 2));
 *     public Tensor forward(Tensor x) { return fc2.call(fc1.call(x).relu()); }
 * }
 * Net net = new Net();
 * net.stateDict().keySet();   // [fc1.weight, fc1.bias, fc2.weight, fc2.bias]
 * }</pre>
 */
public abstract class Module {
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Set<String> nonPersistent = new LinkedHashSet<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    // ------------------------------------------------------------------ registration

    /** Registers {@code tensor} as a parameter (it becomes a leaf that requires grad); returns it. */
    protected Tensor registerParameter(String name, Tensor tensor) {
        checkName(name, "registerParameter");
        if (!tensor.isLeaf()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".registerParameter('" + name
                    + "'): a parameter must be a leaf tensor; pass x.detach() to use a computed value");
        }
        parameters.put(name, tensor.requiresGrad_(true));
        return tensor;
    }

    /** Registers a buffer saved in the state dict; returns it. */
    protected Tensor registerBuffer(String name, Tensor tensor) { return registerBuffer(name, tensor, true); }

    /** Registers a buffer; a non-persistent one moves with {@link #to} but is not in the state dict. */
    protected Tensor registerBuffer(String name, Tensor tensor, boolean persistent) {
        checkName(name, "registerBuffer");
        buffers.put(name, tensor);
        if (!persistent) nonPersistent.add(name);
        return tensor;
    }

    /** Registers a child module under {@code name}; returns it. */
    public <M extends Module> M register(String name, M module) {
        checkName(name, "register");
        children.put(name, module);
        return module;
    }

    private void checkName(String name, String what) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(getClass().getSimpleName() + "." + what + ": name must be non-empty and "
                    + "contain no '.', got '" + name + "'");
        }
        boolean taken = (parameters.containsKey(name) && !what.equals("registerParameter"))
                || (buffers.containsKey(name) && !what.equals("registerBuffer"))
                || (children.containsKey(name) && !what.equals("register"));
        if (taken) {
            throw new IllegalArgumentException(getClass().getSimpleName() + "." + what + ": '" + name
                    + "' is already a parameter, buffer or child of this module");
        }
    }

    /** This module's own parameter {@code name}; an error naming the module if absent. */
    public Tensor param(String name) {
        Tensor t = parameters.get(name);
        if (t == null && !parameters.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " has no parameter '" + name + "' (has "
                    + parameters.keySet() + ")");
        }
        return t;
    }

    /**
     * Replaces the parameter at a dotted path ({@code "features.0.weight"}) with another leaf tensor
     * of the same shape, as assigning {@code module.weight = nn.Parameter(t)} in PyTorch.
     */
    public void setParameter(String path, Tensor value) {
        int dot = path.lastIndexOf('.');
        Module owner = this;
        if (dot >= 0) {
            for (String part : path.substring(0, dot).split("\\.")) owner = owner.child(part);
        }
        String name = path.substring(dot + 1);
        Tensor old = owner.param(name);
        if (!java.util.Arrays.equals(old.shape(), value.shape())) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".setParameter('" + path + "'): shape "
                    + Arrays.toString(value.shape()) + " does not match the parameter's " + Arrays.toString(old.shape()));
        }
        owner.registerParameter(name, value);
    }

    /** This module's own parameter, or null when it has none of that name (an optional bias). */
    public Tensor paramOrNull(String name) { return parameters.get(name); }

    /** This module's own buffer {@code name}, or null when it has none. */
    public Tensor buffer(String name) { return buffers.get(name); }

    /** Replaces the value of an existing buffer (BatchNorm's counter, for example). */
    protected void setBuffer(String name, Tensor value) {
        if (!buffers.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " has no buffer '" + name + "'");
        }
        buffers.put(name, value);
    }

    /** The child module {@code name}; an error naming this module if absent. */
    public Module child(String name) {
        Module m = children.get(name);
        if (m == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " has no child '" + name + "' (has "
                    + children.keySet() + ")");
        }
        return m;
    }

    /** The direct children in registration order. */
    public Map<String, Module> namedChildren() { return Collections.unmodifiableMap(children); }

    public List<Module> children() { return List.copyOf(children.values()); }

    /** This module and all below it, depth first, with dotted names ("" for this one). */
    public Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        collectModules("", out);
        return out;
    }

    private void collectModules(String prefix, Map<String, Module> out) {
        out.put(prefix, this);
        children.forEach((n, m) -> m.collectModules(prefix.isEmpty() ? n : prefix + "." + n, out));
    }

    // ------------------------------------------------------------------ parameters and buffers

    /** Every parameter of the tree with its dotted name, in registration order (each tensor once). */
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Set<Tensor> seen = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        namedModules().forEach((prefix, m) -> m.parameters.forEach((n, t) -> {
            if (t != null && seen.add(t)) out.put(prefix.isEmpty() ? n : prefix + "." + n, t);
        }));
        return out;
    }

    /** Every parameter of the tree (what an optimizer is given). */
    public List<Tensor> parameters() { return new ArrayList<>(namedParameters().values()); }

    /** Every buffer of the tree with its dotted name. */
    public Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        namedModules().forEach((prefix, m) -> m.buffers.forEach((n, t) -> {
            if (t != null) out.put(prefix.isEmpty() ? n : prefix + "." + n, t);
        }));
        return out;
    }

    /** The number of parameter elements (only those that require grad when {@code trainableOnly}). */
    public long parameterCount(boolean trainableOnly) {
        long n = 0;
        for (Tensor t : parameters()) if (!trainableOnly || t.requiresGrad()) n += t.numel();
        return n;
    }

    // ------------------------------------------------------------------ modes, grads, freezing

    /** Sets training mode on this module and every child (as {@code module.train(mode)}); returns this. */
    public Module train(boolean mode) {
        for (Module m : namedModules().values()) m.training = mode;
        return this;
    }

    public Module train() { return train(true); }

    /** Evaluation mode: dropout off, BatchNorm uses its running statistics. */
    public Module eval() { return train(false); }

    public boolean isTraining() { return training; }

    /** Clears every parameter's gradient: to null ({@code setToNone}) or to zeros. */
    public void zeroGrad(boolean setToNone) {
        for (Tensor p : parameters()) {
            if (p.grad() == null) continue;
            if (setToNone) {
                p.setGrad(null);
            } else {
                try (var g = Grad.off()) {
                    p.setGrad(p.grad().detach().zerosLike());
                }
            }
        }
    }

    /** As PyTorch 2's default: gradients set to null. */
    public void zeroGrad() { zeroGrad(true); }

    /** Freezes ({@code false}) or unfreezes every parameter of the tree; returns this. */
    public Module requiresGrad_(boolean on) {
        for (Tensor p : parameters()) p.requiresGrad_(on);
        return this;
    }

    /** Calls {@code fn} on every child (recursively) and then on this module, as PyTorch's {@code apply}. */
    public Module apply(Consumer<Module> fn) {
        for (Module c : children.values()) c.apply(fn);
        fn.accept(this);
        return this;
    }

    // ------------------------------------------------------------------ dtype and device

    /** Casts floating parameters and buffers to {@code dtype} (integer buffers keep theirs); returns this. */
    public Module to(DType dtype) {
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".to: modules can only be cast to a floating "
                    + "dtype, got " + dtype.torchName());
        }
        return convert(t -> t.dtype().isFloatingPoint() ? t.to(dtype) : t);
    }

    /** Moves every parameter and buffer to {@code device}; returns this. */
    public Module to(Device device) { return convert(t -> t.to(device)); }

    private Module convert(UnaryOperator<Tensor> fn) {
        for (Module m : namedModules().values()) {
            try (var g = Grad.off()) {
                for (Map.Entry<String, Tensor> e : m.parameters.entrySet()) {
                    Tensor old = e.getValue();
                    if (old == null) continue;
                    Tensor moved = fn.apply(old.detach());
                    if (moved.storage() == old.storage()) continue;
                    e.setValue(moved.requiresGrad_(old.requiresGrad()));
                }
                for (Map.Entry<String, Tensor> e : m.buffers.entrySet()) {
                    if (e.getValue() != null) e.setValue(fn.apply(e.getValue()));
                }
            }
        }
        return this;
    }

    // ------------------------------------------------------------------ state dict

    /**
     * Parameters and persistent buffers by PyTorch key, in PyTorch's order; the tensors are
     * detached and share storage with the module (copy them to keep a snapshot).
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        namedModules().forEach((prefix, m) -> {
            String p = prefix.isEmpty() ? "" : prefix + ".";
            m.parameters.forEach((n, t) -> { if (t != null) out.put(p + n, t.detach()); });
            m.buffers.forEach((n, t) -> { if (t != null && !m.nonPersistent.contains(n)) out.put(p + n, t.detach()); });
        });
        return out;
    }

    /** What {@link #loadStateDict} did not match. */
    public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys) {}

    /** {@link #loadStateDict(Map, boolean)} in strict mode. */
    public LoadResult loadStateDict(Map<String, Tensor> state) { return loadStateDict(state, true); }

    /**
     * Copies {@code state} into this module's parameters and buffers (values are cast to each
     * tensor's dtype). Shape mismatches are always an error; in strict mode missing and unexpected
     * keys are too. All problems are reported together in one {@link StateDictException}, and
     * nothing is changed when there is one.
     */
    public LoadResult loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Tensor> own = stateDict();
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src == null) {
                missing.add(e.getKey());
            } else if (!Arrays.equals(src.shape(), e.getValue().shape())) {
                mismatched.add(e.getKey() + ": checkpoint has shape " + Arrays.toString(src.shape()) + ", the model "
                        + Arrays.toString(e.getValue().shape()));
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String k : state.keySet()) if (!own.containsKey(k)) unexpected.add(k);
        if (!mismatched.isEmpty() || (strict && (!missing.isEmpty() || !unexpected.isEmpty()))) {
            throw new StateDictException(getClass().getSimpleName(), strict ? missing : List.of(),
                    strict ? unexpected : List.of(), mismatched);
        }
        try (var g = Grad.off()) {
            for (Map.Entry<String, Tensor> e : own.entrySet()) {
                Tensor src = state.get(e.getKey());
                if (src != null) e.getValue().copy_(src.to(e.getValue().device()));
            }
        }
        return new LoadResult(List.copyOf(missing), List.copyOf(unexpected));
    }

    // ------------------------------------------------------------------ printing

    /** The constructor arguments shown inside the parentheses, e.g. {@code in_features=4, out_features=2, bias=True}. */
    protected String extraRepr() { return ""; }

    /** The class name printed in the tree (PyTorch's name for built-in layers). */
    protected String typeName() { return getClass().getSimpleName(); }

    /**
     * A tree like PyTorch's {@code print(model)}, with the parameter count of every module that
     * has parameters and the total (and trainable) count at the end.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        appendTree(sb, "");
        long total = parameterCount(false), trainable = parameterCount(true);
        sb.append("\nTotal params: ").append(String.format("%,d", total));
        if (trainable != total) sb.append(" (trainable: ").append(String.format("%,d", trainable)).append(')');
        return sb.toString();
    }

    private void appendTree(StringBuilder sb, String indent) {
        long count = parameterCount(false);
        String note = count > 0 ? "  # " + String.format("%,d", count) + " params" : "";
        sb.append(typeName()).append('(').append(extraRepr());
        if (children.isEmpty()) {
            sb.append(')').append(note);
            return;
        }
        sb.append(note).append('\n');
        for (Map.Entry<String, Module> e : children.entrySet()) {
            sb.append(indent).append("  (").append(e.getKey()).append("): ");
            e.getValue().appendTree(sb, indent + "  ");
            sb.append('\n');
        }
        sb.append(indent).append(')');
    }

    /** PyTorch's spelling of a boolean in {@link #extraRepr()}. */
    protected static String py(boolean b) { return b ? "True" : "False"; }

    /** PyTorch's spelling of a tuple, e.g. {@code (3, 3)}. */
    protected static String py(int[] v) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) sb.append(i > 0 ? ", " : "").append(v[i]);
        return sb.append(v.length == 1 ? ",)" : ")").toString();
    }
}
