package dev.reel.cli.models;

import dev.reel.engine.Reel;
import dev.reel.engine.Tensor;
import dev.reel.nn.Layer;
import dev.reel.nn.data.Batch;
import dev.reel.nn.data.DataLoader;
import dev.reel.nn.data.Dataset;
import dev.reel.nn.data.Example;
import dev.reel.nn.optim.Adam;
import dev.reel.nn.optim.Optimizer;
import dev.reel.nn.optim.SGD;
import dev.reel.nn.train.EpochStats;
import dev.reel.nn.train.Trainer;
import dev.reel.video.SyntheticVideos;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every reference model trains: a few epochs on tiny moving-shapes clips (4 classes, 4 frames of
 * 16x16), a set small enough to overfit, must bring the training loss well down. The ResNets (31-33
 * million parameters) get one batch of 4 clips and SGD, whose step is cheap next to Adam's on
 * that many weights; the small models get 8 clips and Adam.
 */
class ModelsSmokeTest {
    private static final int CLASSES = 4, FRAMES = 4, SIZE = 16, BATCH = 4;
    private static Example[] examples;

    @BeforeAll
    static void render() {
        var videos = new SyntheticVideos(SyntheticVideos.Config.DEFAULT.withNumClasses(CLASSES).withFrames(FRAMES)
                .withSize(SIZE, SIZE).withDistractors(0));
        examples = new Example[8];
        for (int i = 0; i < examples.length; i++) {
            SyntheticVideos.Clip c = videos.clip(i);
            Tensor x = c.tensor().toFloat().mul(2.0 / 255).sub(1.0).permute(3, 0, 1, 2).contiguous();
            examples[i] = Example.of(x, c.label());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "cnn-lstm,        8, adam, 3e-3, 20",
            "convlstm,        8, adam, 5e-3, 20",
            "c3d-small,       8, adam, 3e-3, 20",
            "cnn-transformer, 8, adam, 3e-3, 20",
            "r3d-18,          4, sgd,  0.02, 6",
            "r2plus1d-18,     4, sgd,  0.02, 6"})
    void trainingLossFalls(String name, int clips, String optimizer, double lr, int epochs) {
        Reel.manualSeed(7);
        Layer model = Models.create(name, CLASSES, SIZE, SIZE);
        Optimizer opt = optimizer.equals("sgd")
                ? new SGD(model.parameters(), new SGD.Options().lr(lr).momentum(0.9))
                : new Adam(model.parameters(), new Adam.Options().lr(lr));
        Trainer trainer = Trainer.builder(model, opt).build();
        Dataset<Example> data = Dataset.of(clips, i -> examples[i]);
        var train = DataLoader.builder(data).batchSize(BATCH).shuffle(true).seed(1).build();
        long t0 = System.nanoTime();
        List<EpochStats> h = trainer.fit(train, null, epochs);
        double secs = (System.nanoTime() - t0) / 1e9;

        assertEquals(epochs, h.size());
        double first = (h.get(0).trainLoss() + h.get(1).trainLoss()) / 2;
        double last = (h.get(epochs - 2).trainLoss() + h.get(epochs - 1).trainLoss()) / 2;
        System.out.printf(Locale.ROOT, "%s: %d parameters, loss %.3f -> %.3f, last train accuracy %.2f, %d epochs in %.1f s%n",
                name, model.parameterCount(true), first, last, h.get(epochs - 1).trainAccuracy(), epochs, secs);
        assertTrue(Double.isFinite(last) && last < 0.6 * first,
                name + ": the mean loss of the last two epochs (" + last + ") should be under 0.6 of that of the first two (" + first + ")");
    }
}
