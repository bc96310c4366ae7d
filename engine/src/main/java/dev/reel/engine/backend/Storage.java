package dev.reel.engine.backend;

import dev.reel.engine.DType;
import dev.reel.engine.Device;

/**
 * A flat buffer of elements of one dtype on one device. Tensors are views into a storage
 * (shape, strides, offset); all views of one storage share its version counter, which in-place
 * ops bump so that autograd can tell when a tensor it saved was modified.
 */
public abstract class Storage {
    private final DType dtype;
    private final int size;
    private int version;

    protected Storage(DType dtype, int size) {
        this.dtype = dtype;
        this.size = size;
    }

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
