package dev.reel.nn;

import dev.reel.engine.Tensor;

/**
 * A multi-layer long short-term memory, as {@code torch.nn.LSTM} (gates i, f, g, o). See
 * {@link RNNBase} for shapes, names and variable lengths.
 *
 * <pre>{@code
 * var lstm = new LSTM(10, 20, 2, true, true, 0.1, false);
 * RNNBase.Output o = lstm.forward(x);        // o.output(), o.h(), o.c()
 * o = lstm.forward(x2, o.h(), o.c());         // carry the state on
 * }</pre>
 */
public class LSTM extends RNNBase {
    public LSTM(int inputSize, int hiddenSize) { this(inputSize, hiddenSize, 1, true, false, 0, false); }

    public LSTM(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout, boolean bidirectional) {
        super(Mode.LSTM, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional);
    }

    public Output forward(Tensor input) { return run(input, null, null, null); }

    /** h0 and c0 (layers·directions, N, H) may be null (zeros). */
    public Output forward(Tensor input, Tensor h0, Tensor c0) { return run(input, null, h0, c0); }

    public Output forward(Tensor input, int[] lengths, Tensor h0, Tensor c0) { return run(input, lengths, h0, c0); }

    public Output forward(PackedSequence input, Tensor h0, Tensor c0) { return runPacked(input, h0, c0); }
}
