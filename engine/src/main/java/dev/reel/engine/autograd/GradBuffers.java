package dev.reel.engine.autograd;

import dev.reel.engine.Tensor;
import dev.reel.engine.backend.Storage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The storages one backward pass allocates for gradients, and when they can be recycled.
 *
 * <p>A gradient flows from the node that computes it to the one node that consumes it; after
 * that nothing references it, unless user code got hold of it. So the engine counts, per storage
 * that a backward formula (or the engine's own sum of two gradients) allocated during this pass,
 * the gradient slots that still hold it; when the count drops to zero the storage is
 * {@linkplain Storage#recycle() recycled} and its array serves the next allocation of that size.
 * A storage that no slot ever held (a temporary inside a formula) is recycled right after the
 * formula. Whatever escapes to user code is never recycled: gradients seen by hooks (which also
 * implement {@code retainGrad}), gradients returned by {@code autograd.grad}, and everything when
 * {@code createGraph} records the backward as a graph. Storages that existed before the pass
 * (the seed gradient, saved tensors, {@code .grad} of leaves, which are copies) are never touched.
 */
final class GradBuffers {
    private final boolean on;
    private final Set<Storage> fresh = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Storage, Integer> slots = new IdentityHashMap<>();
    private final List<Storage> lastCreated = new ArrayList<>();

    GradBuffers(boolean on) {
        this.on = on;
    }

    /** Runs {@code body} and notes every storage it allocates on this thread as this pass's own. */
    <T> T track(Supplier<T> body) {
        if (!on) return body.get();
        List<Storage> created = new ArrayList<>();
        List<Storage> before = Storage.listCreated(created);
        try {
            return body.get();
        } finally {
            Storage.listCreated(before);
            fresh.addAll(created);
            lastCreated.addAll(created);
        }
    }

    /** As {@link #track(Supplier)} for a body without a result. */
    void track(Runnable body) {
        track(() -> {
            body.run();
            return null;
        });
    }

    /** A gradient slot that held {@code before} now holds {@code after} (the same tensor: nothing changes). */
    void replaced(Tensor before, Tensor after) {
        if (before == after) return;
        hold(after);
        drop(before);
    }

    /** One more gradient slot holds {@code t}. */
    void hold(Tensor t) {
        if (on && t != null && fresh.contains(t.storage())) slots.merge(t.storage(), 1, Integer::sum);
    }

    /** A slot that held {@code t} let go of it; the last one recycles it. */
    void drop(Tensor t) {
        if (!on || t == null) return;
        Storage s = t.storage();
        Integer n = slots.get(s);
        if (n == null) return;
        if (n > 1) {
            slots.put(s, n - 1);
        } else {
            slots.remove(s);
            fresh.remove(s);
            s.recycle();
        }
    }

    /** {@code t} reached user code: its storage is never recycled. */
    void pin(Tensor t) {
        if (!on || t == null) return;
        fresh.remove(t.storage());
        slots.remove(t.storage());
    }

    /** Recycles what the last tracked calls allocated and no slot holds (temporaries of a formula). */
    void sweep() {
        if (!on) return;
        for (Storage s : lastCreated) {
            if (fresh.contains(s) && !slots.containsKey(s)) {
                fresh.remove(s);
                s.recycle();
            }
        }
        lastCreated.clear();
    }
}
