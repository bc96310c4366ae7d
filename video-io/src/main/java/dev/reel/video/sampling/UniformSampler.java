package dev.reel.video.sampling;

import dev.reel.engine.Generator;

/** {@code frames} indices at the centres of equal segments: {@code floor((i + 0.5) * n / frames)}. */
record UniformSampler(int frames) implements ClipSampler {
    UniformSampler {
        Windows.checkPositive("uniform", "frames", frames);
    }

    @Override
    public int[][] sample(int numFrames, Generator g) {
        Windows.checkFrames(numFrames);
        int[] idx = new int[frames];
        for (int i = 0; i < frames; i++) idx[i] = (int) ((2L * i + 1) * numFrames / (2L * frames));
        return new int[][] {idx};
    }
}
