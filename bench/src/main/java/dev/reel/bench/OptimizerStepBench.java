package dev.reel.bench;

import dev.reel.engine.DType;
import dev.reel.engine.Generator;
import dev.reel.engine.Grad;
import dev.reel.engine.Tensor;
import dev.reel.engine.cpu.Parallel;
import dev.reel.engine.ops.OptimOps;
import dev.reel.nn.optim.Adam;
import dev.reel.nn.optim.SGD;
import java.util.ArrayList;
import java.util.List;
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
 * One optimizer step over 33 M F32 parameters (R3D-18's count, as 33 tensors of 1 M): Adam and
 * SGD with momentum through nn's optimizers (the fused backend step) against the composite tensor
 * formula they replaced ({@code OptimOps.*Reference}). The fused Adam step moves 28 bytes per
 * parameter (read p, g, m, v; write p, m, v): 924 MB, so GB/s is 924 / score(ms).
 *
 * <pre>
 *   java -jar bench/target/benchmarks.jar OptimizerStepBench
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:+UseParallelGC", "-Xmx6g"})
public class OptimizerStepBench {
    @Param({"1"})
    public int threads;

    private static final int TENSORS = 33, SIZE = 1 << 20;

    private final List<Tensor> params = new ArrayList<>();
    private final List<Tensor[]> state = new ArrayList<>();
    private Adam adam;
    private SGD sgd;
    private double step;

    @Setup
    public void setup() {
        Parallel.setThreads(threads);
        Generator gen = new Generator(7);
        for (int i = 0; i < TENSORS; i++) {
            Tensor p = Tensor.randn(gen, DType.F32, SIZE).mul(0.05).requiresGrad_(true);
            p.setGrad(Tensor.randn(gen, DType.F32, SIZE).mul(1e-3));
            params.add(p);
            state.add(new Tensor[] {p.zerosLike(), p.zerosLike()});
        }
        adam = new Adam(params, new Adam.Options().lr(1e-4));
        sgd = new SGD(params, new SGD.Options().lr(1e-4).momentum(0.9));
    }

    @Benchmark
    public void adamFused() { adam.step(); }

    @Benchmark
    public void adamComposite() {
        step++;
        try (var off = Grad.off()) {
            for (int i = 0; i < TENSORS; i++) {
                Tensor p = params.get(i);
                OptimOps.adamStepReference(p, p.grad(), state.get(i)[0], state.get(i)[1], null, 1e-4, 0.9, 0.999, 1e-8, 0, false, step);
            }
        }
    }

    @Benchmark
    public void sgdMomentumFused() { sgd.step(); }

    @Benchmark
    public void sgdMomentumComposite() {
        try (var off = Grad.off()) {
            for (int i = 0; i < TENSORS; i++) {
                Tensor p = params.get(i);
                OptimOps.sgdStepReference(p, p.grad(), state.get(i)[0], 1e-4, 0.9, 0, 0, false, step++ == 0);
            }
        }
    }
}
