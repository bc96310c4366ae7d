package dev.reel.engine;

import dev.reel.engine.autograd.AccumulateGrad;
import dev.reel.engine.autograd.Engine;
import dev.reel.engine.autograd.GradMode;
import dev.reel.engine.autograd.Node;
import dev.reel.engine.backend.Backend;
import dev.reel.engine.backend.Backends;
import dev.reel.engine.backend.BinaryOp;
import dev.reel.engine.backend.Storage;
import dev.reel.engine.ops.BinaryOps;
import dev.reel.engine.ops.Creation;
import dev.reel.engine.ops.IndexingOps;
import dev.reel.engine.ops.JoinOps;
import dev.reel.engine.ops.LinalgOps;
import dev.reel.engine.ops.PointwiseOps;
import dev.reel.engine.ops.ReductionOps;
import dev.reel.engine.ops.ShapeOps;
import dev.reel.engine.ops.Shapes;
import dev.reel.engine.ops.TensorFormat;
import dev.reel.engine.ops.ViewOps;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * An n-dimensional array with autograd: a view (shape, strides, offset) into a {@link Storage}.
 *
 * <p>Methods mirror PyTorch's: {@code x.add(y)}, {@code x.matmul(w)}, {@code x.sum(dims, keepDim)};
 * in-place variants end in {@code _}. Each method is defined once, in a class of
 * {@code dev.reel.engine.ops}, which checks shapes, calls the {@link Backend} and records the
 * backward formula. Views (reshape, permute, narrow, ...) share storage.
 *
 * <pre>{@code
 * Tensor x = Tensor.randn(3, 4).requiresGrad_(true);
 * Tensor w = Tensor.randn(4, 2).requiresGrad_(true);
 * Tensor loss = x.matmul(w).relu().sum();
 * loss.backward();
 * System.out.println(w.grad());
 * }</pre>
 */
public final class Tensor {
    private final Storage storage;
    private final int[] shape;
    private final int[] strides;
    private final int offset;
    private final Tensor base;          // the tensor this is a view of, or null
    private boolean requiresGrad;       // for leaves
    private Tensor grad;
    private Node gradFn;
    private AccumulateGrad accumulator;
    private boolean retainsGrad;
    private final boolean inference;

    private Tensor(Storage storage, int[] shape, int[] strides, int offset, Tensor base) {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.base = base;
        this.inference = GradMode.isInference();
    }

    // ------------------------------------------------------------------ construction (for ops and backends)

    /** A tensor viewing {@code storage} with the given geometry (for op and backend authors). */
    public static Tensor fromStorage(Storage storage, int[] shape, int[] strides, int offset) {
        Shapes.checkView(storage.size(), shape, strides, offset);
        return new Tensor(storage, shape.clone(), strides.clone(), offset, null);
    }

    /** A view of this tensor's storage with new geometry; the result's base is this tensor's base. */
    public Tensor asStrided(int[] shape, int[] strides, int offset) {
        Shapes.checkView(storage.size(), shape, strides, offset);
        return new Tensor(storage, shape.clone(), strides.clone(), offset, base != null ? base : this);
    }

    // ------------------------------------------------------------------ factories

    /** Zeros of the given shape (F32). */
    public static Tensor zeros(int... shape) { return Creation.full(0, DType.F32, Device.CPU, shape); }

    public static Tensor zeros(DType dtype, int... shape) { return Creation.full(0, dtype, Device.CPU, shape); }

    public static Tensor ones(int... shape) { return Creation.full(1, DType.F32, Device.CPU, shape); }

    public static Tensor ones(DType dtype, int... shape) { return Creation.full(1, dtype, Device.CPU, shape); }

    /** A tensor filled with {@code value} (F32). */
    public static Tensor full(double value, int... shape) { return Creation.full(value, DType.F32, Device.CPU, shape); }

    public static Tensor full(double value, DType dtype, int... shape) { return Creation.full(value, dtype, Device.CPU, shape); }

    /** An uninitialised tensor; Reel zero-fills it, as Java arrays are. */
    public static Tensor empty(int... shape) { return zeros(shape); }

    public static Tensor empty(DType dtype, int... shape) { return zeros(dtype, shape); }

    /** 0, 1, ..., end-1 as I64. */
    public static Tensor arange(long end) { return Creation.arange(0, end, 1, DType.I64); }

    /** start, start+step, ... below end; I64 when all three are whole numbers, else F32. */
    public static Tensor arange(double start, double end, double step) {
        boolean whole = start == Math.rint(start) && end == Math.rint(end) && step == Math.rint(step);
        return Creation.arange(start, end, step, whole ? DType.I64 : DType.F32);
    }

    public static Tensor arange(double start, double end, double step, DType dtype) {
        return Creation.arange(start, end, step, dtype);
    }

    /** {@code steps} evenly spaced values from start to end inclusive (F32). */
    public static Tensor linspace(double start, double end, int steps) { return Creation.linspace(start, end, steps, DType.F32); }

    public static Tensor linspace(double start, double end, int steps, DType dtype) { return Creation.linspace(start, end, steps, dtype); }

