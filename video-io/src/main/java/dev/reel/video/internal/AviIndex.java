package dev.reel.video.internal;

import java.util.Arrays;

/** The data position and size of each frame chunk of one AVI stream, in stream order. */
final class AviIndex {
    long[] position = new long[64];
    int[] size = new int[64];
    int count;
    /** Which index this was built from: "indx" (OpenDML), "idx1" or "scan". */
    final String source;

    AviIndex(String source) { this.source = source; }

    void add(long pos, int len) {
        if (count == position.length) {
            position = Arrays.copyOf(position, count * 2);
            size = Arrays.copyOf(size, count * 2);
        }
        position[count] = pos;
        size[count] = len;
        count++;
    }
}
