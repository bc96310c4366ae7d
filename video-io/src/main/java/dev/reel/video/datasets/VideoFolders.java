package dev.reel.video.datasets;

import dev.reel.video.internal.NaturalOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** Lists {@code root/<class>/<video>} trees. */
public final class VideoFolders {
    /** File extensions taken as videos. */
    public static final Set<String> VIDEO_EXTENSIONS = Set.of(
            "avi", "mp4", "m4v", "mov", "mkv", "webm", "y4m", "mpg", "mpeg", "flv", "wmv", "ts", "3gp", "ogv");

    private VideoFolders() {}

    /** Entries with class names (index = label). */
    public record Listing(List<VideoEntry> entries, List<String> classNames) { }

    /**
     * Classes are the sub-folders of {@code root} in natural order; a class's videos are its files
     * with a video extension, and its sub-folders (folders of frames), in natural order.
     *
     * @throws IllegalArgumentException when {@code root} has no class folder or a class no video
     */
    public static Listing scan(Path root) {
        List<Path> classes = sorted(root, Files::isDirectory);
        if (classes.isEmpty()) throw new IllegalArgumentException("VideoFolders: " + root + " has no class folders (expected root/<class>/<video>)");
        List<VideoEntry> entries = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            Path dir = classes.get(label);
            names.add(dir.getFileName().toString());
            List<Path> videos = sorted(dir, p -> Files.isDirectory(p) || isVideo(p));
            if (videos.isEmpty()) throw new IllegalArgumentException("VideoFolders: class folder " + dir + " has no videos (extensions: " + VIDEO_EXTENSIONS + ")");
            for (Path v : videos) entries.add(VideoEntry.of(v, label));
        }
        return new Listing(entries, names);
    }

    static boolean isVideo(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return Files.isRegularFile(p) && dot > 0 && VIDEO_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    static List<Path> sorted(Path dir, java.util.function.Predicate<Path> keep) {
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("VideoFolders: " + dir + " is not a folder");
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(keep)
                    .sorted((a, b) -> NaturalOrder.INSTANCE.compare(a.getFileName().toString(), b.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