    /** The n×n identity (F32). */
    public static Tensor eye(int n) { return Creation.eye(n, n, DType.F32); }

    public static Tensor eye(int n, int m, DType dtype) { return Creation.eye(n, m, dtype); }

    /** Uniform in [0, 1) from the default generator (F32). */
    public static Tensor rand(int... shape) { return Creation.rand(Reel.defaultGenerator(), DType.F32, shape); }

    public static Tensor rand(Generator g, int... shape) { return Creation.rand(g, DType.F32, shape); }

    public static Tensor rand(Generator g, DType dtype, int... shape) { return Creation.rand(g, dtype, shape); }

    /** Standard normal from the default generator (F32). */
    public static Tensor randn(int... shape) { return Creation.randn(Reel.defaultGenerator(), DType.F32, shape); }

    public static Tensor randn(Generator g, int... shape) { return Creation.randn(g, DType.F32, shape); }

    public static Tensor randn(Generator g, DType dtype, int... shape) { return Creation.randn(g, dtype, shape); }

    /** Uniform integers in [low, high) as I64. */
    public static Tensor randint(long low, long high, int... shape) { return Creation.randint(Reel.defaultGenerator(), low, high, shape); }

    public static Tensor randint(Generator g, long low, long high, int... shape) { return Creation.randint(g, low, high, shape); }

    /** A random permutation of 0..n-1 as I64. */
    public static Tensor randperm(int n) { return Creation.randperm(Reel.defaultGenerator(), n); }

    public static Tensor randperm(Generator g, int n) { return Creation.randperm(g, n); }

    /** Draws 0/1 with probabilities given by this tensor (as {@code torch.bernoulli}); same dtype. */
    public Tensor bernoulli() { return Creation.bernoulli(Reel.defaultGenerator(), this); }

    public Tensor bernoulli(Generator g) { return Creation.bernoulli(g, this); }

    /** A copy of the data as a tensor; with no shape, 1-D. */
    public static Tensor fromArray(float[] data, int... shape) { return Creation.fromArray(DType.F32, data.clone(), data.length, shape); }

    public static Tensor fromArray(double[] data, int... shape) { return Creation.fromArray(DType.F64, data.clone(), data.length, shape); }

    public static Tensor fromArray(int[] data, int... shape) { return Creation.fromArray(DType.I32, data.clone(), data.length, shape); }

    public static Tensor fromArray(long[] data, int... shape) { return Creation.fromArray(DType.I64, data.clone(), data.length, shape); }

    /** U8. */
    public static Tensor fromArray(byte[] data, int... shape) { return Creation.fromArray(DType.U8, data.clone(), data.length, shape); }

    public static Tensor fromArray(boolean[] data, int... shape) { return Creation.fromBooleans(data, shape); }

    /** From a nested Java array of any rank, e.g. {@code new float[][]{{1, 2}, {3, 4}}}. */
    public static Tensor fromArray(Object nested) { return Creation.fromNested(nested); }

    /** A U8 tensor that shares {@code data} (no copy): writes through either are seen by both. */
    public static Tensor wrap(byte[] data, int... shape) { return Creation.wrap(DType.U8, data, data.length, shape); }

    /** An F32 tensor that shares {@code data} (no copy). */
    public static Tensor wrap(float[] data, int... shape) { return Creation.wrap(DType.F32, data, data.length, shape); }

    /** A 0-d tensor. */
    public static Tensor scalar(double value) { return Creation.full(value, DType.F32, Device.CPU); }

    public static Tensor scalar(double value, DType dtype) { return Creation.full(value, dtype, Device.CPU); }

    /** Zeros with this tensor's shape, dtype and device. */
    public Tensor zerosLike() { return Creation.full(0, dtype(), device(), shape); }

    public Tensor onesLike() { return Creation.full(1, dtype(), device(), shape); }

    public Tensor fullLike(double value) { return Creation.full(value, dtype(), device(), shape); }

    public Tensor randLike() { return Creation.rand(Reel.defaultGenerator(), dtype(), shape).to(device()); }

    public Tensor randnLike() { return Creation.randn(Reel.defaultGenerator(), dtype(), shape).to(device()); }

    /** A tensor of {@code shape} filled with value, with this tensor's dtype and device. */
    public Tensor newFull(double value, int... shape) { return Creation.full(value, dtype(), device(), shape); }

    public Tensor newZeros(int... shape) { return Creation.full(0, dtype(), device(), shape); }

    /** A 0-d tensor of value with this tensor's dtype and device (for mixing scalars into ops). */
    public Tensor newScalar(double value) { return Creation.full(value, dtype(), device()); }

    // ------------------------------------------------------------------ metadata

    public Storage storage() { return storage; }

    public DType dtype() { return storage.dtype(); }

    public Device device() { return storage.device(); }

    /** The backend that runs this tensor's kernels. */
    public Backend backend() { return Backends.of(device()); }

    /** A copy of the shape. */
    public int[] shape() { return shape.clone(); }

    /** A copy of the strides, in elements. */
    public int[] strides() { return strides.clone(); }

