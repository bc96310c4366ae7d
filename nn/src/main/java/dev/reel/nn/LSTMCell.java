package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * One step of a long short-term memory cell, as {@code torch.nn.LSTMCell} (gates i, f, g, o).
 * Input (N, in) or (in); h and c (N, H) or (H), zeros when null.
 *
 * <pre>{@code
 * var cell = new LSTMCell(10, 20);
 * LSTMCell.State s = cell.forward(x, null);
 * s = cell.forward(x2, s);
 * }</pre>
 */
public class LSTMCell extends RNNCellBase {
    /** Hidden and cell state. */
    public record State(Tensor h, Tensor c) {}

    public LSTMCell(int inputSize, int hiddenSize) { this(inputSize, hiddenSize, true); }

    public LSTMCell(int inputSize, int hiddenSize, boolean bias) { super(inputSize, hiddenSize, bias, 4); }

    /** One step from {@code state} (null: zeros). */
    public State forward(Tensor input, State state) {
        checkInput(input);
        Tensor h = stateOrZeros(input, state == null ? null : state.h(), "h");
        Tensor c = stateOrZeros(input, state == null ? null : state.c(), "c");
        var s = F.lstmCell(input, h, c, param("weight_ih"), param("weight_hh"), paramOrNull("bias_ih"), paramOrNull("bias_hh"));
        return new State(s.h(), s.c());
    }
}
