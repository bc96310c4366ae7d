package dev.reel.video.internal;

import dev.reel.video.YuvMatrix;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Converts planar Y'CbCr with subsampled chroma to interleaved RGB24 and back, in 16.16 fixed
 * point: each channel is {@code (Y * ys + 1/2 + cu * (U - 128) + cv * (V - 128)) >> 16} with
 * the coefficients rounded once to 16.16.
 *
 * <p>Chroma is upsampled by replication (each chroma sample covers its 2x1 or 2x2 block), as
 * FFmpeg's default unscaled converter does, and downsampled by averaging the block.
 *
 * <p>To RGB the Vector API loop converts {@code JpegYcc.PIXELS} pixels a step (16 with 512-bit
 * vectors): the luma bytes and the chroma bytes (duplicated in pairs by one shuffle when
 * horizontally subsampled) widened to int lanes, the arithmetic in ints, and one shuffle packing
 * RGB24. The scalar twin reads the same products from per-value tables (exactly equal, since
 * the tables hold the same rounded coefficients times the value); {@code -Dreel.simd=false}
 * forces it.
 */
public final class YuvConverter {
    private static final int ONE = 1 << 16;
    /** The 16.16 coefficients: luma scale, and the chroma terms of R, G and B. */
    private final int ys, crR, cbG, crG, cbB, yBias;
    private final int[] yTab = new int[256];
    private final int[] rv = new int[256];
    private final int[] gu = new int[256];
    private final int[] gv = new int[256];
    private final int[] bu = new int[256];
    // RGB -> YCbCr coefficients, 16.16
    private final int yr, yg, yb, ur, ug, ub, vr, vg, vb, yOffset;
    private final boolean fullRange;

    public YuvConverter(YuvMatrix m, boolean fullRange) {
        this.fullRange = fullRange;
        double kr = m.kr(), kb = m.kb(), kg = m.kg();
        double ys = fullRange ? 1.0 : 255.0 / 219.0;
        double cs = fullRange ? 1.0 : 255.0 / 224.0;
        int y0 = fullRange ? 0 : 16;
        this.ys = fix(ys);
        crR = fix(2 * (1 - kr) * cs);
        cbG = fix(-2 * kb * (1 - kb) / kg * cs);
        crG = fix(-2 * kr * (1 - kr) / kg * cs);
        cbB = fix(2 * (1 - kb) * cs);
        yBias = ONE / 2 - y0 * this.ys;  // + 0.5 rounds the final shift
        for (int i = 0; i < 256; i++) {
            yTab[i] = i * this.ys + yBias;
            rv[i] = crR * (i - 128);
            gu[i] = cbG * (i - 128);
            gv[i] = crG * (i - 128);
            bu[i] = cbB * (i - 128);
        }
        double yRange = fullRange ? 255.0 : 219.0, cRange = fullRange ? 255.0 : 224.0;
        yr = fix(kr * yRange / 255); yg = fix(kg * yRange / 255); yb = fix(kb * yRange / 255);
        double cbScale = cRange / 255 / (2 * (1 - kb)), crScale = cRange / 255 / (2 * (1 - kr));
        ur = fix(-kr * cbScale); ug = fix(-kg * cbScale); ub = fix((1 - kb) * cbScale);
        vr = fix((1 - kr) * crScale); vg = fix(-kg * crScale); vb = fix(-kb * crScale);
        yOffset = y0;
    }

    private static int fix(double v) { return (int) Math.round(v * ONE); }

    public boolean fullRange() { return fullRange; }

    private static int clamp8(int v) { return v < 0 ? 0 : Math.min(v, 255); }

    /**
     * Writes {@code w x h} RGB24 pixels to {@code dst[dstOff..]} from planes stored in
     * {@code src}: luma at {@code yOff} (stride {@code w}), chroma U then V at {@code uOff},
     * {@code vOff} with stride {@code cw}; {@code sx}, {@code sy} are the chroma subsampling shifts.
     */
    public void toRgb(byte[] src, int yOff, int uOff, int vOff, int w, int h, int cw, int sx, int sy,
                      byte[] dst, int dstOff) {
        toRgb(src, yOff, uOff, vOff, w, h, cw, sx, sy, dst, dstOff, JpegYcc.VECTOR_OK);
    }

