package dev.reel.nn;

import dev.reel.engine.Grad;
import dev.reel.engine.Tensor;
import dev.reel.engine.ops.ConvOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A convolutional LSTM over video, as Keras' {@code ConvLSTM2D} (which PyTorch lacks): the LSTM's
 * matrix products become 2-D convolutions, so the state keeps its spatial layout. For each step t:
 * <pre>
 *   [i, f, g, o] = conv(x_t, weight_ih, stride, padding) + bias + conv(h, weight_hh, 'same')
 *   i, f, o = recurrent_activation(·);  g = activation(g)
 *   c = f·c + i·g;   h = o·activation(c)
 * </pre>
 * Layout is channels first (Reel's): input (B, T, C, H, W), state (B, filters, H', W'). Parameters
 * {@code weight_ih} (4F, C, kh, kw), {@code weight_hh} (4F, F, kh, kw), {@code bias} (4F), gate
 * order i, f, g, o; initialised as Keras (Glorot-uniform input kernel, orthogonal recurrent kernel,
 * zero bias with the forget gate's at 1, {@code unit_forget_bias}). With {@code returnSequences} the
 * output holds h for every step (B, T, F, H', W'), else the last h (B, F, H', W').
 *
 * <pre>{@code
 * var convLstm = new ConvLSTM2d(3, 16, 3, 1, "same", true);
 * ConvLSTM2d.Output o = convLstm.forward(clip, null);    // clip (B, T, 3, 64, 64) -> o.output() (B, T, 16, 64, 64)
 * }</pre>
 */
public class ConvLSTM2d extends Module {
    /** The output and the final hidden and cell states. */
    public record Output(Tensor output, Tensor h, Tensor c) {}

    private final int inChannels;
    private final int filters;
    private final int[] kernelSize;
    private final int stride;
    private final String padding;
    private final boolean returnSequences;
    private final String activation;
    private final String recurrentActivation;
    private final boolean goBackwards;

    /** Keras 3's defaults: tanh, sigmoid, bias with unit forget bias, forward in time. padding "valid" or "same" (stride 1). */
    public ConvLSTM2d(int inChannels, int filters, int kernelSize, int stride, String padding, boolean returnSequences) {
        this(inChannels, filters, new int[] {kernelSize, kernelSize}, stride, padding, returnSequences, "tanh", "sigmoid", true, false);
    }

    /** activation "tanh" or "relu"; recurrentActivation "sigmoid" or "hard_sigmoid" (relu6(x + 3) / 6, Keras 3's). */
    public ConvLSTM2d(int inChannels, int filters, int[] kernelSize, int stride, String padding, boolean returnSequences,
                      String activation, String recurrentActivation, boolean bias, boolean goBackwards) {
        if (inChannels <= 0 || filters <= 0) throw new IllegalArgumentException("ConvLSTM2d: in_channels and filters must be > 0");
        if (!padding.equals("valid") && !padding.equals("same")) {
            throw new IllegalArgumentException("ConvLSTM2d: padding must be 'valid' or 'same', got '" + padding + "'");
        }
        if (padding.equals("same") && stride != 1) {
            throw new IllegalArgumentException("ConvLSTM2d: padding 'same' needs stride 1 (the engine pads symmetrically), got stride " + stride);
        }
        if (!activation.equals("tanh") && !activation.equals("relu")) {
            throw new IllegalArgumentException("ConvLSTM2d: activation must be 'tanh' or 'relu', got '" + activation + "'");
        }
        if (!recurrentActivation.equals("sigmoid") && !recurrentActivation.equals("hard_sigmoid")) {
            throw new IllegalArgumentException("ConvLSTM2d: recurrent_activation must be 'sigmoid' or 'hard_sigmoid', got '"
                    + recurrentActivation + "'");
        }
        this.inChannels = inChannels;
        this.filters = filters;
        this.kernelSize = ConvOptions.expand(kernelSize, 2, "ConvLSTM2d", "kernel_size");
        this.stride = stride;
        this.padding = padding;
        this.returnSequences = returnSequences;
        this.activation = activation;
        this.recurrentActivation = recurrentActivation;
        this.goBackwards = goBackwards;
        int kh = this.kernelSize[0], kw = this.kernelSize[1];
        Init.xavierUniform(registerParameter("weight_ih", Tensor.empty(4 * filters, inChannels, kh, kw)), 1);
        Init.orthogonal(registerParameter("weight_hh", Tensor.empty(4 * filters, filters, kh, kw)), 1);
        if (bias) {
            Tensor b = registerParameter("bias", Tensor.zeros(4 * filters));
            try (var g = Grad.off()) {
                b.narrow(0, filters, filters).fill_(1);   // the forget gate starts open
            }
        }
    }

    /** state may be null (zeros); otherwise {h, c}, each (B, filters, H', W'). */
    public Output forward(Tensor input, Tensor[] state) {
        if (input.dim() != 5 || input.size(2) != inChannels) {
            throw new IllegalArgumentException("ConvLSTM2d: expected input (B, T, " + inChannels + ", H, W), got " + Arrays.toString(input.shape()));
        }
        int steps = input.size(1);
        Tensor wih = param("weight_ih"), whh = param("weight_hh"), b = paramOrNull("bias");
        // the input convolution of every frame at once: (B·T, C, H, W) -> (B·T, 4F, H', W')
        String pad = padding.equals("same") ? "same" : "valid";
        Tensor xw = ConvOps.convolution(input.flatten(0, 1), wih, b, 2, new int[] {stride}, new int[] {0}, pad, new int[] {1}, 1);
        xw = xw.unflatten(0, input.size(0), steps);
        Tensor h, c;
        if (state == null) {
            h = xw.newZeros(input.size(0), filters, xw.size(3), xw.size(4));
            c = h;
        } else {
            h = checkState(state[0], xw, "h");
            c = checkState(state[1], xw, "c");
        }
        List<Tensor> outs = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            int t = goBackwards ? steps - 1 - i : i;
            Tensor gates = xw.select(1, t).add(ConvOps.convolution(h, whh, null, 2, new int[] {1}, new int[] {0}, "same", new int[] {1}, 1));
            List<Tensor> g = gates.chunk(4, 1);
            Tensor in = recurrent(g.get(0)), forget = recurrent(g.get(1)), cell = act(g.get(2)), out = recurrent(g.get(3));
            c = forget.mul(c).add(in.mul(cell));
            h = out.mul(act(c));
            outs.add(h);
        }
        return new Output(returnSequences ? Tensor.stack(outs, 1) : h, h, c);
    }

    private Tensor checkState(Tensor s, Tensor xw, String what) {
        int[] expected = {xw.size(0), filters, xw.size(3), xw.size(4)};
        if (!Arrays.equals(s.shape(), expected)) {
            throw new IllegalArgumentException("ConvLSTM2d: state " + what + " must have shape " + Arrays.toString(expected) + ", got "
                    + Arrays.toString(s.shape()));
        }
        return s;
    }

    private Tensor act(Tensor x) { return activation.equals("tanh") ? x.tanh() : x.relu(); }

    private Tensor recurrent(Tensor x) { return recurrentActivation.equals("sigmoid") ? x.sigmoid() : x.add(3).relu6().div(6); }

    @Override
    protected String extraRepr() {
        return inChannels + ", " + filters + ", kernel_size=" + py(kernelSize) + ", stride=" + stride + ", padding=" + padding
                + (returnSequences ? ", return_sequences=True" : "");
    }
}
