package dev.reel.bench;

import dev.reel.engine.DType;
import dev.reel.engine.Generator;
import dev.reel.engine.Grad;
import dev.reel.engine.Tensor;
import dev.reel.engine.cpu.Parallel;
import dev.reel.engine.ops.RnnOps;
import dev.reel.nn.LSTM;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * An LSTM layer over a sequence (time-major, as nn's LSTM runs it: the input projection of all
 * steps in one GEMM, then per step h·W_hhᵀ and the pointwise cell), with the fused cell
 * ({@code impl=fused}: {@link RnnOps#lstmPointwise}) or the composite one ({@code impl=composite}:
 * {@link RnnOps#lstmForwardReference}, sigmoid/tanh/mul/add ops). Shapes B·T·I·H as in the issue:
 * B8 T16 I512 H256 and B32 T64 I128 H128. Milliseconds per sequence; setup checks that both
 * implementations agree before anything is timed. {@code impl=nn} runs the same weights through
 * nn's {@link LSTM} layer, which runs the whole sequence as one fused op
 * ({@code LstmSequenceOps}; what a model calls, and the twin of PyTorch's {@code nn.LSTM} in
 * {@code bench/compare/kernels_torch.py}). forwardBackward back-propagates the sum of the last
 * hidden state to the weights (the input needs no gradient).
 *
 * <p>FLOPs of the forward: the gate GEMMs, {@code T·2·B·4H·(I+H)} (pointwise work ignored); the
 * backward costs twice that ({@link #forwardFlops}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC"})
public class LstmBench {
    @Param({"B8_T16_I512_H256", "B32_T64_I128_H128"})
    public String shape;

    @Param({"fused", "composite", "nn"})
    public String impl;

    @Param({"1", "2"})
    public int threads;

    private Tensor x, wIh, wHh, bIh, bHh;
    private LSTM layer;
    private int b, t, h;

    @Setup
    public void setup() {
        Parallel.setThreads(threads);
        String[] p = shape.split("_");
        b = Integer.parseInt(p[0].substring(1));
        t = Integer.parseInt(p[1].substring(1));
        int in = Integer.parseInt(p[2].substring(1));
        h = Integer.parseInt(p[3].substring(1));
        Generator g = new Generator(1);
        double k = 1 / Math.sqrt(h);
        x = Tensor.randn(g, DType.F32, t, b, in);
        wIh = Tensor.rand(g, DType.F32, 4 * h, in).mul(2 * k).sub(k).requiresGrad_(true);
        wHh = Tensor.rand(g, DType.F32, 4 * h, h).mul(2 * k).sub(k).requiresGrad_(true);
        bIh = Tensor.rand(g, DType.F32, 4 * h).mul(2 * k).sub(k).requiresGrad_(true);
        bHh = Tensor.rand(g, DType.F32, 4 * h).mul(2 * k).sub(k).requiresGrad_(true);
        layer = new LSTM(in, h);
        layer.setParameter("weight_ih_l0", wIh);
        layer.setParameter("weight_hh_l0", wHh);
        layer.setParameter("bias_ih_l0", bIh);
        layer.setParameter("bias_hh_l0", bHh);
        try (var off = Grad.off()) {
            double[] fused = run(true).toDoubleArray(), composite = run(false).toDoubleArray();
            double[] viaNn = layer.forward(x).h().toDoubleArray();
            for (int i = 0; i < fused.length; i++) {
                if (Math.abs(fused[i] - composite[i]) > 1e-4 || Math.abs(fused[i] - viaNn[i]) > 1e-4) {
                    throw new IllegalStateException("LstmBench: fused, composite and nn differ at " + i + ": " + fused[i] + " vs "
                            + composite[i] + " vs " + viaNn[i]);
                }
            }
        }
    }

    /** FLOPs of one forward pass over the sequence of shape {@code B<b>_T<t>_I<i>_H<h>}. */
    static double forwardFlops(String shape) {
        String[] p = shape.split("_");
        double b = Integer.parseInt(p[0].substring(1)), t = Integer.parseInt(p[1].substring(1));
        double in = Integer.parseInt(p[2].substring(1)), h = Integer.parseInt(p[3].substring(1));
        return t * 2 * b * 4 * h * (in + h);
    }

    private Tensor last() {
        return impl.equals("nn") ? layer.forward(x).h() : run(impl.equals("fused"));
    }

    /** The last hidden state after T steps. */
    private Tensor run(boolean fused) {
        Tensor xw = x.matmul(wIh.t()).add(bIh);
        Tensor hs = Tensor.zeros(b, h), cs = Tensor.zeros(b, h);
        for (int s = 0; s < t; s++) {
            Tensor gh = hs.matmul(wHh.t());
            if (fused) {
                RnnOps.LstmState st = RnnOps.lstmPointwise(xw.select(0, s), gh, cs, null, bHh);
                hs = st.h();
                cs = st.c();
            } else {
                Tensor[] r = RnnOps.lstmForwardReference(xw.select(0, s), gh, null, bHh, cs);
                hs = r[0];
                cs = r[1];
            }
        }
        return hs;
    }

    @Benchmark
    public Tensor forward() {
        try (var off = Grad.off()) {
            return last();
        }
    }

    @Benchmark
    public Tensor forwardBackward() {
        for (Tensor w : new Tensor[] {wIh, wHh, bIh, bHh}) w.setGrad(null);
        last().sum().backward();
        return wHh.grad();
    }
}
