package dev.reel.video.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Frame timestamps of recently opened FFmpeg files, so a dataset that opens the same video for
 * every sample scans its packets once per process. Keyed by path, size and modification time;
 * least recently used entries go when more than {@value #MAX_FRAMES} frames are held (16 bytes each).
 */
final class TimestampCache {
    static final long MAX_FRAMES = 4_000_000;

    /** Presentation timestamps in frame order and keyframe timestamps, both ascending. */
    record Entry(long[] pts, long[] keyPts) { }

    private static final LinkedHashMap<String, Entry> MAP = new LinkedHashMap<>(64, 0.75f, true);
    private static long frames;

    private TimestampCache() {}

    /** The key of a file as it is now, or null when its attributes cannot be read. */
    static String key(Path p) {
        try {
            return p.toAbsolutePath().normalize() + "|" + Files.size(p) + "|" + Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return null;
        }
    }

    static synchronized Entry get(String key) {
        return key == null ? null : MAP.get(key);
    }

    static synchronized void put(String key, Entry e) {
        if (key == null || e.pts().length > MAX_FRAMES) return;
        Entry old = MAP.put(key, e);
        if (old != null) frames -= old.pts().length;
        frames += e.pts().length;
        Iterator<Map.Entry<String, Entry>> it = MAP.entrySet().iterator();
        while (frames > MAX_FRAMES && it.hasNext()) {
            frames -= it.next().getValue().pts().length;
            it.remove();
        }
    }
}
