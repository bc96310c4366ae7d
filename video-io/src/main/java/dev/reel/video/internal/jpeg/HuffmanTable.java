package dev.reel.video.internal.jpeg;

/**
 * One Huffman table of a DHT segment, ready for decoding (JPEG F.2.2.3). Codes of up to
 * {@value #LOOKAHEAD} bits are found with one table look-up on the next {@value #LOOKAHEAD} bits
 * of the stream ({@link #fast}); longer ones walk the canonical code lengths ({@link #maxCode},
 * {@link #valueOffset}) as libjpeg's slow path does.
 *
 * <p>For AC tables {@link #fastAc} goes one step further (as stb_image does): where a code and
 * the magnitude bits that follow it fit in the look-ahead, the entry holds the decoded
 * coefficient, its run of zeros and the total bit count, so a typical coefficient costs one
 * look-up and one shift.
 */
final class HuffmanTable {
    /** Bits looked at once; codes up to this length take the fast path. */
    static final int LOOKAHEAD = 9;

    /** {@code fast[peek]}: {@code length << 8 | symbol}, or 0 where the code is longer. */
    final int[] fast = new int[1 << LOOKAHEAD];
    /**
     * {@code fastAc[peek]}: {@code value << 16 | run << 8 | totalBits} for a non-zero AC coefficient
     * whose code and magnitude fit in the look-ahead, else 0.
     */
    final int[] fastAc = new int[1 << LOOKAHEAD];
    /** Largest code of each length (1..16), -1 where that length has none; [17] is a sentinel. */
    final int[] maxCode = new int[18];
    /** Index into {@link #values} of the first code of each length, minus that code. */
    final int[] valueOffset = new int[17];
    final int[] values = new int[256];
    boolean defined;

    /**
     * Builds the table from the 16 code counts and the symbols, as they appear in a DHT segment.
     *
     * @return null if fine, else what is wrong with the table
     */
    String build(int[] counts, int[] symbols, int nSymbols, boolean dc) {
        java.util.Arrays.fill(fast, 0);
        java.util.Arrays.fill(fastAc, 0);
        for (int i = 0; i < nSymbols; i++) {
            values[i] = symbols[i];
            // DC symbols are magnitude categories; beyond 15 a difference has no meaning (libjpeg agrees).
            if (dc && symbols[i] > 15) return "DC symbol " + symbols[i] + " > 15";
        }
        int code = 0, k = 0;
        for (int len = 1; len <= 16; len++) {
            int n = counts[len - 1];
            valueOffset[len] = k - code;
            if (n > 0) {
                for (int i = 0; i < n; i++, code++, k++) {
                    // Canonical codes of one length must fit in that many bits (JPEG C.2, libjpeg's check).
                    if (code >= (1 << len)) return "code lengths over-subscribed at " + len + " bits";
                    if (len <= LOOKAHEAD) {
                        int shift = LOOKAHEAD - len;
                        int entry = len << 8 | values[k];
                        for (int j = code << shift, e = (code + 1) << shift; j < e; j++) fast[j] = entry;
                    }
                }
                maxCode[len] = code - 1;
            } else {
                maxCode[len] = -1;
            }
            code <<= 1;
        }
        maxCode[17] = Integer.MAX_VALUE;
        if (!dc) buildFastAc();
        defined = true;
        return null;
    }

    private void buildFastAc() {
        for (int peek = 0; peek < fast.length; peek++) {
            int e = fast[peek];
            if (e == 0) continue;
            int len = e >> 8, rs = e & 0xFF, run = rs >> 4, size = rs & 15;
            if (size == 0 || len + size > LOOKAHEAD) continue;
            int bits = (peek >> (LOOKAHEAD - len - size)) & ((1 << size) - 1);
            int value = bits < (1 << (size - 1)) ? bits - (1 << size) + 1 : bits;
            fastAc[peek] = value << 16 | run << 8 | (len + size);
        }
    }
}
