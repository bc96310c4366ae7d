package dev.reel.engine.cpu;

import dev.reel.engine.DType;
import dev.reel.engine.Device;
import dev.reel.engine.Tensor;
import dev.reel.engine.backend.Backend;
import dev.reel.engine.backend.BinaryOp;
import dev.reel.engine.backend.ConvGeometry;
import dev.reel.engine.backend.PoolGeometry;
import dev.reel.engine.backend.ReduceOp;
import dev.reel.engine.backend.Storage;
import dev.reel.engine.backend.UnaryOp;

/**
 * The CPU backend: storage on the Java heap, kernels in plain Java and the Vector API, one shared
 * worker pool ({@link Parallel}). Each kernel family lives in its own class ({@code CpuElementwise},
 * {@code CpuReduce}, {@code CpuMatmul}, {@code CpuConv}, {@code CpuPool}, {@code CpuIndexing},
 * {@code CpuRandom}, {@code CpuRnn}, {@code CpuAttention}, {@code CpuRows}, {@code CpuOptim}); this class only routes.
 */
public final class CpuBackend implements Backend {
    /** The one instance. */
    public static final CpuBackend INSTANCE = new CpuBackend();

    private CpuBackend() {}

    @Override public Device.Type deviceType() { return Device.Type.CPU; }

    @Override public boolean isAvailable() { return true; }

    @Override public String unavailableReason() { return ""; }

    @Override public Storage allocate(Device device, DType dtype, int size) { return CpuStoragePool.allocate(dtype, size); }

    @Override public Storage allocateForOverwrite(Device device, DType dtype, int size) { return CpuStoragePool.allocate(dtype, size, false); }

    @Override public Storage upload(Device device, Storage hostStorage) { return hostStorage; }

    @Override public Storage download(Storage storage) { return storage; }

    @Override public void fill(Tensor out, double value) { CpuElementwise.fill(out, value); }

    @Override public void copy(Tensor src, Tensor dst) { CpuElementwise.copy(src, dst); }

    @Override public void unary(UnaryOp op, Tensor x, Tensor out, double p1, double p2) { CpuElementwise.unary(op, x, out, p1, p2); }

