package dev.reel.cuda;

import dev.reel.cuda.internal.CachingAllocator;
import dev.reel.cuda.internal.CudaContext;
import dev.reel.cuda.internal.CudaDriver;
import dev.reel.cuda.internal.KernelManifest;
import dev.reel.engine.DType;
import dev.reel.engine.Device;
import dev.reel.engine.Tensor;
import dev.reel.engine.backend.Backend;
import dev.reel.engine.backend.BinaryOp;
import dev.reel.engine.backend.ConvGeometry;
import dev.reel.engine.backend.PoolGeometry;
import dev.reel.engine.backend.ReduceOp;
import dev.reel.engine.backend.Storage;
import dev.reel.engine.backend.UnaryOp;
import dev.reel.engine.cpu.CpuStorage;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;


/**
 * The CUDA backend: Reel's own kernels (compiled by nvcc at build time) on NVIDIA GPUs, through the
 * driver API. Found by the engine with {@link java.util.ServiceLoader}; when no GPU, driver or
 * kernels are present it stays registered and says why in {@link #unavailableReason()}.
 *
 * <pre>{@code
 * Tensor x = Tensor.randn(64, 128).to(Device.cuda(0));
 * Tensor y = x.matmul(w.cuda()).relu();
 * float[] host = y.toFloatArray();   // synchronizes
 * CudaBackend.INSTANCE.emptyCache();
 * }</pre>
 */
public final class CudaBackend implements Backend {
    /** A shared instance; every instance serves the same GPUs. */
    public static final CudaBackend INSTANCE = new CudaBackend();

    /** The GPUs, probed once per JVM however many instances ServiceLoader makes. */
    private static final class Probe {
        static final List<CudaContext> DEVICES = new ArrayList<>();
        static final String REASON = probe(DEVICES);
    }

    private final String reason;
    private final List<CudaContext> devices;

    /** Public for {@link java.util.ServiceLoader} on the class path; cheap after the first. */
    public CudaBackend() {
        this.reason = Probe.REASON;
        this.devices = Probe.DEVICES;
    }

    /** Finds kernels, driver and GPUs; returns why the backend cannot run, or "". */
    private static String probe(List<CudaContext> devices) {
        KernelManifest manifest = KernelManifest.load();
        if (!manifest.compiled()) return manifest.reason();
        CudaDriver.Loaded loaded = CudaDriver.load();
        if (loaded.driver().isEmpty()) return loaded.reason();
        CudaDriver driver = loaded.driver().get();
        try {
            int r = driver.init();
            if (r != 0) return "cuInit failed: " + driver.describe(r);
            int count = driver.deviceCount();
            if (count == 0) return "the NVIDIA driver reports no CUDA GPU";
            for (int i = 0; i < count; i++) devices.add(new CudaContext(driver, manifest, i));
            return "";
        } catch (CudaException e) {
            devices.clear();
            return e.getMessage();
        }
    }

    @Override public Device.Type deviceType() { return Device.Type.CUDA; }

    @Override public boolean isAvailable() { return reason.isEmpty(); }

    @Override public String unavailableReason() { return reason; }

    /** Number of usable GPUs (0 when unavailable). */
    public int deviceCount() { return devices.size(); }

    private CudaContext context(Device device) {
        if (!isAvailable()) throw new IllegalStateException("CUDA is not available: " + reason);
        if (device.index() >= devices.size()) {
            throw new IllegalArgumentException("CUDA device " + device + " does not exist: " + devices.size()
                    + " GPU(s) found");
        }
        return devices.get(device.index());
    }

    /** A description of the GPU, e.g. "cuda:0 (NVIDIA H100 80GB HBM3, sm_90)". */
    public String describe(Device device) { return context(device).toString(); }

    // ---- memory ------------------------------------------------------------------------------

    @Override
    public Storage allocate(Device device, DType dtype, int size) {
        CudaContext ctx = context(device);
        long bytes = (long) size * dtype.itemSize();
        CachingAllocator.Block block;
        try {
            block = ctx.allocator().allocate(bytes);
        } catch (CudaOutOfMemoryException e) {
            // Unreachable storages free their blocks only when the GC has run their cleaners.
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            block = ctx.allocator().allocate(bytes);
        }
        ctx.driver().memset(block.address(), (byte) 0, Math.max(bytes, 0), ctx.stream());
        return new CudaStorage(device, ctx, dtype, size, block);
    }

