package dev.reel.cuda;

import dev.reel.cuda.internal.CachingAllocator;
import dev.reel.cuda.internal.CudaContext;
import dev.reel.engine.DType;
import dev.reel.engine.Device;
import dev.reel.engine.backend.Storage;

import java.lang.ref.Cleaner;

/**
 * Elements in GPU memory: a block of the device's caching allocator. The block goes back to the
 * allocator's cache when the storage becomes unreachable (a {@link Cleaner} action), so device
 * memory follows the Java objects' lifetime as PyTorch's follows reference counts.
 *
 * <pre>{@code
 * Tensor t = Tensor.ones(1024).to(Device.cuda(0));
 * CudaStorage s = (CudaStorage) t.storage();  // s.address(): the device pointer
 * }</pre>
 */
public final class CudaStorage extends Storage {
    private static final Cleaner CLEANER = Cleaner.create();

    private final Device device;
    private final CudaContext context;
    private final long address;

    CudaStorage(Device device, CudaContext context, DType dtype, int size, CachingAllocator.Block block) {
        super(dtype, size);
        this.device = device;
        this.context = context;
        this.address = block.address();
        CachingAllocator allocator = context.allocator();
        CLEANER.register(this, () -> allocator.free(block));
    }

    @Override
    public Device device() { return device; }

    /** The device pointer of element 0. */
    public long address() { return address; }

    /** Bytes of the elements. */
    public long byteSize() { return (long) size() * dtype().itemSize(); }

    CudaContext context() { return context; }
}
