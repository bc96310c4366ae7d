package dev.reel.nn;

import dev.reel.engine.Tensor;

/**
 * Flattens dimensions startDim..endDim into one, as {@code torch.nn.Flatten} (default 1..-1).
 *
 * <pre>{@code
 * new Flatten().call(Tensor.zeros(8, 512, 1, 1)).shape();   // [8, 512]
 * }</pre>
 */
public class Flatten extends Layer {
    private final int startDim;
    private final int endDim;

    public Flatten() { this(1, -1); }

    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    public Tensor forward(Tensor input) { return input.flatten(startDim, endDim); }

    @Override
    protected String extraRepr() { return "start_dim=" + startDim + ", end_dim=" + endDim; }
}
