package dev.reel.video.internal.jpeg;

/**
 * Decodes the entropy-coded data of one baseline scan (JPEG F.2): for each MCU, for each
 * block of each component in it, the DC difference and the run-length coded AC coefficients
 * through the scan's Huffman tables, dequantised into natural order and transformed by
 * {@link Idct} straight into the component's plane. Restart markers are checked and consumed
 * every {@code restartInterval} MCUs. One instance per decoder: its block and scratch are reused.
 */
final class ScanDecoder {
    /** Zig-zag index to natural (row-major) index, JPEG figure A.6. */
    static final int[] NATURAL = {
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
        12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
        35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
        58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63};

    private final BitReader in = new BitReader();
    private final float[] block = new float[64];
    private final float[] ws = new float[128];

    /**
     * Decodes the scan over {@code comps} whose data starts at {@code data[pos]}; returns the
     * offset of the marker after it.
     */
    int decode(byte[] data, int pos, int end, Component[] comps, int nComps, int mcusX, int mcusY,
               int restartInterval) throws JpegDataException {
        in.start(data, pos, end);
        for (int i = 0; i < nComps; i++) comps[i].prediction = 0;
        int bx, by; // the scan's size in MCUs
        if (nComps == 1) {
            // A non-interleaved scan covers the component's own blocks, one block per MCU (A.2.2).
            Component c = comps[0];
            bx = (c.width + 7) >> 3;
            by = (c.height + 7) >> 3;
        } else {
            bx = mcusX;
            by = mcusY;
        }
        int mcu = 0, restarts = 0;
        for (int my = 0; my < by; my++) {
            for (int mx = 0; mx < bx; mx++, mcu++) {
                if (restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0) {
                    in.restart(restarts++);
                    for (int i = 0; i < nComps; i++) comps[i].prediction = 0;
                }
                if (nComps == 1) {
                    Component c = comps[0];
                    decodeBlock(c, c.plane, (my * 8) * c.stride + mx * 8, c.stride);
                } else {
                    for (int i = 0; i < nComps; i++) {
                        Component c = comps[i];
                        int row0 = my * c.v * 8, col0 = mx * c.h * 8;
                        for (int v = 0; v < c.v; v++) {
                            for (int h = 0; h < c.h; h++) {
                                decodeBlock(c, c.plane, (row0 + v * 8) * c.stride + col0 + h * 8, c.stride);
                            }
                        }
                    }
                }
                if (in.overran()) {
                    throw new JpegDataException("entropy-coded data ends in MCU " + mcu + " of " + (bx * by) + " (truncated or damaged frame), at byte " + in.pos);
                }
            }
        }
        return in.finish();
    }

    /** One block: Huffman decoding, dequantisation, inverse DCT into {@code out[at..]}. */
    private void decodeBlock(Component c, byte[] out, int at, int stride) throws JpegDataException {
        BitReader in = this.in;
        float[] block = this.block, q = c.quant;
        HuffmanTable ac = c.ac;
        int[] fastAc = ac.fastAc;
        if (in.count < 32) in.fill();
        int s = in.decode(c.dc);
        c.prediction += in.receiveExtend(s);
        block[0] = c.prediction * q[0];
        int rows = 1, cols = 1;
        for (int k = 1; k < 64; ) {
            if (in.count < 32) in.fill();
            int value;
            int fa = fastAc[(int) (in.bits >>> (64 - HuffmanTable.LOOKAHEAD))];
            if (fa != 0) {
                // code and magnitude bits in one look-up
                int n = fa & 0xFF;
                in.bits <<= n;
                in.count -= n;
                k += (fa >> 8) & 0xFF;
                value = fa >> 16;
            } else {
                int rs = in.decode(ac);
                int r = rs >> 4;
                s = rs & 15;
                if (s == 0) {
                    if (r != 15) break;  // end of block
                    k += 16;             // sixteen zeros
                    continue;
                }
                k += r;
                value = in.receiveExtend(s);
            }
            if (k > 63) throw new JpegDataException("AC coefficient index " + k + " past the end of the block, near byte " + in.pos);
            int n = NATURAL[k];
            block[n] = value * q[k];
            rows |= 1 << (n >> 3);
            cols |= 1 << (n & 7);
            k++;
        }
        Idct.transform(block, rows, cols, ws, out, at, stride);
    }
}
