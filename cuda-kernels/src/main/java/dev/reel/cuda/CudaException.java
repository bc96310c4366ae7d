package dev.reel.cuda;

/**
 * An error reported by the CUDA driver, with the call (or kernel and launch configuration) that
 * failed and CUDA's own name and text for the error.
 *
 * <pre>{@code
 * try {
 *     y = x.to(Device.cuda(0)).matmul(w);
 * } catch (CudaException e) {
 *     // e.getMessage(): "sgemm_tiled grid=(8, 8, 1) block=(256, 1, 1): CUDA_ERROR_ILLEGAL_ADDRESS (...)"
 *     int code = e.result();  // the CUresult
 * }
 * }</pre>
 */
public class CudaException extends RuntimeException {
    private final int result;

    public CudaException(String message, int result) {
        super(message);
        this.result = result;
    }

    /** The CUresult code (0 when the error was found by Reel rather than by the driver). */
    public int result() {
        return result;
    }
}
