package dev.reel.cuda.internal;

import dev.reel.cuda.CudaException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The CUDA driver API ({@code libcuda.so.1}, installed with every NVIDIA driver), bound with the
 * JDK's foreign function API. Only the calls Reel needs are bound; each wrapper checks the
 * {@code CUresult} and throws a {@link CudaException} with CUDA's name and text for the error.
 *
 * <p>Versioned entry points: {@code cuda.h} maps several names to {@code _v2} symbols (for example
 * {@code #define cuMemAlloc cuMemAlloc_v2}); the symbols bound here are the ones those macros name,
 * the same a C program compiled against CUDA 12 or 13 links to. {@code CudaDriverSymbolsTest} checks
 * them against the {@code cuda.h} of the installed toolkit.
 *
 * <pre>{@code
 * CudaDriver driver = CudaDriver.load().orElseThrow();
 * driver.init();
 * int devices = driver.deviceCount();
 * }</pre>
 */
public final class CudaDriver {
    /** The shared library every NVIDIA driver installs. */
    public static final String LIBRARY = "libcuda.so.1";

    /** CUresult of success and of out-of-memory. */
    static final int CUDA_SUCCESS = 0;
    public static final int CUDA_ERROR_OUT_OF_MEMORY = 2;

    /** Device attributes (CUdevice_attribute). */
    public static final int ATTR_MULTIPROCESSOR_COUNT = 16;
    public static final int ATTR_COMPUTE_CAPABILITY_MAJOR = 75;
    public static final int ATTR_COMPUTE_CAPABILITY_MINOR = 76;

    /** JIT options (CUjit_option) for the error log of a PTX compile. */
    private static final int CU_JIT_ERROR_LOG_BUFFER = 5;
    private static final int CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6;
    private static final int JIT_LOG_SIZE = 16 * 1024;

    private static final Linker LINKER = Linker.nativeLinker();

    private final MethodHandle cuInit, cuDriverGetVersion, cuDeviceGetCount, cuDeviceGet, cuDeviceGetName,
            cuDeviceGetAttribute, cuDeviceTotalMem, cuDevicePrimaryCtxRetain, cuCtxSetCurrent,
            cuModuleLoadDataEx, cuModuleGetFunction, cuLaunchKernel, cuMemAlloc, cuMemFree,
            cuMemcpyHtoDAsync, cuMemcpyDtoHAsync, cuMemcpyDtoDAsync, cuMemsetD8Async, cuMemHostAlloc,
            cuMemFreeHost, cuStreamCreate, cuStreamSynchronize, cuMemGetInfo, cuGetErrorName, cuGetErrorString;

    private CudaDriver(SymbolLookup lib) {
        cuInit = bind(lib, "cuInit", JAVA_INT);
        cuDriverGetVersion = bind(lib, "cuDriverGetVersion", ADDRESS);
        cuDeviceGetCount = bind(lib, "cuDeviceGetCount", ADDRESS);
        cuDeviceGet = bind(lib, "cuDeviceGet", ADDRESS, JAVA_INT);
        cuDeviceGetName = bind(lib, "cuDeviceGetName", ADDRESS, JAVA_INT, JAVA_INT);
        cuDeviceGetAttribute = bind(lib, "cuDeviceGetAttribute", ADDRESS, JAVA_INT, JAVA_INT);
        cuDeviceTotalMem = bind(lib, "cuDeviceTotalMem_v2", ADDRESS, JAVA_INT);
        cuDevicePrimaryCtxRetain = bind(lib, "cuDevicePrimaryCtxRetain", ADDRESS, JAVA_INT);
        cuCtxSetCurrent = bind(lib, "cuCtxSetCurrent", ADDRESS);
        cuModuleLoadDataEx = bind(lib, "cuModuleLoadDataEx", ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
        cuModuleGetFunction = bind(lib, "cuModuleGetFunction", ADDRESS, ADDRESS, ADDRESS);
        cuLaunchKernel = bind(lib, "cuLaunchKernel", ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
        cuMemAlloc = bind(lib, "cuMemAlloc_v2", ADDRESS, JAVA_LONG);
        cuMemFree = bind(lib, "cuMemFree_v2", JAVA_LONG);
        cuMemcpyHtoDAsync = bind(lib, "cuMemcpyHtoDAsync_v2", JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS);
        cuMemcpyDtoHAsync = bind(lib, "cuMemcpyDtoHAsync_v2", ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS);
        cuMemcpyDtoDAsync = bind(lib, "cuMemcpyDtoDAsync_v2", JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS);
        cuMemsetD8Async = bind(lib, "cuMemsetD8Async", JAVA_LONG, JAVA_BYTE, JAVA_LONG, ADDRESS);
        cuMemHostAlloc = bind(lib, "cuMemHostAlloc", ADDRESS, JAVA_LONG, JAVA_INT);
        cuMemFreeHost = bind(lib, "cuMemFreeHost", ADDRESS);
        cuStreamCreate = bind(lib, "cuStreamCreate", ADDRESS, JAVA_INT);
        cuStreamSynchronize = bind(lib, "cuStreamSynchronize", ADDRESS);
        cuMemGetInfo = bind(lib, "cuMemGetInfo_v2", ADDRESS, ADDRESS);
        cuGetErrorName = bind(lib, "cuGetErrorName", JAVA_INT, ADDRESS);
        cuGetErrorString = bind(lib, "cuGetErrorString", JAVA_INT, ADDRESS);
    }

    /** Every symbol this class binds, for the header check in the tests. */
    public static final java.util.List<String> SYMBOLS = java.util.List.of(
            "cuInit", "cuDriverGetVersion", "cuDeviceGetCount", "cuDeviceGet", "cuDeviceGetName",
            "cuDeviceGetAttribute", "cuDeviceTotalMem_v2", "cuDevicePrimaryCtxRetain", "cuCtxSetCurrent",
            "cuModuleLoadDataEx", "cuModuleGetFunction", "cuLaunchKernel", "cuMemAlloc_v2", "cuMemFree_v2",
            "cuMemcpyHtoDAsync_v2", "cuMemcpyDtoHAsync_v2", "cuMemcpyDtoDAsync_v2", "cuMemsetD8Async",
            "cuMemHostAlloc", "cuMemFreeHost", "cuStreamCreate", "cuStreamSynchronize", "cuMemGetInfo_v2",
            "cuGetErrorName", "cuGetErrorString");

    /** The outcome of looking for the driver: a bound driver, or why there is none. */
    public record Loaded(Optional<CudaDriver> driver, String reason) {}

    /**
     * Opens {@code libcuda.so.1} and binds its functions. Never throws: where the library or a
     * symbol is missing, the result holds no driver and says why.
     */
    public static Loaded load() {
        SymbolLookup lib;
        try {
            lib = SymbolLookup.libraryLookup(LIBRARY, Arena.global());
        } catch (IllegalArgumentException e) {
            return new Loaded(Optional.empty(), LIBRARY + " could not be loaded (no NVIDIA driver installed?): "
                    + e.getMessage());
        } catch (IllegalCallerException e) {
            return new Loaded(Optional.empty(), "native access is disabled for module dev.reel.cuda; run java with "
                    + "--enable-native-access=dev.reel.cuda (or ALL-UNNAMED on the class path)");
        }
        try {
            return new Loaded(Optional.of(new CudaDriver(lib)), "");
        } catch (IllegalStateException e) {
            return new Loaded(Optional.empty(), e.getMessage());
        }
    }

    private static MethodHandle bind(SymbolLookup lib, String name, MemoryLayout... args) {
        MemorySegment symbol = lib.find(name).orElseThrow(() -> new IllegalStateException(
                LIBRARY + " has no symbol " + name + ": the NVIDIA driver is too old for CUDA 12/13"));
        return LINKER.downcallHandle(symbol, FunctionDescriptor.of(JAVA_INT, args));
    }

    // ---- error handling ----------------------------------------------------------------------

    /** CUDA's name and text for a CUresult, e.g. {@code CUDA_ERROR_OUT_OF_MEMORY (out of memory)}. */
    public String describe(int result) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocate(ADDRESS);
            String name = (int) cuGetErrorName.invokeExact(result, p) == CUDA_SUCCESS
                    ? cString(p.get(ADDRESS, 0)) : "CUresult " + result;
            String text = (int) cuGetErrorString.invokeExact(result, p) == CUDA_SUCCESS
                    ? cString(p.get(ADDRESS, 0)) : "unknown error";
            return name + " (" + text + ")";
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static String cString(MemorySegment p) {
        return p.equals(MemorySegment.NULL) ? "" : p.reinterpret(Long.MAX_VALUE).getString(0, StandardCharsets.UTF_8);
    }

    /** Throws a CudaException naming the call when result is not CUDA_SUCCESS. */
    void check(int result, String call) {
        if (result != CUDA_SUCCESS) throw new CudaException(call + ": " + describe(result), result);
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }

    private int callInt(MethodHandle h, String call, Object... args) {
        try {
            return (int) h.invokeWithArguments(args);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private void call(MethodHandle h, String call, Object... args) {
        check(callInt(h, call, args), call);
    }

    // ---- devices and contexts ----------------------------------------------------------------

    /** cuInit(0); returns the CUresult so that callers can turn "no device" into a reason. */
    public int init() {
        return callInt(cuInit, "cuInit", 0);
    }

    /** The driver's CUDA version as major * 1000 + minor * 10 (13000 for CUDA 13.0). */
    public int driverVersion() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_INT);
            call(cuDriverGetVersion, "cuDriverGetVersion", v);
            return v.get(JAVA_INT, 0);
        }
    }

    public int deviceCount() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment n = arena.allocate(JAVA_INT);
            call(cuDeviceGetCount, "cuDeviceGetCount", n);
            return n.get(JAVA_INT, 0);
        }
    }

    /** The CUdevice handle of the ordinal-th GPU. */
    public int device(int ordinal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment d = arena.allocate(JAVA_INT);
            call(cuDeviceGet, "cuDeviceGet(" + ordinal + ")", d, ordinal);
            return d.get(JAVA_INT, 0);
        }
    }

    public String deviceName(int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocate(256);
            call(cuDeviceGetName, "cuDeviceGetName", name, 256, device);
            return name.getString(0, StandardCharsets.UTF_8);
        }
    }

    public int attribute(int device, int attribute) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_INT);
            call(cuDeviceGetAttribute, "cuDeviceGetAttribute(" + attribute + ")", v, attribute, device);
            return v.get(JAVA_INT, 0);
        }
    }

    public long totalMemory(int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_LONG);
            call(cuDeviceTotalMem, "cuDeviceTotalMem", v, device);
            return v.get(JAVA_LONG, 0);
        }
    }

    /** Free and total device memory of the current context's device, in bytes. */
    public long[] memoryInfo() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment free = arena.allocate(JAVA_LONG), total = arena.allocate(JAVA_LONG);
            call(cuMemGetInfo, "cuMemGetInfo", free, total);
            return new long[] {free.get(JAVA_LONG, 0), total.get(JAVA_LONG, 0)};
        }
    }

    /** Retains the device's primary context (the one the runtime API would use too). */
    public MemorySegment retainPrimaryContext(int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ctx = arena.allocate(ADDRESS);
            call(cuDevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain", ctx, device);
            return ctx.get(ADDRESS, 0);
        }
    }

    /** Makes ctx current on the calling thread; driver calls act on the current context. */
    public void setCurrent(MemorySegment ctx) {
        call(cuCtxSetCurrent, "cuCtxSetCurrent", ctx);
    }

    // ---- modules and launches ----------------------------------------------------------------

    /**
     * Loads a cubin or PTX image (PTX must end with a NUL byte). A failed PTX compile reports
     * the JIT's error log.
     */
    public MemorySegment loadModule(byte[] image, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(image.length + 1L);
            MemorySegment.copy(image, 0, data, JAVA_BYTE, 0, image.length);
            MemorySegment log = arena.allocate(JIT_LOG_SIZE);
            MemorySegment options = arena.allocateFrom(JAVA_INT, CU_JIT_ERROR_LOG_BUFFER,
                    CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES);
            MemorySegment values = arena.allocate(ADDRESS, 2);
            values.setAtIndex(ADDRESS, 0, log);
            // Option values are void*; a size travels as the pointer's integer value.
            values.setAtIndex(ADDRESS, 1, MemorySegment.ofAddress(JIT_LOG_SIZE));
            MemorySegment module = arena.allocate(ADDRESS);
            int r = callInt(cuModuleLoadDataEx, "cuModuleLoadDataEx", module, data, 2, options, values);
            if (r != CUDA_SUCCESS) {
                String jitLog = log.getString(0, StandardCharsets.UTF_8).strip();
                throw new CudaException("cuModuleLoadDataEx(" + what + "): " + describe(r)
                        + (jitLog.isEmpty() ? "" : "; JIT log: " + jitLog), r);
            }
            return module.get(ADDRESS, 0);
        }
    }

    public MemorySegment function(MemorySegment module, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment f = arena.allocate(ADDRESS);
            call(cuModuleGetFunction, "cuModuleGetFunction(" + name + ")", f, module, arena.allocateFrom(name));
            return f.get(ADDRESS, 0);
        }
    }

    /**
     * Launches a kernel. {@code params} is the void*[] of pointers to each argument's value.
     * Returns the CUresult; {@link dev.reel.cuda.internal.Launcher} turns it into an error that
     * names the kernel and its configuration.
     */
    public int launch(MemorySegment function, int gx, int gy, int gz, int bx, int by, int bz, int sharedBytes,
                      MemorySegment stream, MemorySegment params) {
        try {
            return (int) cuLaunchKernel.invokeExact(function, gx, gy, gz, bx, by, bz, sharedBytes, stream, params,
                    MemorySegment.NULL);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---- memory ------------------------------------------------------------------------------

    /** cuMemAlloc; returns 0 when the device is out of memory, throws on any other error. */
    public long allocate(long bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocate(JAVA_LONG);
            int r = callInt(cuMemAlloc, "cuMemAlloc", p, bytes);
            if (r == CUDA_ERROR_OUT_OF_MEMORY) return 0;
            check(r, "cuMemAlloc(" + bytes + " bytes)");
            return p.get(JAVA_LONG, 0);
        }
    }

    public void free(long devicePtr) {
        call(cuMemFree, "cuMemFree", devicePtr);
    }

    public void copyHostToDevice(long dst, MemorySegment src, long bytes, MemorySegment stream) {
        call(cuMemcpyHtoDAsync, "cuMemcpyHtoDAsync(" + bytes + " bytes)", dst, src, bytes, stream);
    }

    public void copyDeviceToHost(MemorySegment dst, long src, long bytes, MemorySegment stream) {
        call(cuMemcpyDtoHAsync, "cuMemcpyDtoHAsync(" + bytes + " bytes)", dst, src, bytes, stream);
    }

    public void copyDeviceToDevice(long dst, long src, long bytes, MemorySegment stream) {
        call(cuMemcpyDtoDAsync, "cuMemcpyDtoDAsync(" + bytes + " bytes)", dst, src, bytes, stream);
    }

    public void memset(long dst, byte value, long bytes, MemorySegment stream) {
        call(cuMemsetD8Async, "cuMemsetD8Async(" + bytes + " bytes)", dst, value, bytes, stream);
    }

    /** Page-locked host memory, which the GPU can copy from and to asynchronously. */
    public MemorySegment allocatePinned(long bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = arena.allocate(ADDRESS);
            call(cuMemHostAlloc, "cuMemHostAlloc(" + bytes + " bytes)", p, bytes, 0);
            return p.get(ADDRESS, 0).reinterpret(bytes);
        }
    }

    public void freePinned(MemorySegment p) {
        call(cuMemFreeHost, "cuMemFreeHost", p);
    }

    // ---- streams -----------------------------------------------------------------------------

    public MemorySegment createStream() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(ADDRESS);
            // CU_STREAM_NON_BLOCKING = 1: no implicit synchronization with the legacy stream 0.
            call(cuStreamCreate, "cuStreamCreate", s, 1);
            return s.get(ADDRESS, 0);
        }
    }

    /** Waits for all work on the stream; errors of earlier asynchronous launches surface here. */
    public void synchronize(MemorySegment stream, String after) {
        call(cuStreamSynchronize, "cuStreamSynchronize (after " + after + ")", stream);
    }
}
