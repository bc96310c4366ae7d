package dev.reel.video;

/**
 * A sized collection of samples read by index, as PyTorch's map-style {@code Dataset}. A data
 * loader calls {@link #get} from its worker threads, so implementations must allow concurrent
 * calls.
 *
 * <pre>{@code
 * Dataset<Sample> train = VideoDataset.folder(root, ClipSampler.randomCrop(16, 2), transform, 42);
 * Sample s = train.get(0);   // s.input(): the transformed clip, s.label(): its class
 * }</pre>
 *
 * @param <T> the sample type
 */
public interface Dataset<T> {
    /** Number of samples. */
    int size();

    /** Sample {@code index}, in {@code [0, size())}. */
    T get(int index);
}
