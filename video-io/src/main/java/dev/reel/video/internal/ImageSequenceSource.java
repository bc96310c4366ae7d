package dev.reel.video.internal;

import dev.reel.video.Rational;
import dev.reel.video.VideoFormatException;
import dev.reel.video.VideoInfo;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A folder of still images (PNG, JPEG, BMP) read as a video, in natural name order
 * ({@code img2.png} before {@code img10.png}). Every image must have the size of the first.
 */
public final class ImageSequenceSource implements FrameSource {
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp");

    private final Path folder;
    private final List<Path> files;
    private final VideoInfo info;

    public ImageSequenceSource(Path folder, Rational fps) {
        this.folder = folder;
        this.files = list(folder);
        if (files.isEmpty()) throw new VideoFormatException(folder, -1, "folder has no PNG, JPEG or BMP images");
        int[] size = imageSize(files.get(0));
        String name = files.get(0).getFileName().toString().toLowerCase(Locale.ROOT);
        String codec = name.endsWith(".png") ? "png" : name.endsWith(".bmp") ? "bmp" : "mjpeg";
        this.info = new VideoInfo(size[0], size[1], fps, files.size(), true, files.size() / fps.toDouble(), codec, "rgb24", 0);
    }

    /** The image files of {@code folder}, naturally sorted. */
    public static List<Path> list(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> isImage(p.getFileName().toString()))
                    .sorted((a, b) -> NaturalOrder.INSTANCE.compare(a.getFileName().toString(), b.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    /** True for names ending in .png, .jpg, .jpeg or .bmp (any case). */
    public static boolean isImage(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (String e : EXTENSIONS) if (n.endsWith(e)) return true;
        return false;
    }

    /** Width and height from an image's header, without decoding its pixels. */
    public static int[] imageSize(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) throw new VideoFormatException(file, -1, "cannot open image");
            Iterator<ImageReader> it = ImageIO.getImageReaders(in);
            if (!it.hasNext()) throw new VideoFormatException(file, 0, "not a PNG, JPEG or BMP image");
            ImageReader r = it.next();
            try {
                r.setInput(in, true, true);
                return new int[] {r.getWidth(0), r.getHeight(0)};
            } finally {
                r.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof VideoFormatException v) throw v;
            throw new VideoFormatException(file, -1, "cannot read image header: " + e.getMessage(), e);
        }
    }

    /** Decodes an image file to RGB24, requiring size {@code w x h}. */
    public static void readImage(Path file, int w, int h, byte[] dst, int off) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new VideoFormatException(file, -1, "image could not be decoded: " + e.getMessage(), e);
        }
        if (img == null) throw new VideoFormatException(file, 0, "not a PNG, JPEG or BMP image");
        if (img.getWidth() != w || img.getHeight() != h) {
            throw new VideoFormatException(file, -1, "image is " + img.getWidth() + "x" + img.getHeight() + ", expected " + w + "x" + h);
        }
        RgbImages.toRgb(img, dst, off);
    }

    public Path folder() { return folder; }

    @Override
    public VideoInfo info() { return info; }

    @Override
    public void readRgb(int index, byte[] dst, int offset) {
        readImage(files.get(index), info.width(), info.height(), dst, offset);
    }

    @Override
    public void close() { }
}
