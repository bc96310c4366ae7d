package dev.reel.nn;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A list of modules registered as children {@code 0, 1, 2, ...}, as {@code torch.nn.ModuleList};
 * it has no forward of its own.
 *
 * <pre>{@code
 * var blocks = new ModuleList<Linear>();
 * for (int i = 0; i < 3; i++) blocks.add(new Linear(8, 8));
 * for (Linear l : blocks) x = l.call(x).relu();
 * }</pre>
 */
public class ModuleList<M extends Module> extends Module implements Iterable<M> {
    private final List<M> items = new ArrayList<>();

    @SafeVarargs
    public ModuleList(M... modules) {
        for (M m : modules) add(m);
    }

    public ModuleList<M> add(M module) {
        register(Integer.toString(items.size()), module);
        items.add(module);
        return this;
    }

    public M get(int index) {
        if (index < 0 || index >= items.size()) {
            throw new IndexOutOfBoundsException("ModuleList.get: index " + index + " is out of range for " + items.size()
                    + " modules");
        }
        return items.get(index);
    }

    public int size() { return items.size(); }

    @Override
    public Iterator<M> iterator() { return List.copyOf(items).iterator(); }
}
