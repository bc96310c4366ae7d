package dev.reel.nn;

import dev.reel.engine.Tensor;

/**
 * Splits one dimension into several, as {@code torch.nn.Unflatten}.
 *
 * <pre>{@code
 * new Unflatten(1, 2, 5).call(Tensor.zeros(3, 10)).shape();   // [3, 2, 5]
 * }</pre>
 */
public class Unflatten extends Layer {
    private final int dim;
    private final int[] sizes;

    public Unflatten(int dim, int... sizes) {
        this.dim = dim;
        this.sizes = sizes.clone();
    }

    @Override
    public Tensor forward(Tensor input) { return input.unflatten(dim, sizes); }

    @Override
    protected String extraRepr() { return "dim=" + dim + ", unflattened_size=" + py(sizes); }
}
