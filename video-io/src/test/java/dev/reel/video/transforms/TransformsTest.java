package dev.reel.video.transforms;

import dev.reel.engine.DType;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class TransformsTest {
    static final Generator G = new Generator(3);

    /** A U8 clip [T, H, W, 3] whose pixel (t, y, x, c) = (t * 40 + y * 7 + x * 3 + c) mod 256. */
    static Tensor clip(int t, int h, int w) {
        byte[] b = new byte[t * h * w * 3];
        for (int f = 0; f < t; f++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) for (int c = 0; c < 3; c++)
            b[((f * h + y) * w + x) * 3 + c] = (byte) (f * 40 + y * 7 + x * 3 + c);
        return Tensor.wrap(b, t, h, w, 3);
    }

    static int px(Tensor t, int f, int y, int x, int c) {
        int[] s = t.shape();
        return t.toByteArray()[((f * s[1] + y) * s[2] + x) * 3 + c] & 0xFF;
    }

    @Test
    void areaDownscaleAveragesBlocks() {
        float[] v = {0, 2, 4, 6, 1, 3, 5, 7};          // one frame 2x4, 1 channel
        Tensor img = Tensor.wrap(v, 2, 4, 1);
        Tensor r = Resize.to(1, 2, Resize.Mode.AREA, false).apply(img, G);
        assertArrayEquals(new int[] {1, 2, 1}, r.shape());
        assertArrayEquals(new float[] {1.5f, 5.5f}, r.toFloatArray(), 1e-6f);
    }

    @Test
    void bilinearMatchesInterpolateWhenUpscaling() {
        Tensor img = Tensor.wrap(new float[] {0, 10}, 1, 2, 1);
        Tensor r = Resize.to(1, 4, Resize.Mode.BILINEAR, false).apply(img, G);
        assertArrayEquals(new float[] {0, 2.5f, 7.5f, 10}, r.toFloatArray(), 1e-6f);
    }

    @Test
    void antialiasedHalvingUsesTheWidenedTriangle() {
        float[] ramp = new float[8];
        for (int i = 0; i < 8; i++) ramp[i] = i * i;
        Tensor r = Resize.to(1, 4).apply(Tensor.wrap(ramp, 1, 8, 1), G);
        // weights 1/8, 3/8, 3/8, 1/8 on inputs 2o-1 .. 2o+2, renormalised at the borders
        float o1 = (1 * 1 + 3 * 4 + 3 * 9 + 1 * 16) / 8f;
        assertEquals(o1, r.toFloatArray()[1], 1e-4f);
        float o0 = (3 * 0 + 3 * 1 + 1 * 4) / 7f;
        assertEquals(o0, r.toFloatArray()[0], 1e-4f);
        Tensor plain = Resize.to(1, 4, Resize.Mode.BILINEAR, false).apply(Tensor.wrap(ramp, 1, 8, 1), G);
        assertEquals((4 + 9) / 2f, plain.toFloatArray()[1], 1e-4f);
    }

    @Test
    void resizeKeepsConstantsAndDtype() {
        byte[] b = new byte[2 * 10 * 14 * 3];
        java.util.Arrays.fill(b, (byte) 200);
        Tensor r = Resize.to(7, 5).apply(Tensor.wrap(b, 2, 10, 14, 3), G);
        assertEquals(DType.U8, r.dtype());
        assertArrayEquals(new int[] {2, 7, 5, 3}, r.shape());
        for (byte v : r.toByteArray()) assertEquals(200, v & 0xFF);
        assertArrayEquals(new int[] {3, 64, 85, 3}, Resize.shortSide(64).apply(Tensor.zeros(DType.U8, 3, 48, 64, 3), G).shape());
        assertArrayEquals(new int[] {85, 64, 3}, Resize.shortSide(64).apply(Tensor.zeros(DType.U8, 64, 48, 3), G).shape());
    }

    @Test
    void cropsTakeTheSameWindowInEveryFrame() {
        Tensor c = clip(3, 10, 12);
        Tensor cc = CenterCrop.of(4, 6).apply(c, G);
        assertArrayEquals(new int[] {3, 4, 6, 3}, cc.shape());
        for (int f = 0; f < 3; f++) assertEquals(px(c, f, 3, 3, 1), px(cc, f, 0, 0, 1));
        Tensor rc = RandomCrop.of(5, 5).apply(c, new Generator(9));
        int y0 = -1, x0 = -1;
        for (int y = 0; y <= 5 && y0 < 0; y++) for (int x = 0; x <= 7; x++) if (px(c, 0, y, x, 0) == px(rc, 0, 0, 0, 0) && px(c, 0, y + 1, x + 1, 0) == px(rc, 0, 1, 1, 0)) { y0 = y; x0 = x; break; }
        assertTrue(y0 >= 0);
        for (int f = 0; f < 3; f++) assertEquals(px(c, f, y0 + 4, x0 + 4, 2), px(rc, f, 4, 4, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CenterCrop.of(11, 4).apply(c, G));
        assertTrue(e.getMessage().contains("CenterCrop"), e.getMessage());
    }

    @Test
    void randomResizedCropGivesTheSizeAskedAndIsSeeded() {
        Tensor c = clip(2, 30, 40);
        RandomResizedCrop t = RandomResizedCrop.of(16, 16);
        Tensor a = t.apply(c, new Generator(4)), b = t.apply(c, new Generator(4));
        assertArrayEquals(new int[] {2, 16, 16, 3}, a.shape());
        assertArrayEquals(a.toByteArray(), b.toByteArray());
        for (int k = 0; k < 50; k++) {
            int[] w = t.window(30, 40, new Generator(k));
            assertTrue(w[0] >= 0 && w[1] >= 0 && w[0] + w[2] <= 30 && w[1] + w[3] <= 40 && w[2] > 0 && w[3] > 0);
        }
    }

    @Test
    void flipMirrorsAndTwiceIsIdentity() {
        Tensor c = clip(2, 3, 5);
        Tensor f = HorizontalFlip.always().apply(c, G);
        assertEquals(px(c, 1, 2, 0, 1), px(f, 1, 2, 4, 1));
        assertArrayEquals(c.toByteArray(), HorizontalFlip.always().apply(f, G).toByteArray());
        assertSame(c, HorizontalFlip.random(0).apply(c, G));
    }

    @Test
    void toFloatNormalizeAndChannelsFirst() {
        Tensor c = Tensor.wrap(new byte[] {(byte) 255, 0, (byte) 51, 0, (byte) 255, (byte) 102}, 1, 1, 2, 3);
        Tensor f = ToFloat.scaled().apply(c, G);
        assertArrayEquals(new float[] {1, 0, 0.2f, 0, 1, 0.4f}, f.toFloatArray(), 1e-6f);
        Tensor n = Normalize.of(new float[] {0.5f, 0.5f, 0.2f}, new float[] {0.5f, 0.25f, 0.1f}).apply(f, G);
        assertArrayEquals(new float[] {1, -2, 0, -1, 2, 2}, n.toFloatArray(), 1e-5f);
        Tensor cf = ToChannelsFirst.INSTANCE.apply(n, G);
        assertArrayEquals(new int[] {3, 1, 1, 2}, cf.shape());
        assertArrayEquals(new float[] {1, -1, -2, 2, 0, 2}, cf.toFloatArray(), 1e-5f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Normalize.of(new float[] {0, 0, 0}, new float[] {1, 1, 1}).apply(c, G));
        assertTrue(e.getMessage().contains("ToFloat"), e.getMessage());
    }

    @Test
    void temporalSubsamplePicksSegmentCentres() {
        Tensor c = clip(8, 2, 2);
        Tensor s = TemporalSubsample.to(4).apply(c, G);
        assertArrayEquals(new int[] {4, 2, 2, 3}, s.shape());
        for (int i = 0; i < 4; i++) assertEquals(px(c, 2 * i + 1, 1, 1, 0), px(s, i, 1, 1, 0));
    }

    @Test
    void colorJitterUsesOneDrawPerClip() {
        Tensor one = clip(1, 4, 4);
        byte[] two = new byte[2 * 48];
        System.arraycopy(one.toByteArray(), 0, two, 0, 48);
        System.arraycopy(one.toByteArray(), 0, two, 48, 48);
        Tensor j = ColorJitter.of(0.5, 0.5, 0.5).apply(Tensor.wrap(two, 2, 4, 4, 3), new Generator(8));
        byte[] out = j.toByteArray();
        assertArrayEquals(java.util.Arrays.copyOfRange(out, 0, 48), java.util.Arrays.copyOfRange(out, 48, 96), "identical frames stay identical");
        assertArrayEquals(one.toByteArray(), ColorJitter.of(0, 0, 0).apply(one, G).toByteArray());
        float[] in = {0.1f, 0.2f, 0.3f, 0.4f, 0.05f, 0.25f};
        Tensor bright = ColorJitter.of(0.5, 0, 0).apply(Tensor.wrap(in, 1, 2, 3), new Generator(1));
        assertEquals(DType.F32, bright.dtype());
        float[] o = bright.toFloatArray();
        float k = o[0] / in[0];
        assertTrue(k >= 0.5f && k <= 1.5f && k != 1f, "factor " + k);
        for (int i = 0; i < in.length; i++) assertEquals(in[i] * k, o[i], 1e-6f, "one brightness factor for all pixels");
    }

    @Test
    void composeAppliesInOrder() {
        VideoTransform t = VideoTransform.compose(Resize.shortSide(8), CenterCrop.of(8, 8), ToFloat.scaled(), ToChannelsFirst.INSTANCE);
        Tensor out = t.apply(clip(4, 16, 24), G);
        assertArrayEquals(new int[] {3, 4, 8, 8}, out.shape());
        assertEquals(DType.F32, out.dtype());
        Tensor img = t.apply(Tensor.zeros(DType.U8, 16, 24, 3), G);
        assertArrayEquals(new int[] {3, 8, 8}, img.shape());
    }
}
