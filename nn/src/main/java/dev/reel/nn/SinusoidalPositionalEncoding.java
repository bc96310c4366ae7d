package dev.reel.nn;

import dev.reel.engine.Tensor;
import java.util.Arrays;

/**
 * Adds the fixed sine/cosine position code of "Attention Is All You Need" to a sequence:
 * pe[t, 2i] = sin(t / 10000^(2i/d)), pe[t, 2i+1] = cos(t / 10000^(2i/d)). The table (maxLen, d) is a
 * non-persistent buffer {@code pe}: it is computed, not saved. Input (N, L, d) with batchFirst, else
 * (L, N, d).
 *
 * <pre>{@code
 * var pos = new SinusoidalPositionalEncoding(256, 1024, true);
 * Tensor y = pos.call(tokens);     // (N, L, 256), L <= 1024
 * }</pre>
 */
public class SinusoidalPositionalEncoding extends Layer {
    private final int dModel;
    private final int maxLen;
    private final boolean batchFirst;

    public SinusoidalPositionalEncoding(int dModel, int maxLen, boolean batchFirst) {
        if (dModel <= 0 || maxLen <= 0) throw new IllegalArgumentException("SinusoidalPositionalEncoding: d_model and max_len must be > 0");
        this.dModel = dModel;
        this.maxLen = maxLen;
        this.batchFirst = batchFirst;
        double[] pe = new double[maxLen * dModel];
        for (int t = 0; t < maxLen; t++) {
            for (int i = 0; i < dModel; i += 2) {
                double angle = t * Math.exp(-Math.log(10000.0) * i / dModel);
                pe[t * dModel + i] = Math.sin(angle);
                if (i + 1 < dModel) pe[t * dModel + i + 1] = Math.cos(angle);
            }
        }
        registerBuffer("pe", Tensor.fromArray(pe, maxLen, dModel).toFloat(), false);
    }

    /** The code of the first {@code length} positions, (length, d). */
    public Tensor table(int length) { return buffer("pe").narrow(0, 0, length); }

    @Override
    public Tensor forward(Tensor input) {
        int len = input.dim() == 3 ? input.size(batchFirst ? 1 : 0) : -1;
        if (input.dim() != 3 || input.size(2) != dModel || len > maxLen) {
            throw new IllegalArgumentException("SinusoidalPositionalEncoding: expected " + (batchFirst ? "(N, L, " : "(L, N, ") + dModel
                    + ") with L <= " + maxLen + ", got " + Arrays.toString(input.shape()));
        }
        Tensor pe = table(len).to(input.dtype());
        return input.add(batchFirst ? pe.unsqueeze(0) : pe.unsqueeze(1));
    }

    @Override
    protected String extraRepr() { return "d_model=" + dModel + ", max_len=" + maxLen + (batchFirst ? ", batch_first=True" : ""); }
}
