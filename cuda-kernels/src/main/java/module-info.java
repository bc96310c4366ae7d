/**
 * Reel's CUDA backend: kernels written in CUDA C++ and compiled by nvcc at build time, loaded
 * through the CUDA driver API ({@code libcuda.so.1}, bound with the JDK's foreign function API),
 * with a caching device allocator. The engine finds it through {@link java.util.ServiceLoader}.
 */
module dev.reel.cuda {
    requires dev.reel.engine;

    exports dev.reel.cuda;

    provides dev.reel.engine.backend.Backend with dev.reel.cuda.CudaBackend;
}
