package dev.reel.engine.autograd;

import dev.reel.engine.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Runs backward over the recorded graph.
 *
 * <p>Iterative on purpose: a recursive walk would overflow the Java stack on long graphs (an LSTM
 * unrolled over thousands of steps). Three passes: (1) a depth-first walk from the roots finds
 * every node and its parents; (2) when specific inputs are asked for, only nodes that lead to one
 * of them are kept; (3) nodes run in dependency order, each once all its consumers have sent their
 * gradients, which are summed in a buffer.
 */
public final class Engine {
    private Engine() {}

    /**
     * Backpropagates {@code grads} from {@code roots}. With {@code inputs == null} it accumulates
     * into the {@code .grad} of every leaf reached (as {@code Tensor.backward}); otherwise it
     * returns the gradients of {@code inputs} and leaves {@code .grad} alone (as {@code torch.autograd.grad}).
     */
    public static Tensor[] run(Tensor[] roots, Tensor[] grads, boolean retainGraph, boolean createGraph,
                               Tensor[] inputs, boolean allowUnused) {
        Node[] rootNodes = new Node[roots.length];
        for (int i = 0; i < roots.length; i++) {
            if (!roots[i].requiresGrad()) {
                throw new IllegalStateException("element " + i + " of tensors does not require grad and does not have a grad_fn");
            }
            rootNodes[i] = nodeOf(roots[i]);
        }

        // (1) discover the graph
        Map<Node, List<Node>> parents = new IdentityHashMap<>();
        ArrayDeque<Node> stack = new ArrayDeque<>();
        for (Node r : rootNodes) {
            if (!parents.containsKey(r)) {
                parents.put(r, new ArrayList<>(1));
                stack.push(r);
            }
        }
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            for (Node c : n.next()) {
                if (c == null) continue;
                List<Node> ps = parents.get(c);
                if (ps == null) {
                    ps = new ArrayList<>(1);
                    parents.put(c, ps);
                    stack.push(c);
                }
                ps.add(n);
            }
        }

        // (2) which nodes are worth running
        Map<Node, Integer> captureIndex = new IdentityHashMap<>();
        Map<Node, Boolean> needed = new IdentityHashMap<>();
        if (inputs == null) {
            for (Node n : parents.keySet()) needed.put(n, true);
        } else {
            for (int i = 0; i < inputs.length; i++) {
                if (!inputs[i].requiresGrad()) {
                    throw new IllegalStateException("One of the differentiated Tensors (input " + i + ") does not require grad");
                }
                Node n = nodeOf(inputs[i]);
                captureIndex.putIfAbsent(n, i);
                if (parents.containsKey(n) && needed.put(n, true) == null) stack.push(n);
            }
            while (!stack.isEmpty()) {
                for (Node p : parents.get(stack.pop())) {
                    if (needed.put(p, true) == null) stack.push(p);
                }
            }
        }
        Map<Node, Integer> pending = new IdentityHashMap<>();
        for (Node n : needed.keySet()) {
            for (Node c : n.next()) {
                if (c != null && needed.containsKey(c)) pending.merge(c, 1, Integer::sum);
            }
        }

