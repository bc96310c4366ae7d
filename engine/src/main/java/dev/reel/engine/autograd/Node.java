package dev.reel.engine.autograd;

import dev.reel.engine.DType;
import dev.reel.engine.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * One recorded operation of the graph (PyTorch's {@code grad_fn}). Each node has exactly one
 * output tensor; {@link #next()} holds, for each input, the node that produced it (or the
 * {@link AccumulateGrad} of a leaf), or null when that input needs no gradient.
 */
public class Node {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final String name;
    private final long sequence = SEQUENCE.getAndIncrement();
    private final Node[] next;
    private final int[][] inputShapes;
    private final DType[] inputDTypes;
    private final BackwardFn fn;
    private SavedTensor[] saved;
    private boolean released;
    private final List<UnaryOperator<Tensor>> hooks = new ArrayList<>(0);
    private final Throwable createdAt;
    private UnaryOperator<Tensor> region;

    /** A node for an op whose inputs are {@code inputs}, saving {@code toSave} for its backward. */
    public Node(String name, Tensor[] inputs, Tensor[] toSave, BackwardFn fn) {
        this.name = name;
        this.fn = fn;
        this.next = new Node[inputs.length];
        this.inputShapes = new int[inputs.length][];
        this.inputDTypes = new DType[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Tensor in = inputs[i];
            if (in == null) continue;
            inputShapes[i] = in.shape();
            inputDTypes[i] = in.dtype();
            if (in.requiresGrad()) next[i] = in.gradFn() != null ? in.gradFn() : in.gradAccumulator();
        }
        this.saved = new SavedTensor[toSave.length];
        for (int i = 0; i < toSave.length; i++) saved[i] = toSave[i] == null ? null : new SavedTensor(toSave[i], name);
        this.createdAt = GradMode.isAnomalyEnabled() ? new Throwable("'" + name + "' was created here") : null;
    }

    /** For {@link AccumulateGrad}: a node with no inputs. */
    Node(String name) {
        this.name = name;
        this.fn = null;
        this.next = new Node[0];
        this.inputShapes = new int[0][];
        this.inputDTypes = new DType[0];
        this.saved = new SavedTensor[0];
        this.createdAt = null;
    }

    /** PyTorch-style name, e.g. {@code MulBackward0}. */
    public String name() { return name; }

    /** Creation order: a node is always created after the nodes it depends on. */
    public long sequence() { return sequence; }

    /** The nodes of the inputs (null entries for inputs that need no gradient). */
    public Node[] next() { return next; }

    /** Where the op was created, when anomaly mode was on; else null. */
    public Throwable createdAt() { return createdAt; }

    /** Adds a hook applied to the gradient of this node's output before backward uses it. */
    public void addHook(UnaryOperator<Tensor> hook) { hooks.add(hook); }

    List<UnaryOperator<Tensor>> hooks() { return hooks; }

    /**
     * Marks this node as a view's (select, slice): {@code region} maps a tensor of the input's
     * shape to the part of it that this node's output views. Without create_graph the engine
     * then adds the gradient straight into one buffer of the input's shape instead of running
     * the backward formula, which builds a zero tensor of the whole input per view: a loop over
     * the T steps of a sequence costs O(T) slices rather than O(T) whole-sequence tensors.
     */
    public void setRegion(UnaryOperator<Tensor> region) { this.region = region; }

    /** Whether {@link #setRegion} marked this node as a view's. */
    boolean hasRegion() { return region != null; }

    /** The part of {@code full} (shaped as input 0) that this view's output covers. */
    Tensor regionOf(Tensor full) {
        checkNotReleased();
        return region.apply(full);
    }

    /** The shape of input {@code i} when the op ran. */
    int[] inputShape(int i) { return inputShapes[i].clone(); }

    /** The dtype of input {@code i} when the op ran. */
    DType inputDType(int i) { return inputDTypes[i]; }

    private void checkNotReleased() {
        if (released) {
            throw new IllegalStateException("Trying to backward through the graph a second time (or directly access "
                    + "saved tensors after they have already been freed) in " + name
                    + ". Specify retainGraph=true if you need to backward a second time.");
        }
    }

    /** Runs the backward formula. */
    Tensor[] apply(Tensor grad) {
        if (released) {
            throw new IllegalStateException("Trying to backward through the graph a second time (or directly access "
                    + "saved tensors after they have already been freed) in " + name
                    + ". Specify retainGraph=true if you need to backward a second time.");
        }
        Tensor[] values = new Tensor[saved.length];
        for (int i = 0; i < saved.length; i++) values[i] = saved[i] == null ? null : saved[i].unpack();
        Tensor[] grads = fn.apply(grad, values);
        if (grads.length != next.length)
            throw new IllegalStateException(name + ": backward returned " + grads.length + " gradients for " + next.length + " inputs");
        for (int i = 0; i < grads.length; i++) {
            Tensor g = grads[i];
            if (g == null || next[i] == null) continue;
            if (!Arrays.equals(g.shape(), inputShapes[i])) {
                throw new IllegalStateException("Function " + name + " returned an invalid gradient at index " + i
                        + " - got " + Arrays.toString(g.shape()) + " but expected shape " + Arrays.toString(inputShapes[i]));
            }
            if (g.dtype() != inputDTypes[i] && inputDTypes[i].isFloatingPoint()) grads[i] = g.to(inputDTypes[i]);
        }
        return grads;
    }

    /** Frees the saved tensors once backward has used them (unless the graph is retained). */
    void release() {
        released = true;
        Arrays.fill(saved, null);
    }

    @Override
    public String toString() {
        return "<" + name + ">";
    }
}
