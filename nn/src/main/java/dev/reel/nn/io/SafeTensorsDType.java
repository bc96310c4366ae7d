package dev.reel.nn.io;

import dev.reel.engine.DType;

/** The safetensors dtype codes Reel reads, their sizes and the Reel dtype each loads as. */
enum SafeTensorsDType {
    F64(8, DType.F64), F32(4, DType.F32), F16(2, DType.F16), BF16(2, DType.BF16),
    I64(8, DType.I64), I32(4, DType.I32), U8(1, DType.U8), BOOL(1, DType.BOOL);

    final int size;
    /** The Reel dtype of the loaded tensor (each code its own type, as PyTorch loads it). */
    final DType loadsAs;

    SafeTensorsDType(int size, DType loadsAs) {
        this.size = size;
        this.loadsAs = loadsAs;
    }

    static SafeTensorsDType parse(String code) {
        for (SafeTensorsDType d : values()) if (d.name().equals(code)) return d;
        return null;
    }

    /** The code a Reel dtype is written as. */
    static SafeTensorsDType of(DType d) {
        return switch (d) {
            case F64 -> F64;
            case F32 -> F32;
            case I64 -> I64;
            case I32 -> I32;
            case U8 -> U8;
            case BOOL -> BOOL;
            case BF16 -> BF16;
            case F16 -> F16;
        };
    }
}
