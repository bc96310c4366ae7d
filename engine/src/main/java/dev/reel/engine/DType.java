package dev.reel.engine;

/**
 * Element types of a tensor, with PyTorch's type-promotion rules.
 *
 * <p>F32 is the default and the fast path; F64 exists so that gradient checks and reference
 * results are exact; I64 holds labels and indices; U8 holds video frames; BOOL holds masks.
 * BF16 and F16 are the 16-bit floats of mixed precision: stored as 16-bit patterns, computed in F32
 * (every kernel casts them in and its result back out, see {@link dev.reel.engine.backend.HalfAsFloat}).
 *
 * <pre>{@code
 * DType.promote(DType.I64, DType.F32)  // F32
 * DType.promote(DType.U8, DType.BOOL)  // U8
 * DType.promote(DType.BF16, DType.F16) // F32
 * }</pre>
 */
public enum DType {
    BOOL(1, false, "torch.bool"),
    U8(1, false, "torch.uint8"),
    I32(4, false, "torch.int32"),
    I64(8, false, "torch.int64"),
    F32(4, true, "torch.float32"),
    F64(8, true, "torch.float64"),
    // Appended after F64: backends pass ordinals to their kernels as dtype codes, so the older
    // constants keep theirs; promotion goes by rank(), not by ordinal.
    BF16(2, true, "torch.bfloat16"),
    F16(2, true, "torch.float16");

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

    /** True for F16, BF16, F32 and F64: the types autograd can differentiate. */
    public boolean isFloatingPoint() { return floating; }

    /** True for BF16 and F16: 16-bit floats that no compute kernel sees (they run in F32). */
    public boolean isHalf() { return this == BF16 || this == F16; }

    /** True for BOOL, U8, I32 and I64. */
    public boolean isIntegral() { return !floating; }

    /** The name PyTorch prints, e.g. {@code torch.float32}. */
    public String torchName() { return torchName; }

    /**
     * The result type of a binary op between two tensors of these types (PyTorch's
     * {@code torch.promote_types}): bool &lt; uint8 &lt; int32 &lt; int64 &lt; float16 &lt; bfloat16
     * &lt; float32 &lt; float64, except that bfloat16 with float16 gives float32 (neither holds the
     * other: F16 has the finer mantissa, BF16 the wider exponent).
     */
    public static DType promote(DType a, DType b) {
        if ((a == BF16 && b == F16) || (a == F16 && b == BF16)) return F32;
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(DType t) {
        return switch (t) {
            case BOOL -> 0;
            case U8 -> 1;
            case I32 -> 2;
            case I64 -> 3;
            case F16 -> 4;
            case BF16 -> 5;
            case F32 -> 6;
            case F64 -> 7;
        };
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
