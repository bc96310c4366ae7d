package dev.reel.engine.autograd;

import dev.reel.engine.Tensor;
import java.util.Arrays;

/**
 * A tensor saved for backward, with the version of its storage at the time it was saved. If an
 * in-place op has written to it since, backward fails with PyTorch's message instead of computing
 * a wrong gradient.
 */
final class SavedTensor {
    private final Tensor tensor;
    private final int version;
    private final String savedBy;

    SavedTensor(Tensor tensor, String savedBy) {
        if (tensor.isInference()) {
            throw new IllegalStateException(savedBy + ": inference tensors cannot be saved for backward. To work around "
                    + "this, make a clone outside inference mode");
        }
        this.tensor = tensor;
        this.version = tensor.storage().version();
        this.savedBy = savedBy;
    }

    Tensor unpack() {
        int now = tensor.storage().version();
        if (now != version) {
            throw new IllegalStateException("one of the variables needed for gradient computation has been modified by an "
                    + "inplace operation: [" + tensor.dtype().torchName() + " " + Arrays.toString(tensor.shape())
                    + "], which is saved by " + savedBy + ", is at version " + now + "; expected version " + version
                    + " instead.");
        }
        return tensor;
    }
}
