package dev.reel.video.sampling;

import dev.reel.engine.Generator;

/** {@code clips} windows whose starts are spread evenly from the first to the last possible start. */
record MultiClipSampler(int clips, int length, int stride) implements ClipSampler {
    MultiClipSampler {
        Windows.checkPositive("multiClip", "clips", clips);
        Windows.checkPositive("multiClip", "length", length);
        Windows.checkPositive("multiClip", "stride", stride);
    }

    @Override
    public int[][] sample(int numFrames, Generator g) {
        Windows.checkFrames(numFrames);
        long room = Math.max(0, numFrames - Windows.span(length, stride));
        int[][] out = new int[clips][];
        for (int c = 0; c < clips; c++) {
            int start = clips == 1 ? (int) (room / 2) : (int) Math.round((double) room * c / (clips - 1));
            out[c] = Windows.window(start, length, stride, numFrames);
        }
        return out;
    }
}
