package dev.reel.engine.autograd;

import dev.reel.engine.Tensor;

/**
 * The sink of a leaf tensor that requires grad: adds the incoming gradient into {@code .grad()}.
 */
public final class AccumulateGrad extends Node {
    private final Tensor leaf;

    public AccumulateGrad(Tensor leaf) {
        super("AccumulateGrad");
        this.leaf = leaf;
    }

    /** The leaf whose gradient this node accumulates. */
    public Tensor leaf() { return leaf; }

    void accumulate(Tensor g, boolean createGraph) {
        Tensor old = leaf.grad();
        if (old == null) {
            // A copy: the same gradient tensor may reach several leaves, and users scale .grad in place.
            leaf.setGrad(createGraph ? g : g.detach().clone());
        } else if (createGraph || old.requiresGrad()) {
            leaf.setGrad(old.add(g));
        } else {
            old.add_(g);
        }
    }
}