    @Override public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) { CpuElementwise.binary(op, a, b, out); }

    @Override public void where(Tensor cond, Tensor a, Tensor b, Tensor out) { CpuElementwise.where(cond, a, b, out); }

    @Override public void reluBackward(Tensor g, Tensor y, Tensor out) { CpuElementwise.reluBackward(g, y, out); }

    @Override public void reduce(ReduceOp op, Tensor x, int[] dims, Tensor out) { CpuReduce.reduce(op, x, dims, out); }

    @Override public void argReduce(boolean max, Tensor x, int dim, Tensor values, Tensor indices) {
        CpuReduce.argReduce(max, x, dim, values, indices);
    }

    @Override public void cumsum(Tensor x, int dim, Tensor out) { CpuReduce.cumsum(x, dim, out); }

    @Override public void matmul(Tensor a, Tensor b, Tensor out) { CpuMatmul.matmul(a, b, out); }

    @Override public void conv(ConvGeometry g, Tensor x, Tensor w, Tensor y) { CpuConv.conv(g, x, w, y); }

    @Override public void convBias(ConvGeometry g, Tensor x, Tensor w, Tensor bias, Tensor y) { CpuConv.conv(g, x, w, bias, y); }

    @Override public void convBackwardInput(ConvGeometry g, Tensor dy, Tensor w, Tensor dx) { CpuConv.backwardInput(g, dy, w, dx); }

    @Override public void convBackwardWeight(ConvGeometry g, Tensor x, Tensor dy, Tensor dw) { CpuConv.backwardWeight(g, x, dy, dw); }

    @Override public void maxPool(PoolGeometry g, Tensor x, Tensor y, Tensor indices) { CpuPool.maxPool(g, x, y, indices); }

    @Override public void avgPool(PoolGeometry g, Tensor x, Tensor y) { CpuPool.avgPool(g, x, y); }

    @Override public void avgPoolBackward(PoolGeometry g, Tensor dy, Tensor dx) { CpuPool.avgPoolBackward(g, dy, dx); }

    @Override public void gather(Tensor x, int dim, Tensor index, Tensor out) { CpuIndexing.gather(x, dim, index, out); }

    @Override public void scatter(Tensor out, int dim, Tensor index, Tensor src, boolean accumulate) {
        CpuIndexing.scatter(out, dim, index, src, accumulate);
    }

    @Override public void indexSelect(Tensor x, int dim, Tensor index, Tensor out) { CpuIndexing.indexSelect(x, dim, index, out); }

    @Override public void indexAdd(Tensor out, int dim, Tensor index, Tensor src) { CpuIndexing.indexAdd(out, dim, index, src); }

    @Override public void random(Tensor out, boolean normal, long seed, long offset, double a, double b) {
        CpuRandom.random(out, normal, seed, offset, a, b);
    }

    @Override public void lstmCellForward(Tensor gi, Tensor gh, Tensor bIh, Tensor bHh, Tensor c, Tensor hc, Tensor acts) {
        CpuRnn.lstmForward(gi, gh, bIh, bHh, c, hc, acts);
    }

    @Override public void lstmCellBackward(Tensor acts, Tensor c, Tensor hc, Tensor dhc, Tensor dGates, Tensor dc) {
        CpuRnn.lstmBackward(acts, c, hc, dhc, dGates, dc);
    }

    @Override public void lstmSequenceForward(Tensor x, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh, Tensor h0, Tensor c0, boolean reverse,
                                              Tensor acts, Tensor hc) {
        CpuLstmSequence.forward(x, wIh, wHh, bIh, bHh, h0, c0, reverse, acts, hc);
    }

    @Override public void lstmSequenceBackward(Tensor acts, Tensor hc, Tensor c0, Tensor wHh, Tensor dhc, boolean reverse, Tensor dGates,
                                               Tensor dh0, Tensor dc0) {
        CpuLstmSequence.backward(acts, hc, c0, wHh, dhc, reverse, dGates, dh0, dc0);
    }

    @Override public void gruCellForward(Tensor gi, Tensor gh, Tensor bIh, Tensor bHh, Tensor h, Tensor out, Tensor acts) {
        CpuRnn.gruForward(gi, gh, bIh, bHh, h, out, acts);
    }

    @Override public void gruCellBackward(Tensor acts, Tensor h, Tensor dOut, Tensor dGi, Tensor dGh, Tensor dh) {
        CpuRnn.gruBackward(acts, h, dOut, dGi, dGh, dh);
    }

    @Override public void attentionForward(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, double scale, Tensor out, Tensor lse) {
        CpuAttention.forward(q, k, v, mask, causal, scale, out, lse);
    }

    @Override public void attentionBackward(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, double scale, Tensor out, Tensor lse,
                                            Tensor dOut, Tensor dq, Tensor dk, Tensor dv) {
        CpuAttention.backward(q, k, v, mask, causal, scale, out, lse, dOut, dq, dk, dv);
    }

    @Override public void softmaxRows(Tensor x, boolean log, Tensor out) { CpuRows.softmax(x, log, out); }

    @Override public void softmaxBackwardRows(Tensor y, Tensor dy, boolean log, Tensor dx) { CpuRows.softmaxBackward(y, dy, log, dx); }

    @Override public void layerNormRows(Tensor x, Tensor weight, Tensor bias, double eps, Tensor out, Tensor mean, Tensor rstd) {
        CpuRows.layerNorm(x, weight, bias, eps, out, mean, rstd);
    }

    @Override public void adamStep(Tensor p, Tensor g, Tensor m, Tensor v, Tensor vMax, double lr, double beta1, double beta2,
                                   double eps, double weightDecay, boolean decoupled, double step) {
        if (CpuOptim.supports(p, g, m, v, vMax)) CpuOptim.adam(p, g, m, v, vMax, lr, beta1, beta2, eps, weightDecay, decoupled, step);
        else Backend.super.adamStep(p, g, m, v, vMax, lr, beta1, beta2, eps, weightDecay, decoupled, step);
    }

    @Override public void sgdStep(Tensor p, Tensor g, Tensor buf, double lr, double momentum, double dampening, double weightDecay,
                                  boolean nesterov, boolean firstStep) {
        if (CpuOptim.supports(p, g, buf)) CpuOptim.sgd(p, g, buf, lr, momentum, dampening, weightDecay, nesterov, firstStep);
        else Backend.super.sgdStep(p, g, buf, lr, momentum, dampening, weightDecay, nesterov, firstStep);
    }
}
