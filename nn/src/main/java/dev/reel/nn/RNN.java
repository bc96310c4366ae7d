package dev.reel.nn;

import dev.reel.engine.Tensor;

/**
 * A multi-layer Elman RNN, as {@code torch.nn.RNN}: h_t = tanh(x_t·W_ihᵀ + b_ih + h_{t-1}·W_hhᵀ + b_hh)
 * (or relu). See {@link RNNBase} for shapes, names and variable lengths.
 *
 * <pre>{@code
 * var rnn = new RNN(10, 20, 2, "tanh", true, true, 0, false);   // batch_first
 * RNNBase.Output o = rnn.forward(x);          // o.output() (N, T, 20), o.h() (2, N, 20)
 * }</pre>
 */
public class RNN extends RNNBase {
    public RNN(int inputSize, int hiddenSize) { this(inputSize, hiddenSize, 1, "tanh", true, false, 0, false); }

    /** nonlinearity "tanh" or "relu". */
    public RNN(int inputSize, int hiddenSize, int numLayers, String nonlinearity, boolean bias, boolean batchFirst, double dropout,
               boolean bidirectional) {
        super(mode(nonlinearity), inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional);
    }

    private static Mode mode(String nonlinearity) {
        return switch (nonlinearity) {
            case "tanh" -> Mode.RNN_TANH;
            case "relu" -> Mode.RNN_RELU;
            default -> throw new IllegalArgumentException("RNN: unknown nonlinearity '" + nonlinearity + "' (expected 'tanh' or 'relu')");
        };
    }

    public Output forward(Tensor input) { return run(input, null, null, null); }

    /** h0 (layers·directions, N, H) may be null. */
    public Output forward(Tensor input, Tensor h0) { return run(input, null, h0, null); }

    /** A padded batch whose sequences have the given lengths. */
    public Output forward(Tensor input, int[] lengths, Tensor h0) { return run(input, lengths, h0, null); }

    public Output forward(PackedSequence input, Tensor h0) { return runPacked(input, h0, null); }

    @Override
    protected String extraRepr() { return super.extraRepr() + (mode == Mode.RNN_RELU ? ", nonlinearity=relu" : ""); }
}
