package dev.reel.nn;

import dev.reel.engine.Tensor;
import java.util.Arrays;

/**
 * The parameters shared by {@link RNNCell}, {@link LSTMCell} and {@link GRUCell}: weight_ih
 * (gates·H, in), weight_hh (gates·H, H), bias_ih, bias_hh, all initialised U(-1/√H, 1/√H) as PyTorch.
 */
public abstract class RNNCellBase extends Module {
    protected final int inputSize;
    protected final int hiddenSize;
    private final boolean bias;

    protected RNNCellBase(int inputSize, int hiddenSize, boolean bias, int gates) {
        if (inputSize <= 0 || hiddenSize <= 0) {
            throw new IllegalArgumentException(typeName() + ": input_size and hidden_size must be > 0, got " + inputSize + " and "
                    + hiddenSize);
        }
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.bias = bias;
        double k = 1 / Math.sqrt(hiddenSize);
        Init.uniform(registerParameter("weight_ih", Tensor.empty(gates * hiddenSize, inputSize)), -k, k);
        Init.uniform(registerParameter("weight_hh", Tensor.empty(gates * hiddenSize, hiddenSize)), -k, k);
        if (bias) {
            Init.uniform(registerParameter("bias_ih", Tensor.empty(gates * hiddenSize)), -k, k);
            Init.uniform(registerParameter("bias_hh", Tensor.empty(gates * hiddenSize)), -k, k);
        }
    }

    public int inputSize() { return inputSize; }

    public int hiddenSize() { return hiddenSize; }

    /** x W_ihᵀ + b_ih. */
    protected Tensor projectInput(Tensor x) { return RecurrentMath.inputProjection(x, param("weight_ih"), paramOrNull("bias_ih")); }

    protected void checkInput(Tensor x) {
        if ((x.dim() != 1 && x.dim() != 2) || x.size(-1) != inputSize) {
            throw new IllegalArgumentException(typeName() + ": expected input of shape (N, " + inputSize + ") or (" + inputSize
                    + "), got " + Arrays.toString(x.shape()));
        }
    }

    /** The given state, checked, or zeros (N, H). */
    protected Tensor stateOrZeros(Tensor x, Tensor h, String what) {
        int[] expected = x.dim() == 2 ? new int[] {x.size(0), hiddenSize} : new int[] {hiddenSize};
        if (h == null) return x.newZeros(expected);
        if (!Arrays.equals(h.shape(), expected)) {
            throw new IllegalArgumentException(typeName() + ": " + what + " must have shape " + Arrays.toString(expected) + ", got "
                    + Arrays.toString(h.shape()));
        }
        return h;
    }

    @Override
    protected String extraRepr() { return inputSize + ", " + hiddenSize + (bias ? "" : ", bias=False"); }
}
