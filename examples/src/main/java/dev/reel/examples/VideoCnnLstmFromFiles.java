package dev.reel.examples;

import dev.reel.engine.Grad;
import dev.reel.engine.Reel;
import dev.reel.engine.Tensor;
import dev.reel.nn.Conv2d;
import dev.reel.nn.ConvOptions;
import dev.reel.nn.CrossEntropyLoss;
import dev.reel.nn.Flatten;
import dev.reel.nn.LSTM;
import dev.reel.nn.Layer;
import dev.reel.nn.Linear;
import dev.reel.nn.MaxPool2d;
import dev.reel.nn.ReLU;
import dev.reel.nn.Sequential;
import dev.reel.nn.TimeDistributed;
import dev.reel.nn.data.Batch;
import dev.reel.nn.data.Collate;
import dev.reel.nn.data.DataLoader;
import dev.reel.nn.data.Example;
import dev.reel.nn.optim.Adam;
import dev.reel.video.SyntheticVideos;
import dev.reel.video.Video;
import dev.reel.video.VideoReader;
import dev.reel.video.datasets.VideoDataset;
import dev.reel.video.sampling.ClipSampler;
import dev.reel.video.transforms.CenterCrop;
import dev.reel.video.transforms.RandomCrop;
import dev.reel.video.transforms.ToFloat;
import dev.reel.video.transforms.VideoTransform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Example 6: the whole video path, from files on disk to a trained classifier. It writes the
 * moving-shapes clips as AVI/MJPEG files in the folder layout {@code root/<class>/<video>.avi},
 * reads them back with {@link VideoDataset#folder}, a {@link ClipSampler} and transforms, loads
 * batches with a {@link DataLoader} whose worker threads decode the next batch while the model
 * trains on this one, and trains a CNN-LSTM: a small CNN looks at every frame, an LSTM reads the
 * frame features in order, and a linear layer classifies the last hidden state. The four classes
 * are one circle moving left, right, up or down, so no single frame tells the class: the model has
 * to compare frames.
 *
 * <pre>{@code
 * examples/run VideoCnnLstmFromFiles                  // writes to a temporary folder
 * examples/run VideoCnnLstmFromFiles /tmp/shapes      // keeps the videos there
 * }</pre>
 */
public final class VideoCnnLstmFromFiles {
    private VideoCnnLstmFromFiles() {}

    /** Frames per video on disk, frames per training clip, and the frame size the model sees. */
    static final int VIDEO_FRAMES = 10, CLIP_FRAMES = 8, CROP = 28;

    /**
     * The mean training loss of the first and last epoch, the validation accuracy, the class names,
     * and the training speed in clips per second (reading, decoding and training together; the
     * validation passes not counted).
     */
    public record Result(double firstLoss, double lastLoss, double accuracy, List<String> classNames, double clipsPerSecond) {}

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("reel-cnn-lstm");
        Result r = run(dir, 40, 10, true);
        System.out.printf(Locale.ROOT, "classes %s%nvalidation accuracy %.1f %% (chance is %.0f %%), %.0f clips/s%nvideos in %s%n",
                r.classNames(), 100 * r.accuracy(), 100.0 / r.classNames().size(), r.clipsPerSecond(), dir);
    }

    /**
     * The per-frame CNN: two conv-ReLU-pool stages (28 -> 14 -> 7) and a linear layer to 64
     * features. The feature map is flattened, not averaged, so the features still say where the
     * shape is, and the LSTM can follow it from frame to frame.
     */
    static Sequential frameCnn() {
        return new Sequential(
                new Conv2d(6, 16, 3, ConvOptions.of().padding(1)), new ReLU(), new MaxPool2d(2),
                new Conv2d(16, 32, 3, ConvOptions.of().padding(1)), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(32 * 7 * 7, 64), new ReLU());
    }

    /** Clips (B, T, 3, 28, 28) -> logits (B, classes). */
    static final class CnnLstm extends Layer {
        // TimeDistributed folds time into the batch, (B, T, C, H, W) -> (B*T, C, H, W), runs the CNN once, and unfolds.
        final TimeDistributed cnn = register("cnn", new TimeDistributed(frameCnn()));
        final LSTM lstm = register("lstm", new LSTM(64, 64, 1, true, true, 0, false));   // batch first
        final Linear head;

        CnnLstm(int classes) { head = register("head", new Linear(64, classes)); }

        @Override
        public Tensor forward(Tensor clips) {
            // Each frame goes in with its difference from the previous one (zero for the first), as 6
            // channels: the cheapest form of the "two-stream" idea. The LSTM could find the motion
            // from the frames alone, but with the difference in view it learns in a few epochs, not dozens.
            int t = clips.size(1);
            Tensor previous = Tensor.cat(1, clips.narrow(1, 0, 1), clips.narrow(1, 0, t - 1));
            Tensor withMotion = Tensor.cat(2, clips, clips.sub(previous));   // (B, T, 6, H, W)
            Tensor features = cnn.call(withMotion);           // (B, T, 64)
            Tensor out = lstm.forward(features).output();     // (B, T, 64): the hidden state after each frame
            return head.call(out.select(1, out.size(1) - 1)); // the state after the last frame has seen them all
        }
    }

    /** [T, H, W, C] -> [T, C, H, W]: each frame channels-first, as Conv2d wants it. */
    static final VideoTransform FRAMES_CHANNELS_FIRST = (clip, g) -> clip.permute(0, 3, 1, 2).contiguous();

    /**
     * Writes {@code videosPerClass} training videos per class (and half as many validation videos,
     * from another seed) under {@code dir}, then trains for {@code epochs} epochs and evaluates.
     */
    public static Result run(Path dir, int videosPerClass, int epochs, boolean verbose) {
        // 1. Videos on disk: 4 classes (a circle moving left, right, up, down), 10 frames of 32x32 each.
        var config = new SyntheticVideos.Config(4, VIDEO_FRAMES, 32, 32, 2, 0, 6);
        var shapes = new SyntheticVideos(config);
        shapes.writeTo(dir.resolve("train"), videosPerClass, SyntheticVideos.Format.AVI_MJPEG);
        new SyntheticVideos(config.withSeed(7)).writeTo(dir.resolve("val"), Math.max(2, videosPerClass / 2), SyntheticVideos.Format.AVI_MJPEG);
        if (verbose) {
            try (VideoReader r = Video.open(dir.resolve("train").resolve("circle_left").resolve("circle_left_00000.avi"))) {
                System.out.println("wrote " + 4 * videosPerClass + " training videos; one of them: " + r.info());
            }
        }

        // 2. Datasets: a random 8-frame window and a random 28x28 crop for training, the central ones
        //    for validation. A horizontal flip would be wrong here: it turns "left" into "right".
        var train = VideoDataset.folder(dir.resolve("train"), ClipSampler.randomCrop(CLIP_FRAMES, 1),
                VideoTransform.compose(RandomCrop.of(CROP, CROP), ToFloat.scaled(), FRAMES_CHANNELS_FIRST), 42);
        var val = VideoDataset.folder(dir.resolve("val"), ClipSampler.centerCrop(CLIP_FRAMES, 1),
                VideoTransform.compose(CenterCrop.of(CROP, CROP), ToFloat.scaled(), FRAMES_CHANNELS_FIRST), 43);
        List<String> classes = train.classNames();

        // 3. Loaders: samples become (clip, label) examples; two worker threads decode ahead.
        try (DataLoader<Example, Batch> trainLoader = DataLoader.builder(train.map(s -> Example.of(s.input(), s.label())), Collate.stack())
                     .batchSize(4).shuffle(true).seed(1).workers(2).build();
             DataLoader<Example, Batch> valLoader = DataLoader.builder(val.map(s -> Example.of(s.input(), s.label())), Collate.stack())
                     .batchSize(16).workers(2).build()) {

            // 4. Model, loss, optimiser.
            Reel.manualSeed(6);
            var model = new CnnLstm(classes.size());
            var lossFn = new CrossEntropyLoss();
            var opt = new Adam(model.parameters(), new Adam.Options().lr(3e-3));

            // 5. Train.
            double first = Double.NaN, last = Double.NaN;
            long trainingNanos = 0;
            int clipsSeen = 0;
            for (int epoch = 0; epoch < epochs; epoch++) {
                model.train();
                trainLoader.setEpoch(epoch);   // a new shuffle and new random crops every epoch
                double sum = 0;
                int batches = 0;
                long start = System.nanoTime();
                for (Batch b : trainLoader) {
                    Tensor loss = lossFn.forward(model.call(b.input()), b.target());
                    opt.zeroGrad();
                    loss.backward();
                    opt.step();
                    sum += loss.item();
                    batches++;
                    clipsSeen += b.size();
                }
                trainingNanos += System.nanoTime() - start;
                last = sum / batches;
                if (epoch == 0) first = last;
                if (verbose) {
                    System.out.printf(Locale.ROOT, "epoch %2d  train loss %.4f  validation accuracy %.3f%n", epoch + 1, last, accuracy(model, valLoader));
                }
            }
            double clipsPerSecond = clipsSeen / (trainingNanos / 1e9);
            return new Result(first, last, accuracy(model, valLoader), classes, clipsPerSecond);
        }
    }

    /** The fraction of the loader's clips the model classifies right. */
    static double accuracy(Layer model, DataLoader<Example, Batch> loader) {
        model.eval();
        long right = 0, total = 0;
        try (Grad off = Grad.off()) {
            for (Batch b : loader) {
                right += model.call(b.input()).argmax(1, false).eq(b.target()).sum().itemLong();
                total += b.size();
            }
        } finally {
            model.train();
        }
        return (double) right / total;
    }
}
