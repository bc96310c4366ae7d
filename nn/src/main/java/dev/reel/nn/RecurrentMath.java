package dev.reel.nn;

import dev.reel.engine.Tensor;
import dev.reel.engine.ops.RnnOps;

/**
 * One time step of the three recurrent cells, as PyTorch defines them. The input projection is
 * passed in precomputed, so that a sequence layer can compute it for all time steps in one matrix
 * product and leave only {@code h·W_hhᵀ} inside the loop. LSTM and GRU steps end in the engine's
 * fused pointwise kernels ({@link RnnOps#lstmPointwise}, {@link RnnOps#gruPointwise}), which take
 * the projections without biases and add both biases themselves.
 */
final class RecurrentMath {
    private RecurrentMath() {}

    /** h·W_hhᵀ + b_hh (b_hh may be null). */
    static Tensor hidden(Tensor h, Tensor whh, Tensor bhh) {
        Tensor hw = h.matmul(whh.t());
        return bhh == null ? hw : hw.add(bhh);
    }

    /** h' = tanh(xw + h·W_hhᵀ + b_hh), or relu. */
    static Tensor rnnStep(Tensor xw, Tensor h, Tensor whh, Tensor bhh, boolean relu) {
        Tensor pre = xw.add(hidden(h, whh, bhh));
        return relu ? pre.relu() : pre.tanh();
    }

    /**
     * gates = gi + b_ih + h·W_hhᵀ + b_hh, split into input, forget, cell and output gates (PyTorch's
     * order i, f, g, o); c' = f·c + i·g, h' = o·tanh(c'). {@code gi} = x·W_ihᵀ without bias. Returns {h', c'}.
     */
    static Tensor[] lstmStep(Tensor gi, Tensor h, Tensor c, Tensor whh, Tensor bih, Tensor bhh) {
        RnnOps.LstmState s = RnnOps.lstmPointwise(gi, h.matmul(whh.t()), c, bih, bhh);
        return new Tensor[] {s.h(), s.c()};
    }

    /**
     * r = σ(gi_r + gh_r), z = σ(gi_z + gh_z), n = tanh(gi_n + r·gh_n), h' = (1 - z)·n + z·h, with
     * gi = x·W_ihᵀ + b_ih and gh = h·W_hhᵀ + b_hh (PyTorch's gate order r, z, n; r multiplies gh_n
     * including its bias). {@code gi} comes without bias.
     */
    static Tensor gruStep(Tensor gi, Tensor h, Tensor whh, Tensor bih, Tensor bhh) {
        return RnnOps.gruPointwise(gi, h.matmul(whh.t()), h, bih, bhh);
    }

    /** x·W_ihᵀ + b_ih (b_ih may be null: the LSTM and GRU steps add it themselves). */
    static Tensor inputProjection(Tensor x, Tensor wih, Tensor bih) {
        Tensor xw = x.matmul(wih.t());
        return bih == null ? xw : xw.add(bih);
    }
}