        // (3) execute
        Map<Node, Tensor> buffers = new IdentityHashMap<>();
        // Buffers the engine allocated itself and nothing else references: safe to add into in place.
        Set<Tensor> owned = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < roots.length; i++) {
            Tensor g = grads[i];
            if (!Arrays.equals(g.shape(), roots[i].shape())) {
                throw new IllegalArgumentException("backward: grad has shape " + Arrays.toString(g.shape())
                        + " but the output has shape " + Arrays.toString(roots[i].shape()));
            }
            buffers.merge(rootNodes[i], g, Tensor::add);
        }
        ArrayDeque<Node> ready = new ArrayDeque<>();
        for (Node r : rootNodes) {
            if (needed.containsKey(r) && pending.getOrDefault(r, 0) == 0 && !ready.contains(r)) ready.add(r);
        }
        Tensor[] captured = inputs == null ? null : new Tensor[inputs.length];
        // With create_graph the gradients become part of a new graph: nothing may be recycled.
        GradBuffers recycling = new GradBuffers(!createGraph);
        boolean wasEnabled = GradMode.isEnabled();
        GradMode.setEnabled(createGraph);
        try {
            while (!ready.isEmpty()) {
                Node node = ready.poll();
                Tensor grad = buffers.remove(node);
                // From here the buffer may flow on (a backward can pass its gradient through
                // unchanged), so it must no longer be summed into in place.
                if (grad != null) owned.remove(grad);
                if (grad != null && !node.hooks().isEmpty()) recycling.pin(grad);
                if (grad != null) {
                    for (UnaryOperator<Tensor> hook : node.hooks()) {
                        Tensor h = hook.apply(grad);
                        if (h != null) grad = h;
                    }
                }
                Integer ci = captureIndex.get(node);
                if (ci != null && grad != null) {
                    for (int i = 0; i < inputs.length; i++) {
                        if (nodeOf(inputs[i]) == node) {
                            captured[i] = grad;
                            recycling.pin(grad);
                        }
                    }
                }
                Tensor[] out = null;
                if (node instanceof AccumulateGrad acc) {
                    // without create_graph .grad receives a copy (or a sum), never this buffer
                    if (inputs == null && grad != null) acc.accumulate(grad, createGraph);
                } else if (grad != null && !createGraph && node.hasRegion() && hasNeededChild(node, needed)) {
                    // A view's gradient goes straight into the region of its input's buffer.
                    Tensor g = grad, prev = buffers.get(node.next()[0]);
                    recycling.track(() -> addIntoRegion(node, g, buffers, owned));
                    recycling.replaced(prev, buffers.get(node.next()[0]));
                    if (!retainGraph) node.release();
                } else if (grad != null && hasNeededChild(node, needed)) {
                    Tensor g = grad;
                    out = recycling.track(() -> node.apply(g));
                    if (GradMode.isAnomalyEnabled()) checkFinite(node, out);
                    if (!retainGraph) node.release();
                }
                Node[] next = node.next();
                for (int i = 0; i < next.length; i++) {
                    Node c = next[i];
                    if (c == null || !needed.containsKey(c)) continue;
                    if (out != null && out[i] != null) {
                        if (createGraph) {
                            buffers.merge(c, out[i], Tensor::add);
                        } else {
                            Tensor o = out[i], prev = buffers.get(c);
                            recycling.track(() -> accumulate(c, o, buffers, owned));
                            recycling.replaced(prev, buffers.get(c));
                        }
                    }
                    int left = pending.merge(c, -1, Integer::sum);
                    if (left == 0) ready.add(c);
                }
                recycling.drop(grad);
                recycling.sweep();
            }
        } finally {
            GradMode.setEnabled(wasEnabled);
        }
        if (captured != null && !allowUnused) {
            for (int i = 0; i < captured.length; i++) {
                if (captured[i] == null) {
                    throw new IllegalStateException("One of the differentiated Tensors (input " + i + ") appears to not have "
                            + "been used in the graph. Set allowUnused=true if this is the desired behavior.");
                }
            }
        }
        return captured;
    }

    /**
     * Adds {@code g} to the gradient buffered for {@code c}: in place when the buffer is the
     * engine's own (a sum it made), else into a new sum, which becomes the engine's own. Used
     * without create_graph only: in-place sums are not differentiable.
     */
    private static void accumulate(Node c, Tensor g, Map<Node, Tensor> buffers, Set<Tensor> owned) {
        Tensor prev = buffers.get(c);
        if (prev == null) {
            buffers.put(c, g);
        } else if (owned.contains(prev) && Arrays.equals(prev.shape(), g.shape()) && prev.dtype() == g.dtype()) {
            prev.add_(g);
        } else {
            Tensor sum = prev.add(g);
            owned.add(sum);
            buffers.put(c, sum);
        }
    }

    /**
     * The backward of a view without its zero tensor: {@code grad} is added into the region of
     * the input's gradient buffer, which is allocated (zeros, or a copy of what was there) the
     * first time and owned by the engine from then on.
     */
    private static void addIntoRegion(Node node, Tensor grad, Map<Node, Tensor> buffers, Set<Tensor> owned) {
        Node c = node.next()[0];
        Tensor buf = buffers.get(c);
        if (buf == null || !owned.contains(buf)) {
            Tensor fresh = grad.newZeros(node.inputShape(0));
            if (fresh.dtype() != node.inputDType(0) && node.inputDType(0).isFloatingPoint()) fresh = fresh.to(node.inputDType(0));
            if (buf != null) fresh.copy_(buf);
            owned.add(fresh);
            buffers.put(c, fresh);
            buf = fresh;
        }
        node.regionOf(buf).add_(grad);
    }

    private static boolean hasNeededChild(Node node, Map<Node, Boolean> needed) {
        for (Node c : node.next()) if (c != null && needed.containsKey(c)) return true;
        return false;
    }

    private static Node nodeOf(Tensor t) {
        return t.gradFn() != null ? t.gradFn() : t.gradAccumulator();
    }

    private static void checkFinite(Node node, Tensor[] out) {
        for (int i = 0; i < out.length; i++) {
            if (out[i] != null && out[i].dtype().isFloatingPoint() && !out[i].isFinite().all().itemBoolean()) {
                IllegalStateException e = new IllegalStateException("Function '" + node.name()
                        + "' returned nan or inf values in its " + i + "th output.");
                if (node.createdAt() != null) e.initCause(node.createdAt());
                throw e;
            }
        }
    }
}
