package dev.reel.nn.amp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.engine.DType;
import dev.reel.engine.Generator;
import dev.reel.engine.Reel;
import dev.reel.engine.Tensor;
import dev.reel.nn.Linear;
import dev.reel.nn.ReLU;
import dev.reel.nn.Sequential;
import dev.reel.nn.data.Batch;
import dev.reel.nn.data.DataLoader;
import dev.reel.nn.data.Dataset;
import dev.reel.nn.data.Example;
import dev.reel.nn.optim.Adam;
import dev.reel.nn.train.Checkpoint;
import dev.reel.nn.train.EpochStats;
import dev.reel.nn.train.ModelCheckpoint;
import dev.reel.nn.train.Trainer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Trainer with autocast (and a GradScaler for F16): it learns, and checkpoints keep the scaler. */
class MixedPrecisionTrainerTest {
    /** Three Gaussian blobs in 4-D: class c is centred at 2·e_c. */
    private static Dataset<Example> blobs(int n, long seed) {
        Tensor x = Tensor.randn(new Generator(seed), n, 4);
        return Dataset.of(n, i -> Example.of(x.select(0, i).add(Tensor.eye(4).select(0, i % 3).mul(2.0)), i % 3));
    }

    private static Trainer trainer(DType amp, GradScaler scaler, Sequential model) {
        Adam opt = new Adam(model.parameters(), new Adam.Options().lr(0.02));
        return Trainer.builder(model, opt).autocast(amp).gradScaler(scaler).clipGradNorm(5).build();
    }

    private static Sequential model() {
        Reel.manualSeed(11);
        return new Sequential(new Linear(4, 16), new ReLU(), new Linear(16, 3));
    }

    private static DataLoader<Example, Batch> train() {
        return DataLoader.builder(blobs(96, 1)).batchSize(8).shuffle(true).seed(3).build();
    }

    private static DataLoader<Example, Batch> val() {
        return DataLoader.builder(blobs(48, 2)).batchSize(16).build();
    }

    @Test
    void bf16AutocastTrainingLearns() {
        Sequential m = model();
        Trainer t = trainer(DType.BF16, null, m);
        List<EpochStats> h = t.fit(train(), val(), 4);
        assertTrue(h.get(3).trainLoss() < h.get(0).trainLoss() * 0.7, h.toString());
        assertTrue(h.get(3).valAccuracy() > 0.8, h.toString());
        for (Tensor p : m.parameters()) assertEquals(DType.F32, p.dtype(), "master weights stay F32");
    }

    @Test
    void f16WithAScalerLearnsAndCheckpointsTheScale(@TempDir Path dir) {
        Sequential m = model();
        GradScaler scaler = new GradScaler(65536, 2.0, 0.5, 5, true);
        Trainer t = trainer(DType.F16, scaler, m);
        t.addCallback(new ModelCheckpoint(dir, Map.of("model", "mlp")));
        List<EpochStats> h = t.fit(train(), val(), 3);
        assertTrue(h.get(2).trainLoss() < h.get(0).trainLoss() * 0.8, h.toString());
        assertTrue(scaler.getScale() > 65536, "36 clean steps with growth interval 5 grew the scale: " + scaler.getScale());

        Map<String, Object> saved = Checkpoint.read(dir.resolve("last.safetensors")).gradScalerState();
        assertEquals(scaler.getScale(), ((Number) saved.get("scale")).doubleValue());
        assertEquals(scaler.growthTracker(), ((Number) saved.get("_growth_tracker")).intValue());
        GradScaler fresh = new GradScaler(65536, 2.0, 0.5, 5, true);
        trainer(DType.F16, fresh, model()).resume(dir.resolve("last.safetensors"));
        assertEquals(scaler.stateDict(), fresh.stateDict());
    }
}
