package dev.reel.video;

import java.util.Objects;

/**
 * Decoded audio: float samples in [-1, 1], stored planar (all of channel 0, then channel 1, ...).
 *
 * <pre>{@code
 * Audio a = Wav.read(Path.of("speech.wav"));
 * float first = a.sample(0, 0);          // channel 0, sample 0
 * }</pre>
 *
 * @param sampleRate samples per second per channel
 * @param channels   number of channels
 * @param samples    {@code channels * length()} floats, channel-major
 */
public record Audio(int sampleRate, int channels, float[] samples) {
    public Audio {
        Objects.requireNonNull(samples, "samples");
        if (sampleRate <= 0) throw new IllegalArgumentException("Audio: sample rate must be positive, got " + sampleRate);
        if (channels <= 0) throw new IllegalArgumentException("Audio: channel count must be positive, got " + channels);
        if (samples.length % channels != 0) {
            throw new IllegalArgumentException("Audio: " + samples.length + " samples do not split into " + channels + " channels");
        }
    }

    /** The samples as an F32 tensor [channels, length] sharing this array (Conv1d's layout). */
    public dev.reel.engine.Tensor toTensor() { return dev.reel.engine.Tensor.wrap(samples, channels, length()); }

    /** Samples per channel. */
    public int length() { return samples.length / channels; }

    /** Duration in seconds. */
    public double durationSeconds() { return (double) length() / sampleRate; }

    /** Sample {@code i} of channel {@code c}. */
    public float sample(int c, int i) {
        Objects.checkIndex(c, channels);
        Objects.checkIndex(i, length());
        return samples[c * length() + i];
    }
}
