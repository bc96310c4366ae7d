package dev.reel.video.sampling;

import dev.reel.engine.Generator;

/** One window of {@code length} frames {@code stride} apart, at a random or the central start. */
record CropSampler(int length, int stride, boolean center) implements ClipSampler {
    CropSampler {
        Windows.checkPositive(center ? "centerCrop" : "randomCrop", "length", length);
        Windows.checkPositive(center ? "centerCrop" : "randomCrop", "stride", stride);
    }

    @Override
    public int[][] sample(int numFrames, Generator g) {
        Windows.checkFrames(numFrames);
        long room = numFrames - Windows.span(length, stride);   // possible start positions - 1
        int start = room <= 0 ? 0 : center ? (int) (room / 2) : (int) g.nextLong(room + 1);
        return new int[][] {Windows.window(start, length, stride, numFrames)};
    }
}
