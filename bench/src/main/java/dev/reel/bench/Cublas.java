package dev.reel.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * NVIDIA's cuBLAS, bound with the JDK's foreign function API: the yardstick that Reel's own GEMM
 * kernels are measured against in {@link GpuGemmBench}. Only the benchmarks use it; the CUDA
 * backend never does. Bound: create/destroy a handle, set its stream and math mode, its version,
 * SGEMM, and the status names for error messages.
 *
 * <p>The library is looked for as {@code -Dreel.cublas.library=/path/to/libcublas.so.N} when that is
 * set, else as {@code libcublas.so.13} then {@code libcublas.so.12} through the dynamic loader
 * ({@code LD_LIBRARY_PATH}, the system's library cache), then in the CUDA toolkit's folders
 * ({@code $CUDA_HOME}, {@code $CUDA_PATH}, {@code /usr/local/cuda}). Loading never throws: without
 * the library the result says what was tried.
 *
 * <pre>{@code
 * Cublas.Loaded loaded = Cublas.load();
 * Cublas cublas = loaded.cublas().orElseThrow(() -> new IllegalStateException(loaded.reason()));
 * try (Cublas.Handle h = cublas.create(CudaBackend.INSTANCE.stream(Device.cuda(0)), Cublas.TF32_TENSOR_OP_MATH)) {
 *     h.sgemm(SgemmCall.rowMajor(false, false, m, n, k, a, k, b, n, c, n));
 * }
 * }</pre>
 */
@SuppressWarnings("restricted")  // opening a native library and binding its functions is this class's job
final class Cublas {
    /** Sonames tried through the dynamic loader, newest first (CUDA 13, then 12). */
    static final List<String> SONAMES = List.of("libcublas.so.13", "libcublas.so.12");

    /** cublasMath_t: FP32 GEMMs in FP32 (no TF32), and TF32 tensor cores allowed. */
    static final int DEFAULT_MATH = 0, TF32_TENSOR_OP_MATH = 3;

    /** Every symbol bound, in the order the constructor binds them. */
    static final List<String> SYMBOLS = List.of("cublasCreate_v2", "cublasDestroy_v2", "cublasSetStream_v2",
            "cublasSetMathMode", "cublasSgemm_v2", "cublasGetVersion_v2", "cublasGetStatusName",
            "cublasGetStatusString");

    private static final Linker LINKER = Linker.nativeLinker();

    private final String library;
    private final MethodHandle cublasCreate, cublasDestroy, cublasSetStream, cublasSetMathMode, cublasSgemm, cublasGetVersion,
            cublasGetStatusName, cublasGetStatusString;

    private Cublas(SymbolLookup lib, String library) {
        this.library = library;
        cublasCreate = bind(lib, library, "cublasCreate_v2", ADDRESS);
        cublasDestroy = bind(lib, library, "cublasDestroy_v2", ADDRESS);
        cublasSetStream = bind(lib, library, "cublasSetStream_v2", ADDRESS, ADDRESS);
        cublasSetMathMode = bind(lib, library, "cublasSetMathMode", ADDRESS, JAVA_INT);
        // Device pointers go as 64-bit integers: the ABI passes a pointer and a long alike on x86-64.
        cublasSgemm = bind(lib, library, "cublasSgemm_v2", ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
        cublasGetVersion = bind(lib, library, "cublasGetVersion_v2", ADDRESS, ADDRESS);
        cublasGetStatusName = LINKER.downcallHandle(find(lib, library, "cublasGetStatusName"), FunctionDescriptor.of(ADDRESS, JAVA_INT));
        cublasGetStatusString = LINKER.downcallHandle(find(lib, library, "cublasGetStatusString"),
                FunctionDescriptor.of(ADDRESS, JAVA_INT));
    }

    /** The outcome of looking for cuBLAS: a bound library, or why there is none. */
    record Loaded(Optional<Cublas> cublas, String reason) {}

    /** Looks for cuBLAS as the class comment says. */
    static Loaded load() {
        String property = System.getProperty("reel.cublas.library");
        if (property != null && !property.isBlank()) {
            Path file = Path.of(property);
            if (!Files.isRegularFile(file)) {
                return missing("-Dreel.cublas.library=" + property + " names no file");
            }
            return load(List.of(), List.of(file));
        }
        return load(SONAMES, toolkitFiles());
    }

    /**
     * Tries each soname through the dynamic loader, then each file that exists; the first that
     * opens is bound (a library without cuBLAS's symbols ends the search with that reason).
     */
    static Loaded load(List<String> sonames, List<Path> files) {
        List<String> failures = new ArrayList<>();
        for (String name : sonames) {
            Optional<Loaded> r = open(name, () -> SymbolLookup.libraryLookup(name, Arena.global()), failures);
            if (r.isPresent()) return r.get();
        }
        List<Path> absent = new ArrayList<>();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                absent.add(file);
                continue;
            }
            Optional<Loaded> r = open(file.toString(), () -> SymbolLookup.libraryLookup(file, Arena.global()), failures);
            if (r.isPresent()) return r.get();
        }
        StringBuilder why = new StringBuilder();
        if (!sonames.isEmpty()) {
            why.append(String.join(" and ", sonames)).append(" are not on LD_LIBRARY_PATH or in the system's library cache");
        }
        if (!absent.isEmpty()) {
            Set<String> folders = new LinkedHashSet<>();
            for (Path p : absent) folders.add(String.valueOf(p.getParent()));
            why.append(why.isEmpty() ? "" : ", ").append("nor in ").append(String.join(", ", folders));
        }
        for (String f : failures) why.append(why.isEmpty() ? "" : "; ").append(f);
        return missing(why + " (install cuBLAS, e.g. the CUDA toolkit, or run with -Dreel.cublas.library=/path/to/"
                + SONAMES.getFirst() + ")");
    }

    private interface Opener { SymbolLookup open(); }

    /** Opens one candidate: empty to go on searching, else the result (bound, or why not). */
    private static Optional<Loaded> open(String what, Opener opener, List<String> failures) {
        SymbolLookup lib;
        try {
            lib = opener.open();
        } catch (IllegalArgumentException e) {
            // Not found by the loader, or found but a dependency (libcublasLt) is missing.
            if (what.contains("/")) failures.add(what + " could not be opened: " + e.getMessage());
            return Optional.empty();
        } catch (IllegalCallerException e) {
            return Optional.of(missing("native access is disabled; run java with --enable-native-access=ALL-UNNAMED"));
        }
        try {
            return Optional.of(new Loaded(Optional.of(new Cublas(lib, what)), ""));
        } catch (IllegalStateException e) {
            return Optional.of(missing(e.getMessage()));
        }
    }

    private static Loaded missing(String why) {
        return new Loaded(Optional.empty(), "cuBLAS unavailable: " + why);
    }

    /** libcublas.so.13 and .12 in the toolkit's library folders ($CUDA_HOME, $CUDA_PATH, /usr/local/cuda). */
    static List<Path> toolkitFiles() {
        Set<String> homes = new LinkedHashSet<>();
        for (String v : new String[] {"CUDA_HOME", "CUDA_PATH"}) {
            String home = System.getenv(v);
            if (home != null && !home.isBlank()) homes.add(home);
        }
        homes.add("/usr/local/cuda");
        List<Path> files = new ArrayList<>();
        for (String home : homes) {
            for (String dir : new String[] {"lib64", "targets/x86_64-linux/lib"}) {
                for (String soname : SONAMES) files.add(Path.of(home, dir, soname));
            }
        }
        return files;
    }

    private static MemorySegment find(SymbolLookup lib, String library, String name) {
        return lib.find(name).orElseThrow(() -> new IllegalStateException(library + " has no symbol " + name
                + ": not a cuBLAS library, or one older than CUDA 12"));
    }

    /** cuBLAS functions return cublasStatus_t, an int. */
    private static MethodHandle bind(SymbolLookup lib, String library, String name, MemoryLayout... args) {
        return LINKER.downcallHandle(find(lib, library, name), FunctionDescriptor.of(JAVA_INT, args));
    }

    /** What was loaded: a soname or a file. */
    String library() { return library; }

    /** e.g. {@code CUBLAS_STATUS_INVALID_VALUE (an invalid numeric value was used as an argument)}. */
    String describe(int status) {
        try {
            MemorySegment name = (MemorySegment) cublasGetStatusName.invokeExact(status);
            MemorySegment text = (MemorySegment) cublasGetStatusString.invokeExact(status);
            return cString(name, "cublasStatus_t " + status) + " (" + cString(text, "no description") + ")";
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static String cString(MemorySegment p, String otherwise) {
        return p.equals(MemorySegment.NULL) ? otherwise : p.reinterpret(Long.MAX_VALUE).getString(0, StandardCharsets.UTF_8);
    }

    private void check(int status, String call) {
        if (status != 0) throw new IllegalStateException(call + " failed: " + describe(status));
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }

    /**
     * A cuBLAS handle on Reel's stream. The caller makes Reel's context current on the calling
     * thread first ({@code CudaBackend.stream(device)} does), since cuBLAS binds a handle to the
     * current context.
     *
     * @param stream the {@code CUstream} every call of the handle is queued on
     * @param mathMode {@link #DEFAULT_MATH} or {@link #TF32_TENSOR_OP_MATH}
     */
    Handle create(MemorySegment stream, int mathMode) {
        Arena arena = Arena.ofShared();
        MemorySegment handle;
        try {
            MemorySegment out = arena.allocate(ADDRESS);
            check((int) cublasCreate.invokeExact(out), "cublasCreate_v2");
            handle = out.get(ADDRESS, 0);
        } catch (Throwable t) {
            arena.close();
            throw rethrow(t);
        }
        Handle h = new Handle(handle, arena);
        try {
            check((int) cublasSetStream.invokeExact(handle, stream), "cublasSetStream_v2");
            check((int) cublasSetMathMode.invokeExact(handle, mathMode), "cublasSetMathMode(" + mathMode + ")");
        } catch (Throwable t) {
            h.close();
            throw rethrow(t);
        }
        return h;
    }

    /** One cuBLAS handle with alpha = 1 and beta = 0 in host memory for its SGEMMs. */
    final class Handle implements AutoCloseable {
        private final MemorySegment handle, alpha, beta;
        private final Arena arena;
        private boolean closed;

        private Handle(MemorySegment handle, Arena arena) {
            this.handle = handle;
            this.arena = arena;
            this.alpha = arena.allocateFrom(JAVA_FLOAT, 1f);
            this.beta = arena.allocateFrom(JAVA_FLOAT, 0f);
        }

        /** cuBLAS's version as major * 10000 + minor * 100 + patch (130002 for 13.0.2). */
        int version() {
            try {
                MemorySegment v = arena.allocate(JAVA_INT);
                check((int) cublasGetVersion.invokeExact(handle, v), "cublasGetVersion_v2");
                return v.get(JAVA_INT, 0);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }

        /** Queues {@code C = A B} (alpha 1, beta 0) on the handle's stream; returns without waiting. */
        void sgemm(SgemmCall g) {
            int status;
            try {
                status = (int) cublasSgemm.invokeExact(handle, g.transA(), g.transB(), g.m(), g.n(), g.k(), alpha, g.a(), g.lda(),
                        g.b(), g.ldb(), beta, g.c(), g.ldc());
            } catch (Throwable t) {
                throw rethrow(t);
            }
            check(status, "cublasSgemm_v2 " + g);
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            try {
                check((int) cublasDestroy.invokeExact(handle), "cublasDestroy_v2");
            } catch (Throwable t) {
                throw rethrow(t);
            } finally {
                arena.close();
            }
        }
    }
}