    /** Offset of element [0, ..., 0] in the storage. */
    public int offset() { return offset; }

    public int dim() { return shape.length; }

    /** Size of dimension d (negative counts from the end). */
    public int size(int d) { return shape[Shapes.wrapDim(d, shape.length, "size")]; }

    public int stride(int d) { return strides[Shapes.wrapDim(d, shape.length, "stride")]; }

    public int numel() { return Shapes.numel(shape); }

    /** True when the elements lie in row-major order without gaps. */
    public boolean isContiguous() { return Shapes.isContiguous(shape, strides); }

    /** The tensor this is a view of, or null. */
    public Tensor base() { return base; }

    public boolean isView() { return base != null; }

    /** True for tensors created in inference mode. */
    public boolean isInference() { return inference; }

    // ------------------------------------------------------------------ autograd

    /** True when gradients flow to this tensor: a leaf marked so, or the output of a recorded op. */
    public boolean requiresGrad() { return requiresGrad || gradFn != null; }

    /** Marks a leaf as requiring grad (as PyTorch's {@code requires_grad_}); returns this. */
    public Tensor requiresGrad_(boolean on) {
        if (gradFn != null && !on) {
            throw new IllegalStateException("requiresGrad_: you can only change requires_grad flags of leaf variables. If you want "
                    + "to use a computed variable in a subgraph that doesn't require differentiation use detach().");
        }
        if (on && !dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("requiresGrad_: only tensors of floating point dtype can require gradients, got "
                    + dtype().torchName());
        }
        if (gradFn == null) requiresGrad = on;
        return this;
    }

    /** True when created by the user rather than by a recorded op. */
    public boolean isLeaf() { return gradFn == null; }

    /** The accumulated gradient of a leaf (or of a tensor that called {@link #retainGrad()}). */
    public Tensor grad() { return grad; }

    /** Replaces {@code .grad} (null clears it). */
    public void setGrad(Tensor g) {
        if (g != null && !java.util.Arrays.equals(g.shape, shape)) {
            throw new IllegalArgumentException("setGrad: assigned grad has shape " + java.util.Arrays.toString(g.shape)
                    + " but the tensor has shape " + java.util.Arrays.toString(shape));
        }
        grad = g;
    }

    /** The node that produced this tensor, or null for leaves. */
    public Node gradFn() { return gradFn; }

    /** For op authors: attaches the node that produced this tensor. */
    public void setGradFn(Node node) { this.gradFn = node; }

    /** The sink node of a leaf that requires grad (created on first use). */
    public synchronized AccumulateGrad gradAccumulator() {
        if (gradFn != null) return null;
        if (accumulator == null) accumulator = new AccumulateGrad(this);
        return accumulator;
    }

    /** Backward from a scalar: {@code backward(ones)}. */
    public void backward() {
        if (numel() != 1) {
            throw new IllegalStateException("backward: grad can be implicitly created only for scalar outputs, got shape "
                    + java.util.Arrays.toString(shape));
        }
        backward(onesLike(), false, false);
    }

    /** Backward with the gradient of the output. */
    public void backward(Tensor gradient) { backward(gradient, false, false); }

    /** Backward; {@code createGraph} records the backward pass so it can be differentiated again. */
    public void backward(Tensor gradient, boolean retainGraph, boolean createGraph) {
        Engine.run(new Tensor[] {this}, new Tensor[] {gradient}, retainGraph || createGraph, createGraph, null, true);
    }

    /** Keeps {@code .grad} for a non-leaf tensor too. */
    public Tensor retainGrad() {
        if (gradFn == null || retainsGrad) return this;
        retainsGrad = true;
        gradFn.addHook(g -> {
            grad = grad == null ? g.detach().clone() : grad.add(g.detach());
            return g;
        });
        return this;
    }

    public boolean retainsGrad() { return retainsGrad || (gradFn == null && requiresGrad); }

    /**
     * Registers a hook called with the gradient of this tensor during backward; it may return a
     * replacement gradient or null to keep it (as PyTorch's {@code register_hook}).
     */
    public void registerHook(UnaryOperator<Tensor> hook) {
        if (!requiresGrad()) {
            throw new IllegalStateException("registerHook: cannot register a hook on a tensor that doesn't require gradient");
        }
        if (gradFn != null) gradFn.addHook(hook);
        else gradAccumulator().addHook(hook);
    }

    /** The same data, cut from the graph. */
    public Tensor detach() {
        return new Tensor(storage, shape, strides, offset, base != null ? base : this);
    }

    /** Detaches in place: this tensor becomes a leaf. */
    public Tensor detach_() {
        gradFn = null;
        requiresGrad = false;
        return this;
    }

    // ------------------------------------------------------------------ conversion and data access

    /** Converts to another dtype (differentiable between float types); returns this if already so. */
    public Tensor to(DType dtype) { return dtype == dtype() ? this : PointwiseOps.cast(this, dtype); }

    /** Moves to another device (differentiable). */
    public Tensor to(Device device) { return device.equals(device()) ? this : PointwiseOps.toDevice(this, device); }

    public Tensor to(Device device, DType dtype) { return to(device).to(dtype); }

