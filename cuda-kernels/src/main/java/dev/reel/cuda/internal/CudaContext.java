package dev.reel.cuda.internal;

import dev.reel.cuda.CudaException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One GPU as the backend uses it: its primary context, its one stream, its caching allocator,
 * the kernel modules loaded so far, and a pinned staging buffer for host transfers.
 *
 * <p>Every operation first makes the context current on the calling thread ({@link #enter()}),
 * since the driver API acts on the current context of the thread.
 *
 * <pre>{@code
 * CudaContext ctx = new CudaContext(driver, manifest, 0);
 * long p = ctx.allocator().allocate(1024).address();
 * }</pre>
 */
public final class CudaContext {
    private final CudaDriver driver;
    private final KernelManifest manifest;
    private final int ordinal;
    private final String name;
    private final int ccMajor, ccMinor, multiprocessors;
    private final MemorySegment context, stream;
    private final CachingAllocator allocator;
    private final Map<String, MemorySegment> modules = new HashMap<>();
    private final Map<String, MemorySegment> functions = new HashMap<>();
    private final ThreadLocal<Boolean> current = ThreadLocal.withInitial(() -> false);
    private MemorySegment staging = MemorySegment.NULL;
    private long errorWord;  // 16 bytes of device memory for kernels' report_bad_index
    private String lastLaunch = "no kernel yet";

    public CudaContext(CudaDriver driver, KernelManifest manifest, int ordinal) {
        this.driver = driver;
        this.manifest = manifest;
        this.ordinal = ordinal;
        int device = driver.device(ordinal);
        this.name = driver.deviceName(device);
        this.ccMajor = driver.attribute(device, CudaDriver.ATTR_COMPUTE_CAPABILITY_MAJOR);
        this.ccMinor = driver.attribute(device, CudaDriver.ATTR_COMPUTE_CAPABILITY_MINOR);
        this.multiprocessors = driver.attribute(device, CudaDriver.ATTR_MULTIPROCESSOR_COUNT);
        this.context = driver.retainPrimaryContext(device);
        driver.setCurrent(context);
        current.set(true);
        this.stream = driver.createStream();
        this.allocator = new CachingAllocator(new DeviceMemory() {
            @Override
            public long allocate(long bytes) {
                enter();
                return driver.allocate(bytes);
            }

            @Override
            public void free(long address) {
                enter();
                driver.free(address);
            }
        }, "cuda:" + ordinal);
    }

    /** Makes this context current on the calling thread (once per thread). */
    public void enter() {
        if (!current.get()) {
            driver.setCurrent(context);
            current.set(true);
        }
    }

    public CudaDriver driver() { return driver; }

    public CachingAllocator allocator() { return allocator; }

    public MemorySegment stream() { return stream; }

    public int multiprocessors() { return multiprocessors; }

    public String deviceName() { return name; }

    /** e.g. "cuda:0 (NVIDIA H100 80GB HBM3, sm_90)". */
    @Override
    public String toString() {
        return "cuda:" + ordinal + " (" + name + ", sm_" + ccMajor + ccMinor + ")";
    }

    private synchronized MemorySegment function(String file, String kernel) {
        MemorySegment f = functions.get(kernel);
        if (f != null) return f;
        MemorySegment module = modules.get(file);
        if (module == null) {
            KernelManifest.Image image = manifest.image(file, ccMajor, ccMinor);
            byte[] bytes = image.bytes();
            module = driver.loadModule(bytes, image.resource() + (image.ptx() ? " (PTX, JIT for sm_" + ccMajor + ccMinor
                    + ")" : ""));
            modules.put(file, module);
        }
        f = driver.function(module, kernel);
        functions.put(kernel, f);
        return f;
    }

    /** Launches {@code kernel} of {@code file}.cu on this device's stream. */
    public void launch(String file, String kernel, int gx, int gy, int gz, int bx, int by, int bz, Args args) {
        enter();
        MemorySegment f = function(file, kernel);
        String config = kernel + " grid=(" + gx + ", " + gy + ", " + gz + ") block=(" + bx + ", " + by + ", " + bz
                + ") on " + this;
        int r = driver.launch(f, gx, gy, gz, bx, by, bz, 0, stream, args.pointerArray());
        if (r != 0) throw new CudaException("launch of " + config + ": " + driver.describe(r), r);
        lastLaunch = config;
    }

    /** A 1-D launch of enough 256-thread blocks for n grid-stride iterations, capped to fill the GPU. */
    public void launch1d(String file, String kernel, long n, Args args) {
        long blocks = Math.max(1, Math.min((n + 255) / 256, (long) multiprocessors * 32));
        launch(file, kernel, (int) blocks, 1, 1, 256, 1, 1, args);
    }

    /** Waits for the stream; asynchronous kernel errors surface here, naming the last launch. */
    public void synchronize() {
        enter();
        driver.synchronize(stream, lastLaunch);
    }

    /**
     * Pinned host memory of at least {@code bytes} for transfers, reused between calls. Callers
     * hold the context's lock while they use it and synchronize before releasing it.
     */
    public synchronized MemorySegment staging(long bytes) {
        if (staging.byteSize() < bytes) {
            enter();
            if (!staging.equals(MemorySegment.NULL)) driver.freePinned(staging);
            staging = MemorySegment.NULL;
            staging = driver.allocatePinned(Math.max(bytes, 1 << 20));
        }
        return staging;
    }

    /** The device error word (2 x int64), zeroed, for a kernel that reports bad indices. */
    public synchronized long clearedErrorWord() {
        enter();
        if (errorWord == 0) errorWord = allocator.allocate(16).address();
        driver.memset(errorWord, (byte) 0, 16, stream);
        return errorWord;
    }

    /** Reads the error word after a launch: {position + 1, value}; position + 1 == 0 means no error. */
    public synchronized long[] readErrorWord() {
        synchronize();
        MemorySegment host = staging(16);
        driver.copyDeviceToHost(host, errorWord, 16, stream);
        synchronize();
        return new long[] {host.get(JAVA_LONG, 0), host.get(JAVA_LONG, 8)};
    }

    /** Runs a block of host-transfer code under this context's lock (the staging buffer is shared). */
    public synchronized <T> T withStaging(java.util.function.Supplier<T> body) {
        return body.get();
    }

    /** A confined arena for one launch's arguments. */
    public static Arena argsArena() {
        return Arena.ofConfined();
    }
}
