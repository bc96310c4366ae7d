package dev.reel.engine;

/**
 * Element types of a tensor, with PyTorch's type-promotion rules.
 *
 * <p>F32 is the default and the fast path; F64 exists so that gradient checks and reference
 * results are exact; I64 holds labels and indices; U8 holds video frames; BOOL holds masks.
 *
 * <pre>{@code
 * DType.promote(DType.I64, DType.F32)  // F32
 * DType.promote(DType.U8, DType.BOOL)  // U8
 * }</pre>
 */
public enum DType {
    BOOL(1, false, "torch.bool"),
    U8(1, false, "torch.uint8"),
    I32(4, false, "torch.int32"),
    I64(8, false, "torch.int64"),
    F32(4, true, "torch.float32"),
    F64(8, true, "torch.float64");

    private final int itemSize;
    private final boolean floating;
    private final String torchName;

    DType(int itemSize, boolean floating, String torchName) {
        this.itemSize = itemSize;
        this.floating = floating;
        this.torchName = torchName;
    }

    /** Bytes per element. */
    public int itemSize() { return itemSize; }

    /** True for F32 and F64: the types autograd can differentiate. */
    public boolean isFloatingPoint() { return floating; }

    /** True for BOOL, U8, I32 and I64. */
    public boolean isIntegral() { return !floating; }

    /** The name PyTorch prints, e.g. {@code torch.float32}. */
    public String torchName() { return torchName; }

    /**
     * The result type of a binary op between two tensors of these types (PyTorch's
     * {@code torch.promote_types}): bool &lt; uint8 &lt; int32 &lt; int64 &lt; float32 &lt; float64,
     * the enum order.
     */
    public static DType promote(DType a, DType b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    /**
     * The result type of a binary op between a tensor and a Java scalar, as PyTorch: a scalar never
     * widens a tensor of its own category; a floating scalar turns an integral tensor into F32.
     */
    public static DType promoteWithScalar(DType tensor, boolean scalarIsFloating) {
        if (scalarIsFloating && !tensor.floating) return F32;
        if (!scalarIsFloating && tensor == BOOL) return I64;
        return tensor;
    }
}
