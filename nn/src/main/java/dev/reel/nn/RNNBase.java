package dev.reel.nn;

import dev.reel.engine.F;
import dev.reel.engine.Tensor;
import dev.reel.engine.autograd.AutocastMode;
import dev.reel.engine.ops.LstmSequenceOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Multi-layer, optionally bidirectional recurrent layers ({@link RNN}, {@link LSTM}, {@link GRU})
 * with PyTorch's parameters, names and semantics: for layer k and direction suffix "" or
 * "_reverse", {@code weight_ih_lk}, {@code weight_hh_lk}, {@code bias_ih_lk}, {@code bias_hh_lk};
 * input (T, N, in), or (N, T, in) with batchFirst, or unbatched (T, in); states
 * (numLayers·directions, N, H); dropout between layers in training mode.
 *
 * <p>Variable-length batches: pass {@code lengths} (or a {@link PackedSequence}); each sequence
 * then stops at its own length (the reverse direction starts at its own last step), its outputs
 * beyond are zeros and its final state is the one at its last step, as with PyTorch's packed
 * sequences.
 */
public abstract class RNNBase extends Module {
    /** Kind of cell. */
    protected enum Mode { RNN_TANH, RNN_RELU, LSTM, GRU }

    /**
     * What a forward pass returns: the output of the last layer (padded when lengths were given),
     * the final hidden state and, for LSTM, the final cell state (null otherwise); {@code packed} is
     * the output packed again when the input was a {@link PackedSequence}.
     */
    public record Output(Tensor output, Tensor h, Tensor c, PackedSequence packed) {}

    protected final Mode mode;
    protected final int inputSize;
    protected final int hiddenSize;
    protected final int numLayers;
    protected final boolean bias;
    protected final boolean batchFirst;
    protected final double dropout;
    protected final boolean bidirectional;

    protected RNNBase(Mode mode, int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, double dropout,
                      boolean bidirectional) {
        String name = typeName();
        if (inputSize <= 0 || hiddenSize <= 0 || numLayers <= 0) {
            throw new IllegalArgumentException(name + ": input_size, hidden_size and num_layers must be > 0, got " + inputSize
                    + ", " + hiddenSize + ", " + numLayers);
        }
        if (!(dropout >= 0 && dropout <= 1)) {
            throw new IllegalArgumentException(name + ": dropout must be in [0, 1], got " + dropout);
        }
        this.mode = mode;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.numLayers = numLayers;
        this.bias = bias;
        this.batchFirst = batchFirst;
        this.dropout = dropout;
        this.bidirectional = bidirectional;
        int gates = switch (mode) {
            case LSTM -> 4;
            case GRU -> 3;
            default -> 1;
        };
        double k = 1 / Math.sqrt(hiddenSize);
        for (int layer = 0; layer < numLayers; layer++) {
            int in = layer == 0 ? inputSize : hiddenSize * directions();
            for (int dir = 0; dir < directions(); dir++) {
                String sfx = "_l" + layer + (dir == 1 ? "_reverse" : "");
                Init.uniform(registerParameter("weight_ih" + sfx, Tensor.empty(gates * hiddenSize, in)), -k, k);
                Init.uniform(registerParameter("weight_hh" + sfx, Tensor.empty(gates * hiddenSize, hiddenSize)), -k, k);
                if (bias) {
                    Init.uniform(registerParameter("bias_ih" + sfx, Tensor.empty(gates * hiddenSize)), -k, k);
                    Init.uniform(registerParameter("bias_hh" + sfx, Tensor.empty(gates * hiddenSize)), -k, k);
                }
            }
        }
    }

    public int directions() { return bidirectional ? 2 : 1; }

    public int hiddenSize() { return hiddenSize; }

    public int numLayers() { return numLayers; }

    public boolean batchFirst() { return batchFirst; }

    /**
     * The whole forward pass. {@code input} is padded; {@code lengths} may be null (all full);
     * {@code h0}, {@code c0} may be null (zeros).
     */
    protected Output run(Tensor input, int[] lengths, Tensor h0, Tensor c0) {
        String name = typeName();
        boolean unbatched = input.dim() == 2;
        if ((input.dim() != 2 && input.dim() != 3) || input.size(-1) != inputSize) {
            throw new IllegalArgumentException(name + ": expected input of shape (T, N, " + inputSize + ")"
                    + (batchFirst ? " with batch_first (N, T, " + inputSize + ")" : "") + " or unbatched (T, " + inputSize
                    + "), got " + Arrays.toString(input.shape()));
        }
        Tensor x = unbatched ? input.unsqueeze(1) : (batchFirst ? input.transpose(0, 1) : input);   // (T, N, in)
        int steps = x.size(0), batch = x.size(1);
        Tensor h = initialState(h0, unbatched, batch, x, "h0");
        Tensor c = mode == Mode.LSTM ? initialState(c0, unbatched, batch, x, "c0") : null;
        Tensor[] masks = masks(lengths, steps, batch);

        List<Tensor> hOut = new ArrayList<>(), cOut = new ArrayList<>();
        Tensor layerInput = x;
        for (int layer = 0; layer < numLayers; layer++) {
            List<Tensor> dirOutputs = new ArrayList<>();
            for (int dir = 0; dir < directions(); dir++) {
                int idx = layer * directions() + dir;
                Tensor[] r = direction(layerInput, layer, dir, h.select(0, idx), c == null ? null : c.select(0, idx), masks);
                dirOutputs.add(r[0]);
                hOut.add(r[1]);
                if (c != null) cOut.add(r[2]);
            }
            layerInput = dirOutputs.size() == 1 ? dirOutputs.get(0) : Tensor.cat(dirOutputs, 2);
            // dropout on the outputs of every layer but the last, in training only (as PyTorch)
            if (dropout > 0 && isTraining() && layer < numLayers - 1) layerInput = F.dropout(layerInput, dropout, true);
        }
        Tensor out = layerInput;
        Tensor hN = Tensor.stack(hOut, 0), cN = c == null ? null : Tensor.stack(cOut, 0);
        if (unbatched) {
            out = out.squeeze(1);
            hN = hN.squeeze(1);
            cN = cN == null ? null : cN.squeeze(1);
        } else if (batchFirst) {
            out = out.transpose(0, 1);
        }
        return new Output(out, hN, cN, null);
    }

