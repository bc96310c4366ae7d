package dev.reel.cuda;

/**
 * The device had no memory left for an allocation, even after the caching allocator returned
 * every unused cached block to the driver. The message carries the allocator's statistics, as
 * PyTorch's "CUDA out of memory" does.
 *
 * <pre>{@code
 * try {
 *     Tensor big = Tensor.zeros(DType.F32, 1 << 30).to(Device.cuda(0));
 * } catch (CudaOutOfMemoryException e) {
 *     System.err.println(e.getMessage());  // "... 3.00 GiB allocated, 3.50 GiB reserved ..."
 * }
 * }</pre>
 */
public final class CudaOutOfMemoryException extends CudaException {
    public CudaOutOfMemoryException(String message) {
        super(message, 2);  // CUDA_ERROR_OUT_OF_MEMORY
    }
}
