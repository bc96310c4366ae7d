package dev.reel.video.datasets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A CSV list of videos, one per row: {@code path,label[,start,end]} (Kinetics-style segments in
 * seconds). Paths are relative to a video root unless absolute. Labels are class indices when
 * every label is an integer, otherwise class names (indexed in sorted order). A first row whose
 * label field is literally {@code label} is a header. Fields may be double-quoted.
 */
public final class CsvVideoList {
    private CsvVideoList() {}

    public static VideoFolders.Listing read(Path csv, Path videoRoot) {
        List<String> lines = Ucf101Splits.lines(csv);
        List<String[]> rows = new ArrayList<>();
        List<Integer> lineNo = new ArrayList<>();
        boolean first = true;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            String[] f = split(lines.get(i), csv, i);
            boolean header = first && f.length >= 2 && f[1].strip().equalsIgnoreCase("label");
            first = false;
            if (header) continue;
            if (f.length != 2 && f.length != 4) {
                throw new IllegalArgumentException("CSV " + csv + " line " + (i + 1) + ": expected path,label[,start,end], got " + f.length + " fields");
            }
            rows.add(f);
            lineNo.add(i + 1);
        }
        if (rows.isEmpty()) throw new IllegalArgumentException("CSV " + csv + " lists no videos");
        boolean numeric = rows.stream().allMatch(r -> r[1].strip().matches("\\d+"));
        List<String> names = new ArrayList<>();
        if (numeric) {
            int max = rows.stream().mapToInt(r -> Integer.parseInt(r[1].strip())).max().orElse(-1);
            for (int c = 0; c <= max; c++) names.add(Integer.toString(c));
        } else {
            TreeSet<String> set = new TreeSet<>();
            for (String[] r : rows) set.add(r[1].strip());
            names.addAll(set);
        }
        List<VideoEntry> entries = new ArrayList<>();
        for (int k = 0; k < rows.size(); k++) {
            String[] r = rows.get(k);
            int line = lineNo.get(k);
            Path p = Path.of(r[0].strip());
            if (!p.isAbsolute()) p = videoRoot.resolve(p);
            int label = numeric ? Integer.parseInt(r[1].strip()) : names.indexOf(r[1].strip());
            double start = -1, end = -1;
            if (r.length == 4) {
                start = number(r[2], csv, line);
                end = number(r[3], csv, line);
                if (!(start >= 0 && end > start)) throw new IllegalArgumentException("CSV " + csv + " line " + line + ": segment [" + start + ", " + end + ") is not a valid interval");
            }
            entries.add(new VideoEntry(p, label, start, end));
        }
        return new VideoFolders.Listing(entries, names);
    }

    private static double number(String s, Path csv, int line) {
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("CSV " + csv + " line " + line + ": '" + s + "' is not a number of seconds");
        }
    }

    /** Splits one line on commas outside double quotes; "" inside quotes is a quote. */
    static String[] split(String line, Path csv, int i) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int k = 0; k < line.length(); k++) {
            char c = line.charAt(k);
            if (quoted) {
                if (c == '"' && k + 1 < line.length() && line.charAt(k + 1) == '"') { cur.append('"'); k++; }
                else if (c == '"') quoted = false;
                else cur.append(c);
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) throw new IllegalArgumentException("CSV " + csv + " line " + (i + 1) + ": unterminated quote");
        out.add(cur.toString());
        return out.toArray(String[]::new);
    }
}
