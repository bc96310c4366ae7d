package dev.reel.bench;

import dev.reel.engine.DType;
import dev.reel.engine.Generator;
import dev.reel.engine.Grad;
import dev.reel.engine.Tensor;
import dev.reel.engine.cpu.Parallel;
import dev.reel.engine.ops.RnnOps;
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
 * implementations agree before anything is timed.
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

    @Param({"fused", "composite"})
    public String impl;

    @Param({"1"})
    public int threads;

    private Tensor x, wIh, wHh, bIh, bHh;
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
        try (var off = Grad.off()) {
            double[] fused = run(true).toDoubleArray(), composite = run(false).toDoubleArray();
            for (int i = 0; i < fused.length; i++) {
                if (Math.abs(fused[i] - composite[i]) > 1e-4) {
                    throw new IllegalStateException("LstmBench: fused and composite differ at " + i + ": " + fused[i] + " vs " + composite[i]);
                }
            }
        }
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
            return run(impl.equals("fused"));
        }
    }

    @Benchmark
    public Tensor forwardBackward() {
        for (Tensor w : new Tensor[] {wIh, wHh, bIh, bHh}) w.setGrad(null);
        run(impl.equals("fused")).sum().backward();
        return wHh.grad();
    }
}
