package dev.reel.nn;

import dev.reel.engine.Tensor;
import java.util.List;
import java.util.function.Supplier;

/** Test support: runs a module with some of its parameters replaced by given tensors (for GradCheck). */
final class LayerSupport {
    private LayerSupport() {}

    /**
     * Puts {@code values[first + i]} in place of parameter {@code names.get(i)} while {@code body} runs,
     * so that GradCheck can differentiate the whole layer with respect to its parameters.
     */
    static Tensor withParameters(Module m, List<String> names, Tensor[] values, int first, Supplier<Tensor> body) {
        for (int i = 0; i < names.size(); i++) m.setParameter(names.get(i), values[first + i]);
        return body.get();
    }
}
