package dev.reel.video.datasets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * UCF101's split files: {@code classInd.txt} ("1 ApplyEyeMakeup" per line, 1-based),
 * {@code trainlist0N.txt} ("ApplyEyeMakeup/v_ApplyEyeMakeup_g08_c01.avi 1") and
 * {@code testlist0N.txt} (paths only; the class is the path's folder). Labels become 0-based.
 */
public final class Ucf101Splits {
    private Ucf101Splits() {}

    /** The videos of fold {@code fold} (1-3), train or test list, resolved against {@code videoRoot}. */
    public static VideoFolders.Listing read(Path videoRoot, Path splitDir, int fold, boolean train) {
        if (fold < 1 || fold > 3) throw new IllegalArgumentException("UCF101: fold must be 1, 2 or 3, got " + fold);
        Path classInd = splitDir.resolve("classInd.txt");
        List<String> names = new ArrayList<>();
        Map<String, Integer> byName = new HashMap<>();
        List<String> lines = lines(classInd);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) continue;
            String[] f = line.split("\\s+");
            int id = parse(f[0], classInd, i);
            if (f.length != 2 || id != names.size() + 1) {
                throw new IllegalArgumentException("UCF101: " + classInd + " line " + (i + 1) + ": expected '<" + (names.size() + 1) + "> <ClassName>', got '" + line + "'");
            }
            byName.put(f[1], names.size());
            names.add(f[1]);
        }
        Path list = splitDir.resolve((train ? "trainlist0" : "testlist0") + fold + ".txt");
        List<VideoEntry> entries = new ArrayList<>();
        List<String> rows = lines(list);
        for (int i = 0; i < rows.size(); i++) {
            String line = rows.get(i).strip();
            if (line.isEmpty()) continue;
            String[] f = line.split("\\s+");
            String rel = f[0];
            int slash = rel.indexOf('/');
            Integer label = slash > 0 ? byName.get(rel.substring(0, slash)) : null;
            if (f.length >= 2) {
                int given = parse(f[1], list, i) - 1;
                if (label != null && label != given) {
                    throw new IllegalArgumentException("UCF101: " + list + " line " + (i + 1) + ": label " + (given + 1) + " disagrees with folder " + rel.substring(0, slash));
                }
                label = given;
            }
            if (label == null || label < 0 || label >= names.size()) {
                throw new IllegalArgumentException("UCF101: " + list + " line " + (i + 1) + ": cannot tell the class of '" + line + "'");
            }
            entries.add(VideoEntry.of(videoRoot.resolve(rel), label));
        }
        return new VideoFolders.Listing(entries, names);
    }

    private static int parse(String s, Path file, int line) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("UCF101: " + file + " line " + (line + 1) + ": '" + s + "' is not a number");
        }
    }

    static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }
}
