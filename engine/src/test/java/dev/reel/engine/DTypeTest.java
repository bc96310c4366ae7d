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
}
