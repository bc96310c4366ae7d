package dev.reel.nn;

import dev.reel.engine.Tensor;
import java.util.Arrays;

/**
 * Adds a trained vector per position (as BERT and ViT do): parameter {@code weight} (maxLen, d),
 * initialised N(0, 0.02²). Input (N, L, d) with batchFirst, else (L, N, d).
 *
 * <pre>{@code
 * var pos = new LearnedPositionalEncoding(16, 512, true);    // 16 frames of 512 features
 * Tensor y = pos.call(frameFeatures);
 * }</pre>
 */
public class LearnedPositionalEncoding extends Layer {
    private final int maxLen;
    private final int dModel;
    private final boolean batchFirst;

    public LearnedPositionalEncoding(int maxLen, int dModel, boolean batchFirst) {
        if (dModel <= 0 || maxLen <= 0) throw new IllegalArgumentException("LearnedPositionalEncoding: max_len and d_model must be > 0");
        this.maxLen = maxLen;
        this.dModel = dModel;
        this.batchFirst = batchFirst;
        Init.normal(registerParameter("weight", Tensor.empty(maxLen, dModel)), 0, 0.02);
    }

    @Override
    public Tensor forward(Tensor input) {
        int len = input.dim() == 3 ? input.size(batchFirst ? 1 : 0) : -1;
        if (input.dim() != 3 || input.size(2) != dModel || len > maxLen) {
            throw new IllegalArgumentException("LearnedPositionalEncoding: expected " + (batchFirst ? "(N, L, " : "(L, N, ") + dModel
                    + ") with L <= " + maxLen + ", got " + Arrays.toString(input.shape()));
        }
        Tensor pe = param("weight").narrow(0, 0, len);
        return input.add(batchFirst ? pe.unsqueeze(0) : pe.unsqueeze(1));
    }

    @Override
    protected String extraRepr() { return "max_len=" + maxLen + ", d_model=" + dModel + (batchFirst ? ", batch_first=True" : ""); }
}
