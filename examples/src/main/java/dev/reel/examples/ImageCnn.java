package dev.reel.examples;

import dev.reel.engine.DType;
import dev.reel.engine.Grad;
import dev.reel.engine.Reel;
import dev.reel.engine.Tensor;
import dev.reel.nn.BatchNorm2d;
import dev.reel.nn.Conv2d;
import dev.reel.nn.ConvOptions;
import dev.reel.nn.CrossEntropyLoss;
import dev.reel.nn.Flatten;
import dev.reel.nn.Linear;
import dev.reel.nn.MaxPool2d;
import dev.reel.nn.ReLU;
import dev.reel.nn.Sequential;
import dev.reel.nn.data.Batch;
import dev.reel.nn.data.DataLoader;
import dev.reel.nn.data.Dataset;
import dev.reel.nn.data.Example;
import dev.reel.nn.optim.Adam;
import dev.reel.video.datasets.ImageFolderDataset;
import dev.reel.video.transforms.CenterCrop;
import dev.reel.video.transforms.Normalize;
import dev.reel.video.transforms.Resize;
import dev.reel.video.transforms.ToChannelsFirst;
import dev.reel.video.transforms.ToFloat;
import dev.reel.video.transforms.VideoTransform;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Example 2: an image classifier. Draws a small image folder of four shapes on disk (the
 * {@code root/<class>/<image>.png} layout of torchvision's {@code ImageFolder}), loads it with
 * {@link ImageFolderDataset} and the usual Resize, CenterCrop, ToTensor, Normalize pipeline, and
 * trains a small Conv2d/BatchNorm2d/ReLU/MaxPool2d network with an explicit PyTorch-style loop.
 *
 * <pre>{@code
 * examples/run ImageCnn              # 6 epochs, prints loss and validation accuracy
 * ImageCnn.Result r = ImageCnn.run(Path.of("/tmp/shapes"), 80, 20, 6, true);
 * }</pre>
 */
public final class ImageCnn {
    private ImageCnn() {}

    /** The shapes, one class folder each; ImageFolderDataset numbers them in sorted order. */
    static final List<String> CLASSES = List.of("circle", "cross", "square", "triangle");

    /** Images are drawn at 40x48 (H x W) so that Resize and CenterCrop have real work to do. */
    static final int HEIGHT = 40, WIDTH = 48, CROP = 32;

    /**
     * Mean training loss of the first and last epoch, and the accuracy on the validation images
     * after each epoch.
     */
    public record Result(double firstLoss, double lastLoss, double[] valAccuracy) {
        public double finalAccuracy() { return valAccuracy[valAccuracy.length - 1]; }
    }

    public static void main(String[] args) throws IOException {
        Path root = Files.createTempDirectory("reel-shapes");
        Result r = run(root, 150, 40, 6, true);
        System.out.printf(Locale.ROOT, "validation accuracy %.1f %% (chance is %.0f %%); images in %s%n",
                100 * r.finalAccuracy(), 100.0 / CLASSES.size(), root);
    }

    /**
     * Writes {@code trainPerClass} training and {@code valPerClass} validation images per class
     * under {@code root/train} and {@code root/val}, then trains for {@code epochs} epochs.
     */
    public static Result run(Path root, int trainPerClass, int valPerClass, int epochs, boolean verbose) {
        Reel.manualSeed(0);
        // Different seeds: the validation images are new drawings, not copies of training ones.
        writeShapes(root.resolve("train"), trainPerClass, 1);
        writeShapes(root.resolve("val"), valPerClass, 2);

        // The torchvision recipe: Resize(32) on the short side, CenterCrop(32), ToTensor, Normalize.
        // Reel's transforms work channels last ([H, W, C], as decoded) and ToChannelsFirst makes the
        // [C, H, W] that Conv2d wants; ToFloat + ToChannelsFirst together are torchvision's ToTensor.
        // Mean and std 0.5 map [0, 1] to [-1, 1], a common choice when the data's own statistics are unknown.
        VideoTransform transform = VideoTransform.compose(
                Resize.shortSide(CROP),
                CenterCrop.of(CROP, CROP),
                ToFloat.scaled(),
                Normalize.of(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f}),
                ToChannelsFirst.INSTANCE);
        var train = new ImageFolderDataset(root.resolve("train"), transform, 0);
        var val = new ImageFolderDataset(root.resolve("val"), transform, 0);
        if (verbose) System.out.println("classes " + train.classNames() + ", " + train.size() + " training and " + val.size() + " validation images");

        // A Sample carries (image, label, file); the loader stacks Examples (input, target) into Batches.
        Dataset<Example> trainSet = train.map(s -> Example.of(s.input(), s.label()));
        Dataset<Example> valSet = val.map(s -> Example.of(s.input(), s.label()));
        try (var trainLoader = DataLoader.builder(trainSet).batchSize(32).shuffle(true).seed(0).workers(2).build();
             var valLoader = DataLoader.builder(valSet).batchSize(64).workers(2).build()) {

            // Three conv blocks halve the image each time: 32 -> 16 -> 8 -> 4. BatchNorm lets a high
            // learning rate work from the first step; the conv needs no bias because BatchNorm adds one.
            Sequential model = new Sequential(
                    new Conv2d(3, 16, 3, ConvOptions.of().padding(1).bias(false)), new BatchNorm2d(16), new ReLU(), new MaxPool2d(2),
                    new Conv2d(16, 32, 3, ConvOptions.of().padding(1).bias(false)), new BatchNorm2d(32), new ReLU(), new MaxPool2d(2),
                    new Conv2d(32, 32, 3, ConvOptions.of().padding(1).bias(false)), new BatchNorm2d(32), new ReLU(), new MaxPool2d(2),
                    new Flatten(),
                    new Linear(32 * 4 * 4, CLASSES.size()));
            var lossFn = new CrossEntropyLoss();
            var opt = new Adam(model.parameters(), new Adam.Options().lr(3e-3));
            if (verbose) System.out.println(model.parameterCount(true) + " parameters");

            double first = Double.NaN, last = Double.NaN;
            double[] accuracy = new double[epochs];
            for (int epoch = 0; epoch < epochs; epoch++) {
                long t0 = System.nanoTime();
                model.train();   // BatchNorm uses the batch's statistics and updates its running ones
                double lossSum = 0;
                int seen = 0;
                for (Batch b : trainLoader) {
                    Tensor logits = model.call(b.input());          // [B, 4]
                    Tensor loss = lossFn.forward(logits, b.target());
                    opt.zeroGrad();
                    loss.backward();
                    opt.step();
                    lossSum += loss.item() * b.size();
                    seen += b.size();
                }
                last = lossSum / seen;
                if (epoch == 0) first = last;
                accuracy[epoch] = accuracy(model, valLoader);
                if (verbose) {
                    System.out.printf(Locale.ROOT, "epoch %d  train loss %.4f  val accuracy %5.1f %%  (%.1f s)%n",
                            epoch + 1, last, 100 * accuracy[epoch], (System.nanoTime() - t0) / 1e9);
                }
            }
            return new Result(first, last, accuracy);
        }
    }

    /** Top-1 accuracy with the model in eval mode (BatchNorm's running statistics) and no graph recorded. */
    static double accuracy(Sequential model, DataLoader<Example, Batch> loader) {
        model.eval();
        long correct = 0, total = 0;
        try (Grad off = Grad.off()) {
            for (Batch b : loader) {
                Tensor predicted = model.call(b.input()).argmax(1, false);
                correct += (long) predicted.eq(b.target()).to(DType.I64).sum().item();
                total += b.size();
            }
        }
        return (double) correct / total;
    }

    /**
     * Draws {@code perClass} PNGs of each shape into {@code dir/<shape>/}: a random colour, size and
     * position on a noisy background, so that only the outline tells the classes apart.
     */
    static void writeShapes(Path dir, int perClass, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (String shape : CLASSES) {
            Path classDir = dir.resolve(shape);
            try {
                Files.createDirectories(classDir);
                for (int i = 0; i < perClass; i++) {
                    ImageIO.write(draw(shape, rnd), "png", classDir.resolve(String.format(Locale.ROOT, "%04d.png", i)).toFile());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("ImageCnn: cannot write images into " + classDir + ": " + e.getMessage(), e);
            }
        }
    }

    private static BufferedImage draw(String shape, SplittableRandom rnd) {
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        // A bright colour for the shape, a dark one for the background: the contrast is always there,
        // but the colour itself carries no information about the class.
        int[] fg = {128 + rnd.nextInt(128), 128 + rnd.nextInt(128), 128 + rnd.nextInt(128)};
        int[] bg = {rnd.nextInt(80), rnd.nextInt(80), rnd.nextInt(80)};
        double r = 6 + rnd.nextDouble() * 5;                  // half the shape's size, in pixels
        // The centre stays inside the 32x32 the centre crop keeps (after Resize, 40 -> 32 rows, 48 -> 38 columns).
        double cy = HEIGHT / 2.0 + (rnd.nextDouble() - 0.5) * 6;
        double cx = WIDTH / 2.0 + (rnd.nextDouble() - 0.5) * 8;
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                boolean inside = inside(shape, (x + 0.5 - cx) / r, (y + 0.5 - cy) / r);
                int[] c = inside ? fg : bg;
                int rgb = 0;
                for (int ch = 0; ch < 3; ch++) {
                    int v = (int) Math.round(c[ch] + rnd.nextDouble() * 50 - 25);   // pixel noise
                    rgb = rgb << 8 | Math.clamp(v, 0, 255);
                }
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }

    /** Whether the point (u, v), in units of the shape's half size around its centre, is inside it. */
    private static boolean inside(String shape, double u, double v) {
        return switch (shape) {
            case "circle" -> u * u + v * v <= 1;
            case "square" -> Math.abs(u) <= 0.85 && Math.abs(v) <= 0.85;             // about the circle's area
            case "cross" -> Math.abs(u) <= 1 && Math.abs(v) <= 1 && (Math.abs(u) <= 0.33 || Math.abs(v) <= 0.33);
            case "triangle" -> v <= 0.8 && v >= -1 + 2 * Math.abs(u) - 0.2;         // apex up, base at v = 0.8
            default -> throw new IllegalArgumentException("ImageCnn: unknown shape " + shape);
        };
    }
}