    /** Runs a PackedSequence through {@link #run} and packs the output again. */
    protected Output runPacked(PackedSequence input, Tensor h0, Tensor c0) {
        PackedSequence.Padded p = input.pad(batchFirst);
        Output o = run(p.data(), p.lengths(), h0, c0);
        return new Output(o.output(), o.h(), o.c(), PackedSequence.pack(o.output(), p.lengths(), batchFirst, false));
    }

    private Tensor initialState(Tensor s, boolean unbatched, int batch, Tensor x, String what) {
        int layers = numLayers * directions();
        if (s == null) return x.newZeros(layers, batch, hiddenSize);
        int[] expected = unbatched ? new int[] {layers, hiddenSize} : new int[] {layers, batch, hiddenSize};
        if (!Arrays.equals(s.shape(), expected)) {
            throw new IllegalArgumentException(typeName() + ": " + what + " must have shape " + Arrays.toString(expected) + ", got "
                    + Arrays.toString(s.shape()));
        }
        return unbatched ? s.unsqueeze(1) : s;
    }

    /** Per time step, a (N, 1) BOOL mask of the sequences still running; null when all run to the end. */
    private static Tensor[] masks(int[] lengths, int steps, int batch) {
        if (lengths == null) return null;
        if (lengths.length != batch) {
            throw new IllegalArgumentException("RNN: " + lengths.length + " lengths for a batch of " + batch);
        }
        Tensor[] m = new Tensor[steps];
        for (int t = 0; t < steps; t++) {
            boolean[] on = new boolean[batch];
            for (int b = 0; b < batch; b++) {
                if (lengths[b] < 1 || lengths[b] > steps) {
                    throw new IllegalArgumentException("RNN: length " + lengths[b] + " of sequence " + b + " is not in 1.." + steps);
                }
                on[b] = t < lengths[b];
            }
            m[t] = Tensor.fromArray(on, batch, 1);
        }
        return m;
    }

    /** One layer in one direction over the whole sequence: {output (T, N, H), h_T, c_T}. */
    private Tensor[] direction(Tensor x, int layer, int dir, Tensor h, Tensor c, Tensor[] masks) {
        String sfx = "_l" + layer + (dir == 1 ? "_reverse" : "");
        Tensor whh = param("weight_hh" + sfx), bhh = paramOrNull("bias_hh" + sfx);
        Tensor bih = paramOrNull("bias_ih" + sfx);
        if (mode == Mode.LSTM && masks == null && !AutocastMode.isEnabled()) {
            // the whole sequence as one fused op (one graph node); variable lengths and autocast run step by step below
            LstmSequenceOps.Result r = LstmSequenceOps.lstm(x, h, c, param("weight_ih" + sfx), whh, bih, bhh, dir == 1);
            return new Tensor[] {r.output(), r.h(), r.c()};
        }
        // the input projection of every step at once; LSTM and GRU add b_ih inside their fused step
        boolean fused = mode == Mode.LSTM || mode == Mode.GRU;
        Tensor xw = RecurrentMath.inputProjection(x, param("weight_ih" + sfx), fused ? null : bih);
        int steps = x.size(0);
        Tensor[] outs = new Tensor[steps];
        Tensor zero = masks == null ? null : h.newZeros(1);
        for (int i = 0; i < steps; i++) {
            int t = dir == 0 ? i : steps - 1 - i;
            Tensor xt = xw.select(0, t);
            Tensor hNew, cNew = null;
            switch (mode) {
                case LSTM -> {
                    Tensor[] hc = RecurrentMath.lstmStep(xt, h, c, whh, bih, bhh);
                    hNew = hc[0];
                    cNew = hc[1];
                }
                case GRU -> hNew = RecurrentMath.gruStep(xt, h, whh, bih, bhh);
                default -> hNew = RecurrentMath.rnnStep(xt, h, whh, bhh, mode == Mode.RNN_RELU);
            }
            if (masks == null) {
                outs[t] = hNew;
                h = hNew;
                c = cNew;
            } else {
                // finished sequences keep their state and output zeros
                outs[t] = Tensor.where(masks[t], hNew, zero);
                h = Tensor.where(masks[t], hNew, h);
                if (cNew != null) c = Tensor.where(masks[t], cNew, c);
            }
        }
        return new Tensor[] {Tensor.stack(Arrays.asList(outs), 0), h, c};
    }

    @Override
    protected String extraRepr() {
        StringBuilder sb = new StringBuilder().append(inputSize).append(", ").append(hiddenSize);
        if (numLayers != 1) sb.append(", num_layers=").append(numLayers);
        if (!bias) sb.append(", bias=False");
        if (batchFirst) sb.append(", batch_first=True");
        if (dropout != 0) sb.append(", dropout=").append(dropout);
        if (bidirectional) sb.append(", bidirectional=True");
        return sb.toString();
    }
}
