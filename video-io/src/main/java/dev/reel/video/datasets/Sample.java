package dev.reel.video.datasets;

import dev.reel.engine.Tensor;

import java.nio.file.Path;

/**
 * One labelled example: the (transformed) clip or image, its class index and the file it came from.
 *
 * @param input  the clip [T, H, W, C] (or [K, ...] for several clips), an image, or whatever the
 *               transform made of it
 * @param label  class index
 * @param source the video, frame folder or image file; null for generated data
 */
public record Sample(Tensor input, int label, Path source) { }
