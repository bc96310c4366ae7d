package dev.reel.nn.train;

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
import dev.reel.nn.optim.lr.StepLR;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {
    /** Three Gaussian blobs in 4-D: class c is centred at 2·e_c. */
    private static Dataset<Example> blobs(int n, long seed) {
        Tensor x = Tensor.randn(new dev.reel.engine.Generator(seed), n, 4);
        return Dataset.of(n, i -> {
            int c = i % 3;
            return Example.of(x.select(0, i).add(Tensor.eye(4).select(0, c).mul(2.0)), c);
        });
    }

    private record Run(Trainer trainer, Sequential model, DataLoader<Example, Batch> train, DataLoader<Example, Batch> val) {}

    private static Run build(int workers) { return build(workers, new AtomicInteger()); }

    /** 96 training samples in 12 batches of 8, an optimizer step every 2 batches: 6 steps per epoch. */
    private static Run build(int workers, AtomicInteger trainLoads) {
        Reel.manualSeed(11);
        Sequential model = new Sequential(new Linear(4, 16), new ReLU(), new Linear(16, 3));
        Adam opt = new Adam(model.parameters(), new Adam.Options().lr(0.02));
        Trainer t = Trainer.builder(model, opt).scheduler(new StepLR(opt, 2, 0.5)).clipGradNorm(5).accumulate(2).build();
        Dataset<Example> blobs = blobs(96, 1);
        Dataset<Example> counted = Dataset.of(blobs.size(), i -> {
            trainLoads.incrementAndGet();
            return blobs.get(i);
        });
        var train = DataLoader.builder(counted).batchSize(8).shuffle(true).seed(3).workers(workers).build();
        var val = DataLoader.builder(blobs(48, 2)).batchSize(16).build();
        return new Run(t, model, train, val);
    }

    @Test
    void lossFallsAndAccuracyRises() {
        Run r = build(0);
        List<EpochStats> h = r.trainer().fit(r.train(), r.val(), 4);
        assertEquals(4, h.size());
        assertTrue(h.get(3).trainLoss() < h.get(0).trainLoss() * 0.7, h.toString());
        assertTrue(h.get(3).valAccuracy() > 0.8, h.toString());
        assertEquals(0.02 * 0.5, h.get(2).lr(), 1e-15, "StepLR(2, 0.5) halves the rate after two epochs");
        Evaluation e = r.trainer().evaluate(r.val());
        assertEquals(48, e.samples());
        assertEquals(h.get(3).valAccuracy(), e.accuracy(), 1e-12);
        Tensor p = r.trainer().predict(Tensor.zeros(2, 4));
        assertArrayEquals(new float[] {1, 1}, p.sum(1, false).toFloatArray(), 1e-5f);
    }

    @Test
    void resumeIsBitIdentical(@TempDir Path dir) {
        Run full = build(2);
        full.trainer().fit(full.train(), full.val(), 4);

        Run first = build(2);
        Path ckpt = dir.resolve("ckpt");
        first.trainer().addCallback(new ModelCheckpoint(ckpt, Map.of("model", "mlp")));
        first.trainer().fit(first.train(), first.val(), 2);   // "interrupted" after two epochs
        Reel.manualSeed(999);                                 // disturb the global generator

        Run resumed = build(2);
        Checkpoint c = resumed.trainer().resume(ckpt.resolve("last.safetensors"));
        assertEquals("mlp", c.config().get("model"));
        assertEquals(2, resumed.trainer().epoch());
        resumed.trainer().fit(resumed.train(), resumed.val(), 4);

        Map<String, Tensor> a = full.model().stateDict(), b = resumed.model().stateDict();
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) assertArrayEquals(a.get(k).toFloatArray(), b.get(k).toFloatArray(), 0f, k);
        assertEquals(full.trainer().globalStep(), resumed.trainer().globalStep());
        assertEquals(full.trainer().lr(), resumed.trainer().lr());
        assertEquals(full.trainer().history().get(3).trainLoss(), resumed.trainer().history().get(3).trainLoss());
        assertTrue(Files.exists(ckpt.resolve("best.safetensors")));
    }

    /** Thrown by a callback to interrupt a run at a chosen point, as a crash or a kill would. */
    private static final class Interrupted extends RuntimeException {
        Interrupted() { super("interrupted by the test"); }
    }

    private static void assertSameWeights(Run a, Run b) {
        Map<String, Tensor> x = a.model().stateDict(), y = b.model().stateDict();
        assertEquals(x.keySet(), y.keySet());
        for (String k : x.keySet()) assertArrayEquals(x.get(k).toFloatArray(), y.get(k).toFloatArray(), 0f, k);
    }

    /** Every epoch's loss, accuracy and learning rate agree exactly (timings aside). */
    private static void assertSameFigures(Run a, Run b) {
        List<EpochStats> x = a.trainer().history(), y = b.trainer().history();
        assertEquals(x.size(), y.size());
        for (int e = 0; e < x.size(); e++) {
            EpochStats p = x.get(e), q = y.get(e);
            assertEquals(List.of(p.trainLoss(), p.trainAccuracy(), p.valLoss(), p.valAccuracy(), p.lr()),
                    List.of(q.trainLoss(), q.trainAccuracy(), q.valLoss(), q.valAccuracy(), q.lr()), "epoch " + e);
        }
    }

    @Test
    void resumeFromAStepCheckpointInsideAnEpochIsBitIdentical(@TempDir Path dir) {
        Run full = build(2);
        full.trainer().fit(full.train(), full.val(), 4);

        // Checkpoints every 4 steps (steps 4, 8, 12, ...); the run dies after step 10, in epoch 1.
        Run first = build(2);
        Path ckpt = dir.resolve("ckpt");
        first.trainer().addCallback(new ModelCheckpoint(ckpt, Map.of("model", "mlp"), 4));
        first.trainer().addCallback(new Callback() {
            @Override
            public void onBatchEnd(Trainer t, StepStats s) {
                if (t.globalStep() == 10) throw new Interrupted();
            }
        });
        assertThrows(Interrupted.class, () -> first.trainer().fit(first.train(), first.val(), 4));
        Reel.manualSeed(999);                                 // disturb the global generator

        AtomicInteger loads = new AtomicInteger();
        Run resumed = build(2, loads);
        Checkpoint c = resumed.trainer().resume(ckpt.resolve("last.safetensors"));
        assertEquals(1, c.epoch());
        assertEquals(8, c.globalStep());
        assertEquals(4, c.batchInEpoch(), "step 8 is the second step of epoch 1, after its batches 0..3");
        resumed.trainer().fit(resumed.train(), resumed.val(), 4);

        assertSameWeights(full, resumed);
        assertEquals(full.trainer().globalStep(), resumed.trainer().globalStep());
        assertEquals(full.trainer().lr(), resumed.trainer().lr());
        assertSameFigures(full, resumed);
        assertEquals((12 - 4) * 8 + 2 * 12 * 8, loads.get(), "the 4 batches trained on before the checkpoint are not loaded again");
    }

    @Test
    void resumeFromAStepCheckpointAtTheLastBatchOfAnEpochIsBitIdentical(@TempDir Path dir) {
        Run full = build(0);
        full.trainer().fit(full.train(), full.val(), 3);

        // Step 12 is the last of epoch 1; the run dies in that epoch's end, before its epoch checkpoint.
        Run first = build(0);
        Path ckpt = dir.resolve("ckpt");
        first.trainer().addCallback(new Callback() {
            @Override
            public void onEpochEnd(Trainer t, EpochStats s) {
                if (s.epoch() == 1) throw new Interrupted();
            }
        });
        first.trainer().addCallback(new ModelCheckpoint(ckpt, Map.of(), 4));
        assertThrows(Interrupted.class, () -> first.trainer().fit(first.train(), first.val(), 3));

        Run resumed = build(0);
        Checkpoint c = resumed.trainer().resume(ckpt.resolve("last.safetensors"));
        assertEquals(1, c.epoch());
        assertEquals(12, c.batchInEpoch());
        resumed.trainer().fit(resumed.train(), resumed.val(), 3);
        assertSameWeights(full, resumed);
        assertSameFigures(full, resumed);
    }

    @Test
    void resumeWithADifferentBatchCountIsAClearError(@TempDir Path dir) {
        Run first = build(0);
        first.trainer().addCallback(new ModelCheckpoint(dir, Map.of(), 3));
        first.trainer().addCallback(new Callback() {
            @Override
            public void onBatchEnd(Trainer t, StepStats s) {
                if (t.globalStep() == 3) throw new Interrupted();
            }
        });
        assertThrows(Interrupted.class, () -> first.trainer().fit(first.train(), null, 2));
        Run resumed = build(0);
        resumed.trainer().resume(dir.resolve("last.safetensors"));
        var other = DataLoader.builder(blobs(96, 1)).batchSize(16).shuffle(true).seed(3).build();
        var e = assertThrows(IllegalStateException.class, () -> resumed.trainer().fit(other, null, 2));
        assertTrue(e.getMessage().contains("after batch 6 of 12 in epoch 0, but this training loader has 6 batches"), e.getMessage());
    }

    @Test
    void saveInsideAnAccumulationCycleIsRefused(@TempDir Path dir) {
        Run r = build(0);
        r.trainer().addCallback(new Callback() {
            @Override
            public void onBatchEnd(Trainer t, StepStats s) {
                if (s.batch() == 0) t.save(dir.resolve("x.safetensors"), Map.of());
            }
        });
        var e = assertThrows(IllegalStateException.class, () -> r.trainer().fit(r.train(), null, 1));
        assertTrue(e.getMessage().startsWith("Trainer.save: 1 of 2 accumulated micro-batches"), e.getMessage());
    }

    @Test
    void csvHasOneRowPerEpochAfterResume(@TempDir Path dir) throws Exception {
        Run first = build(0);
        first.trainer().addCallback(new ModelCheckpoint(dir, Map.of()));
        first.trainer().addCallback(new CsvLogger(dir.resolve("metrics.csv")));
        first.trainer().fit(first.train(), null, 1);
        Run resumed = build(0);
        resumed.trainer().resume(dir.resolve("last.safetensors"));
        resumed.trainer().addCallback(new CsvLogger(dir.resolve("metrics.csv")));
        resumed.trainer().fit(resumed.train(), null, 3);
        List<String> lines = Files.readAllLines(dir.resolve("metrics.csv"));
        assertEquals(EpochStats.CSV_HEADER, lines.get(0));
        assertEquals(4, lines.size(), lines.toString());
        assertTrue(lines.get(3).startsWith("2,"));
    }
}
