package dev.reel.engine.autograd;

import dev.reel.engine.Tensor;

/**
 * The backward formula of one op: from the gradient of its output and the tensors it saved,
 * the gradients of its inputs (null where an input needs none). Written with differentiable
 * tensor ops, so the formula itself can be differentiated (double backward).
 */
@FunctionalInterface
public interface BackwardFn {
    Tensor[] apply(Tensor grad, Tensor[] saved);
}