    @Override
    public Storage upload(Device device, Storage hostStorage) {
        CpuStorage host = (CpuStorage) hostStorage;
        CudaStorage dst = (CudaStorage) allocate(device, host.dtype(), host.size());
        CudaContext ctx = dst.context();
        long bytes = dst.byteSize();
        if (bytes == 0) return dst;
        synchronized (ctx) {
            MemorySegment staging = ctx.staging(bytes);
            MemorySegment.copy(heapSegment(host), 0, staging, 0, bytes);
            ctx.driver().copyHostToDevice(dst.address(), staging, bytes, ctx.stream());
            ctx.synchronize();  // the staging buffer is reused by the next transfer
        }
        return dst;
    }

    @Override
    public Storage download(Storage storage) {
        CudaStorage src = (CudaStorage) storage;
        CpuStorage host = new CpuStorage(src.dtype(), src.size());
        CudaContext ctx = src.context();
        long bytes = src.byteSize();
        if (bytes == 0) return host;
        synchronized (ctx) {
            MemorySegment staging = ctx.staging(bytes);
            ctx.driver().copyDeviceToHost(staging, src.address(), bytes, ctx.stream());
            ctx.synchronize();
            MemorySegment.copy(staging, 0, heapSegment(host), 0, bytes);
        }
        return host;
    }

    private static MemorySegment heapSegment(CpuStorage s) {
        return switch (s.dtype()) {
            case F32 -> MemorySegment.ofArray(s.f32());
            case F64 -> MemorySegment.ofArray(s.f64());
            case I32 -> MemorySegment.ofArray(s.i32());
            case I64 -> MemorySegment.ofArray(s.i64());
            case U8, BOOL -> MemorySegment.ofArray(s.u8());
            case BF16, F16 -> MemorySegment.ofArray(s.bits16());
        };
    }

    /** Bytes held by live tensors on the device (torch.cuda.memory_allocated). */
    public long memoryAllocated(Device device) { return context(device).allocator().memoryAllocated(); }

    /** Bytes held from the driver, live or cached (torch.cuda.memory_reserved). */
    public long memoryReserved(Device device) { return context(device).allocator().memoryReserved(); }

    /** Returns every unused cached block of every GPU to the driver (torch.cuda.empty_cache). */
    public void emptyCache() {
        for (CudaContext ctx : devices) {
            ctx.synchronize();
            ctx.allocator().emptyCache();
        }
    }

    /** Waits for all queued work on the device (torch.cuda.synchronize). */
    public void synchronize(Device device) { context(device).synchronize(); }

    /**
     * The {@code CUstream} on which every kernel of {@code device} runs, after making the device's
     * primary context current on the calling thread: for a native library that must share Reel's
     * context and run in order with its kernels (cuBLAS in the benchmarks, through
     * {@code cublasSetStream}). The backend owns the stream; callers never destroy it.
     */
    public MemorySegment stream(Device device) {
        CudaContext ctx = context(device);
        ctx.enter();
        return ctx.stream();
    }

    // ---- kernels -----------------------------------------------------------------------------

    @Override public void fill(Tensor out, double value) { CudaElementwise.fill(out, value); }

    @Override public void copy(Tensor src, Tensor dst) { CudaElementwise.copy(src, dst); }

    @Override public void unary(UnaryOp op, Tensor x, Tensor out, double p1, double p2) {
        CudaElementwise.unary(op, x, out, p1, p2);
    }

