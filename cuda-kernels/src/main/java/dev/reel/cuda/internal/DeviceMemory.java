package dev.reel.cuda.internal;

/**
 * Raw device memory as the driver hands it out: the caching allocator's only dependency on the
 * GPU, so that its bookkeeping can be tested with a fake.
 *
 * <pre>{@code
 * DeviceMemory raw = new DeviceMemory() {
 *     public long allocate(long bytes) { return driver.allocate(bytes); }
 *     public void free(long address) { driver.free(address); }
 * };
 * }</pre>
 */
public interface DeviceMemory {
    /** A fresh block of at least {@code bytes}, or 0 when the device is out of memory. */
    long allocate(long bytes);

    /** Returns a block obtained from {@link #allocate}. */
    void free(long address);
}