    public Tensor cpu() { return to(Device.CPU); }

    public Tensor cuda() { return to(Device.cuda(0)); }

    public Tensor toFloat() { return to(DType.F32); }

    public Tensor toDouble() { return to(DType.F64); }

    /** {@code to(DType.BF16)}: PyTorch's {@code .bfloat16()}. */
    public Tensor toBFloat16() { return to(DType.BF16); }

    /** {@code to(DType.F16)}: PyTorch's {@code .half()}. */
    public Tensor toHalf() { return to(DType.F16); }

    public Tensor toLong() { return to(DType.I64); }

    /** A copy with its own storage (differentiable). */
    public Tensor clone() { return PointwiseOps.cloneTensor(this); }

    /** This tensor if contiguous, else a contiguous copy (differentiable). */
    public Tensor contiguous() { return isContiguous() ? this : clone(); }

    /** The single value, as a double (synchronizes with the device). */
    public double item() {
        if (numel() != 1) {
            throw new IllegalStateException("item: a Tensor with " + numel() + " elements cannot be converted to Scalar");
        }
        return TensorFormat.hostContiguous(this).get(0);
    }

    public long itemLong() {
        if (numel() != 1) {
            throw new IllegalStateException("itemLong: a Tensor with " + numel() + " elements cannot be converted to Scalar");
        }
        return TensorFormat.hostContiguous(this).getLong(0);
    }

    public boolean itemBoolean() { return item() != 0; }

    /** The elements in row-major order, converted to float. */
    public float[] toFloatArray() { return (float[]) TensorFormat.hostContiguous(to(DType.F32)).array(); }

    public double[] toDoubleArray() { return (double[]) TensorFormat.hostContiguous(to(DType.F64)).array(); }

    public long[] toLongArray() { return (long[]) TensorFormat.hostContiguous(to(DType.I64)).array(); }

    public int[] toIntArray() { return (int[]) TensorFormat.hostContiguous(to(DType.I32)).array(); }

    /** U8 elements (other dtypes are cast first). */
    public byte[] toByteArray() { return (byte[]) TensorFormat.hostContiguous(to(DType.U8)).array(); }

    public boolean[] toBooleanArray() {
        byte[] b = (byte[]) TensorFormat.hostContiguous(to(DType.BOOL)).array();
        boolean[] out = new boolean[b.length];
        for (int i = 0; i < b.length; i++) out[i] = b[i] != 0;
        return out;
    }

    /** Prints like PyTorch: values (summarised when large), dtype when not the default, grad_fn. */
    @Override
    public String toString() { return TensorFormat.format(this); }

    // ------------------------------------------------------------------ views

    public Tensor view(int... shape) { return ViewOps.view(this, shape); }

    /** A view when the strides allow it, else a copy. */
    public Tensor reshape(int... shape) { return ViewOps.reshape(this, shape); }

    public Tensor viewAs(Tensor other) { return view(other.shape); }

    public Tensor permute(int... dims) { return ViewOps.permute(this, dims); }

    public Tensor transpose(int d0, int d1) { return ViewOps.transpose(this, d0, d1); }

    /** Transpose of a matrix (tensors of rank ≤ 2). */
    public Tensor t() { return ViewOps.t(this); }

    /** Moves dimension {@code source} to position {@code destination}. */
    public Tensor movedim(int source, int destination) { return ViewOps.movedim(this, source, destination); }

    /** Elements [start, start+length) along dim. */
    public Tensor narrow(int dim, int start, int length) { return ViewOps.slice(this, dim, start, start + length, 1); }

    /** Python's {@code x[..., start:end:step, ...]} along dim; negative start/end count from the end. */
    public Tensor slice(int dim, int start, int end, int step) { return ViewOps.sliceClamped(this, dim, start, end, step); }

    public Tensor slice(int dim, int start, int end) { return slice(dim, start, end, 1); }

    /** Removes dim, taking element {@code index} (negative counts from the end). */
    public Tensor select(int dim, int index) { return ViewOps.select(this, dim, index); }

    /** Broadcasts size-1 dims to {@code shape} (-1 keeps a size); no copy. */
    public Tensor expand(int... shape) { return ViewOps.expand(this, shape); }

    public Tensor expandAs(Tensor other) { return expand(other.shape); }

    /** Removes every size-1 dim. */
    public Tensor squeeze() { return ViewOps.squeeze(this); }

    public Tensor squeeze(int dim) { return ViewOps.squeeze(this, dim); }

    public Tensor unsqueeze(int dim) { return ViewOps.unsqueeze(this, dim); }

    public Tensor flatten() { return flatten(0, -1); }

    public Tensor flatten(int startDim, int endDim) { return ViewOps.flatten(this, startDim, endDim); }

    public Tensor unflatten(int dim, int... sizes) { return ViewOps.unflatten(this, dim, sizes); }

    /** Sliding windows of {@code size} with {@code step} along dim, as a new last dim (a view). */
    public Tensor unfold(int dim, int size, int step) { return ViewOps.unfold(this, dim, size, step); }

