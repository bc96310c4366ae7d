package dev.reel.video.sampling;

import dev.reel.engine.Generator;

/**
 * Chooses which frames of a video make up its clip(s): {@code sample(n, g)} returns one array of
 * frame indices per clip, each within {@code [0, n)}. Random samplers draw from {@code g};
 * deterministic ones ignore it.
 *
 * <pre>{@code
 * ClipSampler train = ClipSampler.randomCrop(16, 2);   // 16 frames, every 2nd, random start
 * ClipSampler eval = ClipSampler.multiClip(4, 16, 2);  // 4 clips spread over the video
 * int[][] clips = train.sample(reader.frameCount(), new Generator(7));
 * }</pre>
 *
 * <p>Videos shorter than a clip's span repeat their last frame to fill the clip (as
 * pytorchvideo's samplers pad), so every clip has the requested length.
 */
@FunctionalInterface
public interface ClipSampler {
    /** Frame indices of each clip for a video of {@code numFrames} frames. */
    int[][] sample(int numFrames, Generator g);

    /** {@code frames} indices spread evenly over the whole video (the centre of each of {@code frames} equal segments). */
    static ClipSampler uniform(int frames) { return new UniformSampler(frames); }

    /** {@code length} frames {@code stride} apart from a uniformly random start. */
    static ClipSampler randomCrop(int length, int stride) { return new CropSampler(length, stride, false); }

    /** {@code length} frames {@code stride} apart, centred in the video. */
    static ClipSampler centerCrop(int length, int stride) { return new CropSampler(length, stride, true); }

    /** Every window of {@code length} frames {@code stride} apart, starting every {@code step} frames. */
    static ClipSampler slidingWindows(int length, int stride, int step) { return new SlidingWindowSampler(length, stride, step); }

    /** {@code clips} windows of {@code length} frames {@code stride} apart, with starts spread evenly (evaluation). */
    static ClipSampler multiClip(int clips, int length, int stride) { return new MultiClipSampler(clips, length, stride); }
}
