package dev.reel.nn;

import dev.reel.engine.Tensor;

/**
 * A multi-layer gated recurrent unit, as {@code torch.nn.GRU} (gates r, z, n). See {@link RNNBase}
 * for shapes, names and variable lengths.
 *
 * <pre>{@code
 * var gru = new GRU(10, 20, 1, true, true, 0, true);   // batch_first, bidirectional
 * RNNBase.Output o = gru.forward(x);          // o.output() (N, T, 40), o.h() (2, N, 20)
 * }</pre>
 */
public class GRU extends RNNBase {
    public GRU(int inputSize, int hiddenSize) { this(inputSize, hiddenSize, 1, true, false, 0, false); }

    public GRU(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout, boolean bidirectional) {
        super(Mode.GRU, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional);
    }

    public Output forward(Tensor input) { return run(input, null, null, null); }

    public Output forward(Tensor input, Tensor h0) { return run(input, null, h0, null); }

    public Output forward(Tensor input, int[] lengths, Tensor h0) { return run(input, lengths, h0, null); }

    public Output forward(PackedSequence input, Tensor h0) { return runPacked(input, h0, null); }
}