    /** Splits into chunks of {@code splitSize} along dim (views). */
    public List<Tensor> split(int splitSize, int dim) { return JoinOps.split(this, splitSize, dim); }

    /** Splits into pieces of the given sizes along dim (views). */
    public List<Tensor> split(int[] sizes, int dim) { return JoinOps.splitWithSizes(this, sizes, dim); }

    public List<Tensor> chunk(int chunks, int dim) { return JoinOps.chunk(this, chunks, dim); }

    /** The slices along dim as a list (as {@code torch.unbind}). */
    public List<Tensor> unbind(int dim) {
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < size(dim); i++) out.add(select(dim, i));
        return out;
    }

    // ------------------------------------------------------------------ indexing

    /**
     * Python-style indexing: each argument is an Integer (select), a {@link Slice}
     * ({@code Slice.of(1, 5)}, {@code Slice.all()}), {@link Slice#NEW_AXIS}, {@link Slice#ELLIPSIS},
     * a BOOL tensor (mask) or an I64 tensor (index list).
     */
    public Tensor index(Object... indices) { return IndexingOps.index(this, indices); }

    public Tensor indexSelect(int dim, Tensor index) { return IndexingOps.indexSelect(this, dim, index); }

    public Tensor gather(int dim, Tensor index) { return IndexingOps.gather(this, dim, index); }

    /** Out-of-place scatter: a copy of this with src written at index along dim. */
    public Tensor scatter(int dim, Tensor index, Tensor src) { return IndexingOps.scatter(this, dim, index, src, false); }

    public Tensor scatter(int dim, Tensor index, double value) {
        return IndexingOps.scatter(this, dim, index, newScalar(value).expand(index.shape), false);
    }

    public Tensor scatterAdd(int dim, Tensor index, Tensor src) { return IndexingOps.scatter(this, dim, index, src, true); }

    /** Out-of-place index_add: a copy of this with src's slices added at index along dim. */
    public Tensor indexAdd(int dim, Tensor index, Tensor src) { return IndexingOps.indexAdd(this, dim, index, src); }

    public Tensor maskedFill(Tensor mask, double value) { return IndexingOps.maskedFill(this, mask, value); }

    /** The elements where mask is true, as a 1-D tensor (as {@code x[mask]}). */
    public Tensor maskedSelect(Tensor mask) { return IndexingOps.maskedSelect(this, mask); }

    /** Indices of nonzero elements, shape (count, dim), I64. */
    public Tensor nonzero() { return IndexingOps.nonzero(this); }

    /** {@code cond ? this : other} elementwise (as {@code torch.where(cond, this, other)}). */
    public Tensor where(Tensor cond, Tensor other) { return BinaryOps.where(cond, this, other); }

    public static Tensor where(Tensor cond, Tensor a, Tensor b) { return BinaryOps.where(cond, a, b); }

    // ------------------------------------------------------------------ in-place

    /** Fills with value in place. */
    public Tensor fill_(double value) { return PointwiseOps.fill_(this, value); }

    public Tensor zero_() { return fill_(0); }

    /** Copies src (broadcast, cast) into this in place. */
    public Tensor copy_(Tensor src) { return PointwiseOps.copy_(this, src); }

    public Tensor add_(Tensor other) { return BinaryOps.inPlaceBinary(this, "add_", BinaryOp.ADD, other, t -> t.add(other)); }

    public Tensor add_(double v) { return BinaryOps.inPlaceBinary(this, "add_", BinaryOp.ADD, BinaryOps.scalarFor(this, v), t -> t.add(v)); }

    public Tensor sub_(Tensor other) { return BinaryOps.inPlaceBinary(this, "sub_", BinaryOp.SUB, other, t -> t.sub(other)); }

    public Tensor sub_(double v) { return BinaryOps.inPlaceBinary(this, "sub_", BinaryOp.SUB, BinaryOps.scalarFor(this, v), t -> t.sub(v)); }

    public Tensor mul_(Tensor other) { return BinaryOps.inPlaceBinary(this, "mul_", BinaryOp.MUL, other, t -> t.mul(other)); }

    public Tensor mul_(double v) { return BinaryOps.inPlaceBinary(this, "mul_", BinaryOp.MUL, BinaryOps.scalarFor(this, v), t -> t.mul(v)); }

    public Tensor div_(Tensor other) { return BinaryOps.inPlaceBinary(this, "div_", BinaryOp.DIV, other, t -> t.div(other)); }

    public Tensor div_(double v) { return BinaryOps.inPlaceBinary(this, "div_", BinaryOp.DIV, BinaryOps.scalarFor(this, v), t -> t.div(v)); }

    /** this += alpha * other (the optimizers' workhorse). */
    public Tensor addScaled_(Tensor other, double alpha) {
        if (alpha == 1) return add_(other);
        return BinaryOps.inPlaceBinary(this, "add_", BinaryOp.ADD, other.mul(alpha), t -> t.add(other.mul(alpha)));
    }

    public Tensor clamp_(double min, double max) { return BinaryOps.inPlace(this, "clamp_", t -> t.clamp(min, max), null); }

    public Tensor maskedFill_(Tensor mask, double value) {
        return BinaryOps.inPlace(this, "masked_fill_", t -> t.maskedFill(mask, value), mask);
    }

    /** Uniform in [low, high) in place. */
    public Tensor uniform_(double low, double high) { return Creation.uniform_(this, Reel.defaultGenerator(), low, high); }

    public Tensor uniform_(Generator g, double low, double high) { return Creation.uniform_(this, g, low, high); }

    public Tensor normal_(double mean, double std) { return Creation.normal_(this, Reel.defaultGenerator(), mean, std); }

    public Tensor normal_(Generator g, double mean, double std) { return Creation.normal_(this, g, mean, std); }

    // ------------------------------------------------------------------ elementwise unary

    public Tensor neg() { return PointwiseOps.neg(this); }

    public Tensor abs() { return PointwiseOps.abs(this); }

    public Tensor sign() { return PointwiseOps.sign(this); }

    public Tensor exp() { return PointwiseOps.exp(this); }

    public Tensor expm1() { return PointwiseOps.expm1(this); }

    public Tensor log() { return PointwiseOps.log(this); }

    public Tensor log1p() { return PointwiseOps.log1p(this); }

    public Tensor sqrt() { return PointwiseOps.sqrt(this); }

    public Tensor rsqrt() { return PointwiseOps.rsqrt(this); }

    public Tensor square() { return PointwiseOps.square(this); }

    public Tensor reciprocal() { return PointwiseOps.reciprocal(this); }

    public Tensor sin() { return PointwiseOps.sin(this); }

    public Tensor cos() { return PointwiseOps.cos(this); }

    public Tensor tanh() { return PointwiseOps.tanh(this); }

    public Tensor sigmoid() { return PointwiseOps.sigmoid(this); }

    public Tensor erf() { return PointwiseOps.erf(this); }

    public Tensor relu() { return PointwiseOps.relu(this); }

    public Tensor relu6() { return PointwiseOps.hardtanh(this, 0, 6); }

    public Tensor leakyRelu(double negativeSlope) { return PointwiseOps.leakyRelu(this, negativeSlope); }

    public Tensor elu(double alpha) { return PointwiseOps.elu(this, alpha); }

    /** Exact GELU, x·Φ(x). */
    public Tensor gelu() { return PointwiseOps.gelu(this, false); }

    /** GELU; {@code tanhApproximation} selects PyTorch's {@code approximate='tanh'}. */
    public Tensor gelu(boolean tanhApproximation) { return PointwiseOps.gelu(this, tanhApproximation); }

    public Tensor silu() { return PointwiseOps.silu(this); }

    public Tensor softplus() { return PointwiseOps.softplus(this, 1, 20); }

    public Tensor softplus(double beta, double threshold) { return PointwiseOps.softplus(this, beta, threshold); }

    public Tensor hardtanh(double min, double max) { return PointwiseOps.hardtanh(this, min, max); }

    /** Clamps into [min, max]; pass NaN for no bound on that side. */
    public Tensor clamp(double min, double max) { return PointwiseOps.clamp(this, min, max); }

    public Tensor clampMin(double min) { return clamp(min, Double.NaN); }

    public Tensor clampMax(double max) { return clamp(Double.NaN, max); }

    public Tensor pow(double exponent) { return PointwiseOps.powScalar(this, exponent); }

    public Tensor floor() { return PointwiseOps.rounding(this, dev.reel.engine.backend.UnaryOp.FLOOR); }

    public Tensor ceil() { return PointwiseOps.rounding(this, dev.reel.engine.backend.UnaryOp.CEIL); }

    /** Rounds half to even, as PyTorch. */
    public Tensor round() { return PointwiseOps.rounding(this, dev.reel.engine.backend.UnaryOp.ROUND); }

    public Tensor trunc() { return PointwiseOps.rounding(this, dev.reel.engine.backend.UnaryOp.TRUNC); }

    public Tensor logicalNot() { return PointwiseOps.logicalNot(this); }

    /** BOOL: true where the value is finite. */
    public Tensor isFinite() { return PointwiseOps.isFinite(this); }

    public Tensor isNan() { return ne(this); }

    // ------------------------------------------------------------------ elementwise binary

    public Tensor add(Tensor other) { return BinaryOps.add(this, other); }

    public Tensor add(double v) { return BinaryOps.add(this, BinaryOps.scalarFor(this, v)); }

    /** this + alpha * other. */
    public Tensor add(Tensor other, double alpha) { return add(other.mul(alpha)); }

    public Tensor sub(Tensor other) { return BinaryOps.sub(this, other); }

    public Tensor sub(double v) { return BinaryOps.sub(this, BinaryOps.scalarFor(this, v)); }

    /** v - this. */
    public Tensor rsub(double v) { return BinaryOps.sub(BinaryOps.scalarFor(this, v), this); }

    public Tensor mul(Tensor other) { return BinaryOps.mul(this, other); }

    public Tensor mul(double v) { return BinaryOps.mul(this, BinaryOps.scalarFor(this, v)); }

    /** True division: integer inputs give a float result, as PyTorch. */
    public Tensor div(Tensor other) { return BinaryOps.div(this, other); }

    public Tensor div(double v) { return BinaryOps.div(this, BinaryOps.scalarFor(this, v)); }

    /** v / this. */
    public Tensor rdiv(double v) { return BinaryOps.div(BinaryOps.scalarFor(this, v), this); }

    public Tensor pow(Tensor exponent) { return BinaryOps.pow(this, exponent); }

    public Tensor maximum(Tensor other) { return BinaryOps.maximum(this, other); }

    public Tensor minimum(Tensor other) { return BinaryOps.minimum(this, other); }

    public Tensor atan2(Tensor other) { return BinaryOps.atan2(this, other); }

    public Tensor eq(Tensor other) { return BinaryOps.compare(dev.reel.engine.backend.BinaryOp.EQ, this, other); }

    public Tensor eq(double v) { return eq(BinaryOps.scalarFor(this, v)); }

    public Tensor ne(Tensor other) { return BinaryOps.compare(dev.reel.engine.backend.BinaryOp.NE, this, other); }

    public Tensor ne(double v) { return ne(BinaryOps.scalarFor(this, v)); }

    public Tensor lt(Tensor other) { return BinaryOps.compare(dev.reel.engine.backend.BinaryOp.LT, this, other); }

    public Tensor lt(double v) { return lt(BinaryOps.scalarFor(this, v)); }

    public Tensor le(Tensor other) { return BinaryOps.compare(dev.reel.engine.backend.BinaryOp.LE, this, other); }

    public Tensor le(double v) { return le(BinaryOps.scalarFor(this, v)); }

    public Tensor gt(Tensor other) { return BinaryOps.compare(dev.reel.engine.backend.BinaryOp.GT, this, other); }

    public Tensor gt(double v) { return gt(BinaryOps.scalarFor(this, v)); }

    public Tensor ge(Tensor other) { return BinaryOps.compare(dev.reel.engine.backend.BinaryOp.GE, this, other); }

    public Tensor ge(double v) { return ge(BinaryOps.scalarFor(this, v)); }

    public Tensor logicalAnd(Tensor other) { return BinaryOps.logical(dev.reel.engine.backend.BinaryOp.LOGICAL_AND, this, other); }

    public Tensor logicalOr(Tensor other) { return BinaryOps.logical(dev.reel.engine.backend.BinaryOp.LOGICAL_OR, this, other); }

    public Tensor logicalXor(Tensor other) { return BinaryOps.logical(dev.reel.engine.backend.BinaryOp.LOGICAL_XOR, this, other); }

    /** True when shapes match and all elements are within tolerance (as {@code torch.allclose}). */
    public boolean allclose(Tensor other, double rtol, double atol) { return ReductionOps.allclose(this, other, rtol, atol); }

    public boolean allclose(Tensor other) { return allclose(other, 1e-5, 1e-8); }

    /** True when shapes and all values are equal (as {@code torch.equal}). */
    public boolean equal(Tensor other) {
        return java.util.Arrays.equals(shape, other.shape) && eq(other).all().itemBoolean();
    }

    // ------------------------------------------------------------------ reductions

    /** Sum of all elements (0-d). */
    public Tensor sum() { return ReductionOps.sum(this, Shapes.allDims(dim()), false); }

    public Tensor sum(int dim) { return sum(new int[] {dim}, false); }

    public Tensor sum(int dim, boolean keepDim) { return sum(new int[] {dim}, keepDim); }

    public Tensor sum(int[] dims, boolean keepDim) { return ReductionOps.sum(this, dims, keepDim); }

    public Tensor mean() { return ReductionOps.mean(this, Shapes.allDims(dim()), false); }

    public Tensor mean(int dim) { return mean(new int[] {dim}, false); }

    public Tensor mean(int dim, boolean keepDim) { return mean(new int[] {dim}, keepDim); }

    public Tensor mean(int[] dims, boolean keepDim) { return ReductionOps.mean(this, dims, keepDim); }

    public Tensor prod() { return ReductionOps.prod(this, Shapes.allDims(dim()), false); }

    public Tensor prod(int dim, boolean keepDim) { return ReductionOps.prod(this, new int[] {dim}, keepDim); }

    /** Variance with Bessel's correction (correction = 1), as PyTorch's default. */
    public Tensor var() { return var(Shapes.allDims(dim()), 1, false); }

    public Tensor var(int[] dims, double correction, boolean keepDim) { return ReductionOps.var(this, dims, correction, keepDim); }

    public Tensor std() { return std(Shapes.allDims(dim()), 1, false); }

    public Tensor std(int[] dims, double correction, boolean keepDim) { return ReductionOps.var(this, dims, correction, keepDim).sqrt(); }

    /** Largest element (0-d); gradient shared evenly among ties. */
    public Tensor max() { return ReductionOps.amax(this, Shapes.allDims(dim()), false); }

    public Tensor min() { return ReductionOps.amin(this, Shapes.allDims(dim()), false); }

    /** Values and indices of the maximum along dim. */
    public ReductionOps.ValuesIndices max(int dim, boolean keepDim) { return ReductionOps.maxDim(this, dim, keepDim, true); }

    public ReductionOps.ValuesIndices min(int dim, boolean keepDim) { return ReductionOps.maxDim(this, dim, keepDim, false); }

    public Tensor amax(int[] dims, boolean keepDim) { return ReductionOps.amax(this, dims, keepDim); }

    public Tensor amin(int[] dims, boolean keepDim) { return ReductionOps.amin(this, dims, keepDim); }

    /** Index of the maximum of the flattened tensor (I64, 0-d). */
    public Tensor argmax() { return reshape(-1).max(0, false).indices(); }

    public Tensor argmax(int dim, boolean keepDim) { return max(dim, keepDim).indices(); }

    public Tensor argmin() { return reshape(-1).min(0, false).indices(); }

    public Tensor argmin(int dim, boolean keepDim) { return min(dim, keepDim).indices(); }

    public Tensor logsumexp(int[] dims, boolean keepDim) { return ReductionOps.logsumexp(this, dims, keepDim); }

    public Tensor logsumexp(int dim) { return logsumexp(new int[] {dim}, false); }

    /** The p-norm over all elements (p may be Double.POSITIVE_INFINITY). */
    public Tensor norm(double p) { return ReductionOps.norm(this, p, Shapes.allDims(dim()), false); }

    public Tensor norm() { return norm(2); }

    public Tensor norm(double p, int[] dims, boolean keepDim) { return ReductionOps.norm(this, p, dims, keepDim); }

    public Tensor cumsum(int dim) { return ReductionOps.cumsum(this, dim); }

    /** BOOL 0-d: every element nonzero. */
    public Tensor all() { return ReductionOps.logicalReduce(this, true, Shapes.allDims(dim()), false); }

    public Tensor all(int dim, boolean keepDim) { return ReductionOps.logicalReduce(this, true, new int[] {dim}, keepDim); }

    public Tensor any() { return ReductionOps.logicalReduce(this, false, Shapes.allDims(dim()), false); }

    public Tensor any(int dim, boolean keepDim) { return ReductionOps.logicalReduce(this, false, new int[] {dim}, keepDim); }

    /** softmax along dim (as {@code Tensor.softmax}). */
    public Tensor softmax(int dim) { return dev.reel.engine.ops.SoftmaxOps.softmax(this, dim); }

    public Tensor logSoftmax(int dim) { return dev.reel.engine.ops.SoftmaxOps.logSoftmax(this, dim); }

    // ------------------------------------------------------------------ linear algebra

    /** Matrix product with PyTorch's rules for 1-D, 2-D and batched (broadcast) operands. */
    public Tensor matmul(Tensor other) { return LinalgOps.matmul(this, other); }

    public Tensor mm(Tensor other) { return LinalgOps.mm(this, other); }

    public Tensor bmm(Tensor other) { return LinalgOps.bmm(this, other); }

    public Tensor mv(Tensor vec) { return LinalgOps.matmul(this, vec); }

    public Tensor dot(Tensor other) { return LinalgOps.dot(this, other); }

    public Tensor outer(Tensor other) { return LinalgOps.outer(this, other); }

    // ------------------------------------------------------------------ shape ops that copy

    public Tensor flip(int... dims) { return ShapeOps.flip(this, dims); }

    public Tensor roll(int shift, int dim) { return ShapeOps.roll(this, new int[] {shift}, new int[] {dim}); }

    public Tensor roll(int[] shifts, int[] dims) { return ShapeOps.roll(this, shifts, dims); }

    /** Tiles the tensor (as {@code Tensor.repeat}): one count per dim, leading counts add dims. */
    public Tensor repeat(int... counts) { return ShapeOps.repeat(this, counts); }

    public Tensor tile(int... counts) { return ShapeOps.tile(this, counts); }

    public Tensor repeatInterleave(int repeats, int dim) { return ShapeOps.repeatInterleave(this, repeats, dim); }

    public Tensor tril(int diagonal) { return ShapeOps.triangle(this, diagonal, true); }

    public Tensor tril() { return tril(0); }

    public Tensor triu(int diagonal) { return ShapeOps.triangle(this, diagonal, false); }

    public Tensor triu() { return triu(0); }

    // ------------------------------------------------------------------ static combinations

    public static Tensor cat(List<Tensor> tensors, int dim) { return JoinOps.cat(tensors, dim); }

    public static Tensor cat(int dim, Tensor... tensors) { return JoinOps.cat(List.of(tensors), dim); }

    public static Tensor stack(List<Tensor> tensors, int dim) { return JoinOps.stack(tensors, dim); }

    public static Tensor stack(int dim, Tensor... tensors) { return JoinOps.stack(List.of(tensors), dim); }

    /** Einstein summation for the common contractions, e.g. {@code einsum("bij,bjk->bik", a, b)}. */
    public static Tensor einsum(String equation, Tensor... operands) { return LinalgOps.einsum(equation, operands); }

    /** Bumps the storage's version counter after an in-place write (for op authors). */
    public void markModified() { storage.bumpVersion(); }
}
