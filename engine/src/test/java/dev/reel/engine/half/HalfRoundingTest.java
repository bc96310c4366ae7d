package dev.reel.engine.half;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.engine.DType;
import dev.reel.engine.HalfFloats;
import dev.reel.engine.Tensor;
import dev.reel.engine.cpu.CpuStorage;
import dev.reel.engine.testing.Fixture;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** F32 → BF16/F16 rounding against PyTorch's own casts (fixtures/half/rounding.safetensors). */
class HalfRoundingTest {
    static Path fixture(String name) {
        try {
            return Path.of(HalfRoundingTest.class.getResource("/fixtures/half/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("fixtures/half/" + name + " is not on the test class path", e);
        }
    }

    static short[] bits(Tensor t) {
        return ((CpuStorage) t.contiguous().storage()).bits16();
    }

    @Test
    void castsRoundLikePyTorch() {
        Fixture f = Fixture.load(fixture("rounding.safetensors"));
        double[] src = f.tensor("src").doubles();
        float[] in = new float[src.length];
        for (int i = 0; i < in.length; i++) in[i] = (float) src[i];
        Tensor x = Tensor.fromArray(in, in.length);
        check("BF16", in, bits(x.to(DType.BF16)), f.tensor("bf16_bits").longs(), DType.BF16);
        check("F16", in, bits(x.to(DType.F16)), f.tensor("f16_bits").longs(), DType.F16);
        // the BF16/F16-typed copies read back through the fixture reader give the same values
        double[] bf = f.tensor("bf16").doubles();
        float[] back = x.to(DType.BF16).toFloatArray();
        for (int i = 0; i < in.length; i++) {
            if (!Float.isNaN(in[i])) assertEquals(bf[i], back[i], 0.0, "BF16 value of " + in[i]);
        }
    }

    private static void check(String type, float[] in, short[] ours, long[] torch, DType dt) {
        for (int i = 0; i < in.length; i++) {
            String what = type + " of " + in[i] + " (0x" + Integer.toHexString(Float.floatToRawIntBits(in[i])) + ")";
            if (Float.isNaN(in[i])) {
                // payloads differ between PyTorch's scalar and vector paths; NaN must stay NaN
                assertTrue(Float.isNaN(HalfFloats.toFloat(dt, ours[i])), what);
            } else {
                assertEquals(Integer.toHexString((int) torch[i]), Integer.toHexString(ours[i] & 0xFFFF), what);
            }
        }
    }

    @Test
    void widenIsExactAndRoundTrips() {
        for (int b = 0; b < 1 << 16; b++) {
            short s = (short) b;
            float v = HalfFloats.fromBF16(s);
            if (Float.isNaN(v)) assertEquals(HalfFloats.BF16_NAN, HalfFloats.toBF16(v));
            else assertEquals(s, HalfFloats.toBF16(v), "BF16 bits 0x" + Integer.toHexString(b));
            float h = HalfFloats.fromF16(s);
            if (!Float.isNaN(h)) assertEquals(s, HalfFloats.toF16(h), "F16 bits 0x" + Integer.toHexString(b));
        }
    }

    @Test
    void signallingNaNStaysANaN() {
        float snan = Float.intBitsToFloat(0x7F800001); // a plain shift would give BF16 infinity
        assertEquals(HalfFloats.BF16_NAN, HalfFloats.toBF16(snan));
        assertTrue(Float.isNaN(HalfFloats.fromF16(HalfFloats.toF16(snan))));
    }

    @Test
    void otherTypesCastThroughF32() {
        Tensor d = Tensor.fromArray(new double[] {1.0 + Math.pow(2, -8), 1e300, -3.5}, 3);
        assertEquals("[1.0, Infinity, -3.5]", java.util.Arrays.toString(d.to(DType.BF16).toFloatArray()));
        Tensor l = Tensor.fromArray(new long[] {2049, 65505, -7}, 3);
        assertEquals("[2048.0, 65504.0, -7.0]", java.util.Arrays.toString(l.to(DType.F16).toFloatArray()));
        assertEquals("[2048, 65504, -7]", java.util.Arrays.toString(l.to(DType.F16).toLongArray()));
        assertEquals("[true, false]", java.util.Arrays.toString(Tensor.fromArray(new float[] {0.5f, 0}, 2).to(DType.BF16)
                .to(DType.BOOL).toBooleanArray()));
        assertEquals("[2.0, 3.0]", java.util.Arrays.toString(Tensor.fromArray(new float[] {2, 3}, 2).to(DType.BF16).to(DType.F16)
                .toFloatArray()));
    }
}
