package dev.reel.bench;

import dev.reel.engine.F;
import dev.reel.engine.Generator;
import dev.reel.engine.Grad;
import dev.reel.engine.Reel;
import dev.reel.engine.Tensor;
import dev.reel.nn.optim.Adam;
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
 * One training step (forward, cross entropy, backward, Adam lr 1e-3) and one inference pass of the
 * anchor video model ({@link AnchorCnnLstm}) on a batch of 8 clips of 16 frames, 64×64. Clips/s =
 * 8 / (seconds per operation). The PyTorch twin is {@code bench/compare/video_step_torch.py}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx8g"})
public class VideoStepBench {
    static final int B = 8, T = 16;

    @Param({"1", "2"})
    int threads;

    AnchorCnnLstm model;
    Adam adam;
    Tensor clips, labels;

    @Setup
    public void setup() {
        Reel.setNumThreads(threads);
        Reel.manualSeed(0);
        model = new AnchorCnnLstm();
        adam = new Adam(model.parameters(), new Adam.Options().lr(1e-3));
        Generator g = new Generator(1);
        clips = Tensor.randn(g, B, T, 3, 64, 64);
        labels = Tensor.randint(g, 0, 10, B);
        double first = trainStep(), later = first;
        for (int i = 0; i < 3; i++) later = trainStep();
        // validate before timing: a finite loss that the optimizer moves
        if (!Double.isFinite(first) || !Double.isFinite(later) || later == first) {
            throw new IllegalStateException("anchor model does not train: loss " + first + " then " + later);
        }
    }

    double trainStep() {
        Tensor loss = F.crossEntropy(model.call(clips), labels);
        adam.zeroGrad();
        loss.backward();
        adam.step();
        return loss.item();
    }

    @Benchmark
    public double train() {
        return trainStep();
    }

    @Benchmark
    public Tensor inference() {
        try (var g = Grad.off()) {
            return model.call(clips);
        }
    }
}