    @Override public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) { CudaElementwise.binary(op, a, b, out); }

    @Override public void where(Tensor cond, Tensor a, Tensor b, Tensor out) { CudaElementwise.where(cond, a, b, out); }

    @Override public void reduce(ReduceOp op, Tensor x, int[] dims, Tensor out) { CudaReduce.reduce(op, x, dims, out); }

    @Override public void argReduce(boolean max, Tensor x, int dim, Tensor values, Tensor indices) {
        CudaReduce.argReduce(max, x, dim, values, indices);
    }

    @Override public void cumsum(Tensor x, int dim, Tensor out) { CudaReduce.cumsum(x, dim, out); }

    @Override public void matmul(Tensor a, Tensor c, Tensor out) { CudaLinear.matmul(a, c, out); }

    @Override public void conv(ConvGeometry g, Tensor x, Tensor w, Tensor y) { CudaLinear.conv(g, x, w, y); }

    @Override public void convBackwardInput(ConvGeometry g, Tensor dy, Tensor w, Tensor dx) {
        CudaLinear.convBackwardInput(g, dy, w, dx);
    }

    @Override public void convBackwardWeight(ConvGeometry g, Tensor x, Tensor dy, Tensor dw) {
        CudaLinear.convBackwardWeight(g, x, dy, dw);
    }

    @Override public void maxPool(PoolGeometry g, Tensor x, Tensor y, Tensor indices) { CudaPool.maxPool(g, x, y, indices); }

    @Override public void avgPool(PoolGeometry g, Tensor x, Tensor y) { CudaPool.avgPool(g, x, y); }

    @Override public void avgPoolBackward(PoolGeometry g, Tensor dy, Tensor dx) { CudaPool.avgPoolBackward(g, dy, dx); }

    @Override public void gather(Tensor x, int dim, Tensor index, Tensor out) { CudaIndexing.gather(x, dim, index, out); }

    @Override public void scatter(Tensor out, int dim, Tensor index, Tensor src, boolean accumulate) {
        CudaIndexing.scatter(out, dim, index, src, accumulate);
    }

    @Override public void indexSelect(Tensor x, int dim, Tensor index, Tensor out) {
        CudaIndexing.indexSelect(x, dim, index, out);
    }

    @Override public void indexAdd(Tensor out, int dim, Tensor index, Tensor src) {
        CudaIndexing.indexAdd(out, dim, index, src);
    }

    @Override public void random(Tensor out, boolean normal, long seed, long offset, double a, double b) {
        CudaElementwise.random(this, out, normal, seed, offset, a, b);
    }

    // ---- fused kernels (the composite defaults of Backend stay the reference) ----------------

    @Override public void lstmCellForward(Tensor gi, Tensor gh, Tensor bIh, Tensor bHh, Tensor c, Tensor hc, Tensor acts) {
        CudaRnn.lstmForward(gi, gh, bIh, bHh, c, hc, acts);
    }

    @Override public void lstmCellBackward(Tensor acts, Tensor c, Tensor hc, Tensor dhc, Tensor dGates, Tensor dc) {
        CudaRnn.lstmBackward(acts, c, hc, dhc, dGates, dc);
    }

    @Override public void gruCellForward(Tensor gi, Tensor gh, Tensor bIh, Tensor bHh, Tensor h, Tensor out, Tensor acts) {
        CudaRnn.gruForward(gi, gh, bIh, bHh, h, out, acts);
    }

    @Override public void gruCellBackward(Tensor acts, Tensor h, Tensor dOut, Tensor dGi, Tensor dGh, Tensor dh) {
        CudaRnn.gruBackward(acts, h, dOut, dGi, dGh, dh);
    }

    /** Flash-attention kernels (attention.cu); head dims above 128 run the composite formula. */
    @Override
    public void attentionForward(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, double scale, Tensor out, Tensor lse) {
        if (!CudaAttention.forward(q, k, v, mask, causal, scale, out, lse)) {
            Backend.super.attentionForward(q, k, v, mask, causal, scale, out, lse);
        }
    }

    @Override
    public void attentionBackward(Tensor q, Tensor k, Tensor v, Tensor mask, boolean causal, double scale, Tensor out, Tensor lse,
                                  Tensor dOut, Tensor dq, Tensor dk, Tensor dv) {
        if (!CudaAttention.backward(q, k, v, mask, causal, scale, out, lse, dOut, dq, dk, dv)) {
            Backend.super.attentionBackward(q, k, v, mask, causal, scale, out, lse, dOut, dq, dk, dv);
        }
    }

    @Override public void softmaxRows(Tensor x, boolean log, Tensor out) { CudaRows.softmax(x, log, out); }

    @Override public void layerNormRows(Tensor x, Tensor weight, Tensor bias, double eps, Tensor out, Tensor mean, Tensor rstd) {
        CudaRows.layerNorm(x, weight, bias, eps, out, mean, rstd);
    }

    @Override public void adamStep(Tensor p, Tensor g, Tensor m, Tensor v, Tensor vMax, double lr, double beta1, double beta2,
                                   double eps, double weightDecay, boolean decoupled, double step) {
        if (CudaOptim.supports(p, g, m, v, vMax)) CudaOptim.adam(p, g, m, v, vMax, lr, beta1, beta2, eps, weightDecay, decoupled, step);
        else Backend.super.adamStep(p, g, m, v, vMax, lr, beta1, beta2, eps, weightDecay, decoupled, step);
    }

    @Override public void sgdStep(Tensor p, Tensor g, Tensor buf, double lr, double momentum, double dampening, double weightDecay,
                                  boolean nesterov, boolean firstStep) {
        if (CudaOptim.supports(p, g, buf)) CudaOptim.sgd(p, g, buf, lr, momentum, dampening, weightDecay, nesterov, firstStep);
        else Backend.super.sgdStep(p, g, buf, lr, momentum, dampening, weightDecay, nesterov, firstStep);
    }
}
