package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;

/**
 * One step of a gated recurrent unit, as {@code torch.nn.GRUCell} (gates r, z, n). Input (N, in)
 * or (in); hidden (N, H) or (H), zeros when null.
 *
 * <pre>{@code
 * var cell = new GRUCell(10, 20);
 * Tensor h = cell.forward(x, null);
 * }</pre>
 */
public class GRUCell extends RNNCellBase {
    public GRUCell(int inputSize, int hiddenSize) { this(inputSize, hiddenSize, true); }

    public GRUCell(int inputSize, int hiddenSize, boolean bias) { super(inputSize, hiddenSize, bias, 3); }

    public Tensor forward(Tensor input, Tensor hx) {
        checkInput(input);
        Tensor h = stateOrZeros(input, hx, "hx");
        return F.gruCell(input, h, param("weight_ih"), param("weight_hh"), paramOrNull("bias_ih"), paramOrNull("bias_hh"));
    }
}
