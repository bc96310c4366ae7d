package dev.reel.video.sampling;

/** Shared arithmetic of window samplers. */
final class Windows {
    private Windows() {}

    static void checkPositive(String sampler, String what, int v) {
        if (v < 1) throw new IllegalArgumentException(sampler + ": " + what + " must be >= 1, got " + v);
    }

    static void checkFrames(int numFrames) {
        if (numFrames < 1) throw new IllegalArgumentException("ClipSampler: the video has " + numFrames + " frames; need at least 1");
    }

    /** Frames covered by a window: {@code (length - 1) * stride + 1}. */
    static long span(int length, int stride) { return (long) (length - 1) * stride + 1; }

    /** The window at {@code start}; indices past the end repeat the last frame. */
    static int[] window(int start, int length, int stride, int numFrames) {
        int[] idx = new int[length];
        for (int i = 0; i < length; i++) idx[i] = (int) Math.min((long) start + (long) i * stride, numFrames - 1);
        return idx;
    }
}
