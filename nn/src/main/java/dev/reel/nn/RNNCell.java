package dev.reel.nn;

import dev.reel.engine.Tensor;

/**
 * One step of an Elman RNN, as {@code torch.nn.RNNCell}: h' = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh)
 * (or relu). Input (N, in) or (in); hidden (N, H) or (H), zeros when null.
 *
 * <pre>{@code
 * var cell = new RNNCell(10, 20);
 * Tensor h = null;
 * for (Tensor x : steps) h = cell.forward(x, h);
 * }</pre>
 */
public class RNNCell extends RNNCellBase {
    private final boolean relu;

    public RNNCell(int inputSize, int hiddenSize) { this(inputSize, hiddenSize, true, "tanh"); }

    /** nonlinearity "tanh" or "relu". */
    public RNNCell(int inputSize, int hiddenSize, boolean bias, String nonlinearity) {
        super(inputSize, hiddenSize, bias, 1);
        if (!nonlinearity.equals("tanh") && !nonlinearity.equals("relu")) {
            throw new IllegalArgumentException("RNNCell: unknown nonlinearity '" + nonlinearity + "' (expected 'tanh' or 'relu')");
        }
        this.relu = nonlinearity.equals("relu");
    }

    public Tensor forward(Tensor input, Tensor hx) {
        checkInput(input);
        Tensor h = stateOrZeros(input, hx, "hx");
        return RecurrentMath.rnnStep(projectInput(input), h, param("weight_hh"), paramOrNull("bias_hh"), relu);
    }

    @Override
    protected String extraRepr() { return super.extraRepr() + (relu ? ", nonlinearity=relu" : ""); }
}