    /** {@link #toRgb}, with the vector loop ({@code simd}) or the scalar twin alone. */
    void toRgb(byte[] src, int yOff, int uOff, int vOff, int w, int h, int cw, int sx, int sy,
               byte[] dst, int dstOff, boolean simd) {
        int d = dstOff, end = dstOff + 3 * w * h;
        boolean vector = simd && JpegYcc.VECTOR_OK && sx <= 1;
        int lanes = JpegYcc.PIXELS;
        for (int row = 0; row < h; row++) {
            int yRow = yOff + row * w;
            int cRow = (row >> sy) * cw;
            int col = 0;
            if (vector) {
                // Stores run past the row into rows written later, never past the frame; loads
                // stay inside src; the scalar loop finishes what is left.
                for (; col + lanes <= w && d + JpegYcc.STORE_BYTES <= end && yRow + col + lanes <= src.length
                        && uOff + cRow + (col >> sx) + lanes <= src.length && vOff + cRow + (col >> sx) + lanes <= src.length;
                     col += lanes, d += 3 * lanes) {
                    IntVector y = JpegYcc.widen(src, yRow + col).mul(ys).add(yBias);
                    IntVector u = chroma(src, uOff + cRow + (col >> sx), sx).sub(128);
                    IntVector v = chroma(src, vOff + cRow + (col >> sx), sx).sub(128);
                    JpegYcc.storeRgb(clamp(y.add(v.mul(crR)).lanewise(VectorOperators.ASHR, 16)),
                            clamp(y.add(u.mul(cbG)).add(v.mul(crG)).lanewise(VectorOperators.ASHR, 16)),
                            clamp(y.add(u.mul(cbB)).lanewise(VectorOperators.ASHR, 16)), dst, d);
                }
            }
            for (; col < w; col++) {
                int ci = cRow + (col >> sx);
                int u = src[uOff + ci] & 0xFF, v = src[vOff + ci] & 0xFF;
                int yy = yTab[src[yRow + col] & 0xFF];
                dst[d] = (byte) clamp8((yy + rv[v]) >> 16);
                dst[d + 1] = (byte) clamp8((yy + gu[u] + gv[v]) >> 16);
                dst[d + 2] = (byte) clamp8((yy + bu[u]) >> 16);
                d += 3;
            }
        }
    }

    /** Chroma for one vector step: each byte twice when horizontally subsampled. */
    private static IntVector chroma(byte[] src, int at, int sx) {
        if (sx == 0) return JpegYcc.widen(src, at);
        return JpegYcc.widen(src, at, PAIRS);
    }

    private static final jdk.incubator.vector.VectorShuffle<Byte> PAIRS = JpegYcc.VECTOR_OK
            ? jdk.incubator.vector.VectorShuffle.fromOp(JpegYcc.ROW, i -> i / 2) : null;

    private static IntVector clamp(IntVector v) { return v.max(0).min(255); }

    /** Writes {@code w x h} gray RGB24 pixels from a luma plane alone (Y4M "mono"). */
    public void grayToRgb(byte[] src, int yOff, int w, int h, byte[] dst, int dstOff) {
        int d = dstOff;
        for (int i = 0; i < w * h; i++) {
            byte g = (byte) clamp8(yTab[src[yOff + i] & 0xFF] >> 16);
            dst[d] = g; dst[d + 1] = g; dst[d + 2] = g;
            d += 3;
        }
    }

    /**
     * Converts RGB24 to planes Y ({@code w x h}), U and V ({@code cw x ch}, where
     * {@code cw = (w + (1<<sx) - 1) >> sx}), averaging each chroma block of RGB before conversion.
     */
    public void fromRgb(byte[] rgb, int rgbOff, int w, int h, int sx, int sy, byte[] y, byte[] u, byte[] v) {
        int yBias = yOffset * ONE + ONE / 2;
        for (int i = 0, p = rgbOff; i < w * h; i++, p += 3) {
            int r = rgb[p] & 0xFF, g = rgb[p + 1] & 0xFF, b = rgb[p + 2] & 0xFF;
            y[i] = (byte) clamp8((yr * r + yg * g + yb * b + yBias) >> 16);
        }
        int cw = (w + (1 << sx) - 1) >> sx, ch = (h + (1 << sy) - 1) >> sy;
        int cBias = 128 * ONE + ONE / 2;
        for (int cy = 0; cy < ch; cy++) {
            for (int cx = 0; cx < cw; cx++) {
                int rs = 0, gs = 0, bs = 0, n = 0;
                for (int yy = cy << sy; yy < Math.min(h, (cy + 1) << sy); yy++) {
                    for (int xx = cx << sx; xx < Math.min(w, (cx + 1) << sx); xx++) {
                        int p = rgbOff + (yy * w + xx) * 3;
                        rs += rgb[p] & 0xFF; gs += rgb[p + 1] & 0xFF; bs += rgb[p + 2] & 0xFF;
                        n++;
                    }
                }
                // Average first, in fixed point, so a block of one colour keeps that colour exactly.
                long uu = ((long) ur * rs + (long) ug * gs + (long) ub * bs) / n;
                long vv = ((long) vr * rs + (long) vg * gs + (long) vb * bs) / n;
                u[cy * cw + cx] = (byte) clamp8((int) ((uu + cBias) >> 16));
                v[cy * cw + cx] = (byte) clamp8((int) ((vv + cBias) >> 16));
            }
        }
    }
}
