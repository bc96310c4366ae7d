/**
 * Reel's engine: tensors, define-by-run autograd, the differentiable ops, the {@code Backend}
 * SPI through which every op reaches its kernels, and the CPU backend.
 */
module dev.reel.engine {
    requires jdk.incubator.vector;

    exports dev.reel.engine;
    exports dev.reel.engine.cpu;
    exports dev.reel.engine.cpu.gemm;
    exports dev.reel.engine.backend;
    exports dev.reel.engine.autograd;
    exports dev.reel.engine.ops;

    uses dev.reel.engine.backend.Backend;
}
