package dev.reel.engine.backend;

import dev.reel.engine.DType;
import dev.reel.engine.Device;
import java.util.List;

/**
 * A flat buffer of elements of one dtype on one device. Tensors are views into a storage
 * (shape, strides, offset); all views of one storage share its version counter, which in-place
 * ops bump so that autograd can tell when a tensor it saved was modified.
 */
public abstract class Storage {
    /** Where this thread's new storages are listed while the autograd engine runs a backward formula. */
    private static final ThreadLocal<List<Storage>> CREATED = new ThreadLocal<>();

    private final DType dtype;
    private final int size;
    private int version;

    protected Storage(DType dtype, int size) {
        this.dtype = dtype;
        this.size = size;
        List<Storage> created = CREATED.get();
        if (created != null) created.add(this);
    }

    /**
     * Lists every storage this thread creates from now on in {@code into} (null stops listing) and
     * returns the list that was set before. The autograd engine uses it to learn which storages a
     * backward formula allocated: only those can be {@linkplain #recycle() recycled}.
     */
    public static List<Storage> listCreated(List<Storage> into) {
        List<Storage> before = CREATED.get();
        CREATED.set(into);
        return before;
    }

    /**
     * Gives the memory back to the backend for reuse by a later allocation of the same size. Only
     * the code that provably holds the last reference may call it (the autograd engine for the
     * gradient buffers it allocated); the storage is unusable afterwards. The default does
     * nothing and leaves the memory to the garbage collector.
     */
    public void recycle() {}

    /** Element type. */
    public final DType dtype() { return dtype; }

    /** Number of elements. */
    public final int size() { return size; }

    /** The device the elements live on. */
    public abstract Device device();

    /** The version counter: how many in-place writes this storage has seen. */
    public final int version() { return version; }

    /** Records one in-place write. */
    public final void bumpVersion() { version++; }
}
