package dev.reel.nn;

import dev.reel.engine.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Layers applied one after the other, named {@code 0, 1, 2, ...} (or by the given names), as
 * {@code torch.nn.Sequential}: the state dict keys are {@code 0.weight}, {@code 2.bias}, ...
 *
 * <pre>{@code
 * var model = new Sequential(new Linear(4, 3), new Tanh(), new Linear(3, 2));
 * Tensor y = model.call(x);
 * }</pre>
 */
public class Sequential extends Layer implements Iterable<Layer> {
    private final List<Layer> layers = new ArrayList<>();

    public Sequential(Layer... layers) {
        for (Layer l : layers) add(l);
    }

    /** Named layers, in the map's iteration order (pass a LinkedHashMap, as PyTorch's OrderedDict). */
    public Sequential(Map<String, ? extends Layer> named) {
        named.forEach(this::add);
    }

    /** Appends a layer named by its position; returns this. */
    public Sequential add(Layer layer) { return add(Integer.toString(layers.size()), layer); }

    public Sequential add(String name, Layer layer) {
        register(name, layer);
        layers.add(layer);
        return this;
    }

    public Layer get(int index) {
        if (index < 0 || index >= layers.size()) {
            throw new IndexOutOfBoundsException("Sequential.get: index " + index + " is out of range for " + layers.size()
                    + " layers");
        }
        return layers.get(index);
    }

    public int size() { return layers.size(); }

    @Override
    public Iterator<Layer> iterator() { return List.copyOf(layers).iterator(); }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Layer l : layers) x = l.call(x);
        return x;
    }
}
