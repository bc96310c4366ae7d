package dev.reel.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DTypeTest {
    @Test
    void promotionFollowsPyTorch() {
        assertEquals(DType.F32, DType.promote(DType.I64, DType.F32));
        assertEquals(DType.F64, DType.promote(DType.F32, DType.F64));
        assertEquals(DType.U8, DType.promote(DType.U8, DType.BOOL));
        assertEquals(DType.I64, DType.promote(DType.I32, DType.I64));
        assertEquals(DType.F32, DType.promoteWithScalar(DType.I64, true));
        assertEquals(DType.I64, DType.promoteWithScalar(DType.I64, false));
        assertEquals(DType.U8, DType.promoteWithScalar(DType.U8, false));
    }

    @Test
    void halfTypesPromoteAsTorchPromoteTypes() {
        // torch.promote_types: float16 < bfloat16 < float32 < float64, but bfloat16 with float16 is float32
        assertEquals(DType.F32, DType.promote(DType.BF16, DType.F16));
        assertEquals(DType.F32, DType.promote(DType.F16, DType.BF16));
        assertEquals(DType.F32, DType.promote(DType.BF16, DType.F32));
        assertEquals(DType.F64, DType.promote(DType.F64, DType.F16));
        assertEquals(DType.BF16, DType.promote(DType.I64, DType.BF16));
        assertEquals(DType.F16, DType.promote(DType.F16, DType.U8));
        assertEquals(DType.BF16, DType.promote(DType.BF16, DType.BF16));
        assertEquals(DType.BF16, DType.promoteWithScalar(DType.BF16, true));
        assertEquals("torch.bfloat16", DType.BF16.torchName());
        assertEquals("torch.float16", DType.F16.torchName());
        assertEquals(2, DType.F16.itemSize());
    }
}
