package dev.reel.video.sampling;

import dev.reel.engine.Generator;

/** All windows starting at 0, step, 2*step, ... that fit; a video shorter than one window gives one padded window. */
record SlidingWindowSampler(int length, int stride, int step) implements ClipSampler {
    SlidingWindowSampler {
        Windows.checkPositive("slidingWindows", "length", length);
        Windows.checkPositive("slidingWindows", "stride", stride);
        Windows.checkPositive("slidingWindows", "step", step);
    }

    @Override
    public int[][] sample(int numFrames, Generator g) {
        Windows.checkFrames(numFrames);
        long room = numFrames - Windows.span(length, stride);
        int count = room < 0 ? 1 : (int) (room / step + 1);
        int[][] clips = new int[count][];
        for (int c = 0; c < count; c++) clips[c] = Windows.window(c * step, length, stride, numFrames);
        return clips;
    }
}
