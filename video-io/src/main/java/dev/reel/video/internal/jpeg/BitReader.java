package dev.reel.video.internal.jpeg;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The entropy-coded bits of a scan, most significant first, from a {@code byte[]} (JPEG F.2.2.5).
 * The buffer is a {@code long} holding {@link #count} valid bits at its top. Refilling takes
 * eight bytes at once where none of them is 0xFF (the common case), else goes byte by byte,
 * turning a stuffed {@code FF 00} into one 0xFF and stopping in front of a marker. Past a
 * marker or the end of the data it appends zero bits, as libjpeg does, and counts them, so a scan
 * that reads into them is reported as truncated ({@link #overran}) rather than decoded from
 * invented data.
 */
final class BitReader {
    private static final VarHandle BIG_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] data;
    /** Next byte to load, and the end of the frame's data. */
    int pos, end;
    /** Valid bits at the top of {@link #bits}. */
    long bits;
    int count;
    /** Zero bits appended past a marker or the end of the data, since the last restart. */
    int padding;

    void start(byte[] data, int pos, int end) {
        this.data = data;
        this.pos = pos;
        this.end = end;
        bits = 0;
        count = 0;
        padding = 0;
    }

    /** Tops the buffer up to at least 57 bits. */
    void fill() {
        if (count > 56) return;
        if (padding == 0 && pos + 8 <= end) {
            long w = (long) BIG_ENDIAN_LONG.get(data, pos);
            // A byte of w is 0xFF exactly when the same byte of ~w is zero (the classic zero-byte test).
            long inv = ~w;
            if (((inv - 0x0101010101010101L) & w & 0x8080808080808080L) == 0) {
                int n = (64 - count) >>> 3;   // whole bytes that fit
                bits |= (w >>> (64 - 8 * n)) << (64 - count - 8 * n);
                count += 8 * n;
                pos += n;
                return;
            }
        }
        slowFill();
    }

    private void slowFill() {
        while (count <= 56) {
            int b = 0;
            if (padding == 0 && pos < end) {
                b = data[pos] & 0xFF;
                if (b != 0xFF) {
                    pos++;
                } else {
                    // FF (FF)* 00 is a data byte 0xFF; FF followed by anything else starts a marker.
                    int p = pos + 1;
                    while (p < end && data[p] == (byte) 0xFF) p++;
                    if (p < end && data[p] == 0) {
                        pos = p + 1;
                    } else {
                        b = 0;
                        padding += 8;
                    }
                }
            } else {
                padding += 8;
            }
            bits |= (long) b << (56 - count);
            count += 8;
        }
    }

    /** Whether the decoder has consumed bits that were not in the data. */
    boolean overran() { return count < padding; }

    /** Reads the next Huffman-coded symbol. The caller has made sure that {@code count >= 16}. */
    int decode(HuffmanTable t) throws JpegDataException {
        int e = t.fast[(int) (bits >>> (64 - HuffmanTable.LOOKAHEAD))];
        if (e != 0) {
            int len = e >> 8;
            bits <<= len;
            count -= len;
            return e & 0xFF;
        }
        return decodeLong(t);
    }

    /** Codes longer than the look-ahead: compare with the largest code of each length. */
    private int decodeLong(HuffmanTable t) throws JpegDataException {
        int code16 = (int) (bits >>> 48);
        for (int len = HuffmanTable.LOOKAHEAD + 1; len <= 16; len++) {
            int code = code16 >>> (16 - len);
            if (code <= t.maxCode[len]) {
                bits <<= len;
                count -= len;
                return t.values[t.valueOffset[len] + code];
            }
        }
        throw new JpegDataException("bad Huffman code near byte " + pos + " of the entropy-coded data");
    }

    /**
     * Reads {@code s} (0..16) magnitude bits and extends them to a signed value (JPEG F.2.2.1:
     * a leading 0 bit means negative). The caller has made sure that {@code count >= s}.
     */
    int receiveExtend(int s) {
        if (s == 0) return 0;
        int v = (int) (bits >>> (64 - s));
        bits <<= s;
        count -= s;
        return v < (1 << (s - 1)) ? v - (1 << s) + 1 : v;
    }

    /**
     * Ends a restart interval: the bits left are the padding of the last byte, then marker
     * {@code RSTn} must follow; it is consumed and the bit buffer starts afresh.
     */
    void restart(int n) throws JpegDataException {
        if (overran()) throw new JpegDataException("entropy-coded data ends before restart interval " + n + " is complete, at byte " + pos);
        int unread = count - padding;
        if (unread >= 8) throw new JpegDataException((unread >> 3) + " stray bytes before restart marker RST" + (n & 7) + " near byte " + pos);
        int p = pos;
        while (p < end && data[p] == (byte) 0xFF) p++;
        if (p == pos || p >= end) throw new JpegDataException("expected restart marker RST" + (n & 7) + " at byte " + pos + ", found " + describe(pos));
        int marker = data[p] & 0xFF;
        if (marker != 0xD0 + (n & 7)) {
            throw new JpegDataException("restart marker out of order at byte " + (p - 1) + ": expected RST" + (n & 7) + ", found " + markerName(marker));
        }
        start(data, p + 1, end);
    }

    /**
     * Ends the scan: returns the offset of the marker that follows it. Whole bytes left unread
     * before it mean damaged data.
     */
    int finish() throws JpegDataException {
        if (overran()) throw new JpegDataException("entropy-coded data ends before the last block of the scan (truncated frame), at byte " + pos);
        int unread = count - padding;
        if (unread >= 8) throw new JpegDataException((unread >> 3) + " stray bytes after the last block of the scan, before byte " + pos);
        return pos;
    }

    private String describe(int p) {
        return p >= end ? "the end of the data" : p + 1 < end ? String.format("bytes %02X %02X", data[p] & 0xFF, data[p + 1] & 0xFF) : "a lone byte";
    }

    static String markerName(int m) {
        if (m >= 0xD0 && m <= 0xD7) return "RST" + (m - 0xD0);
        return String.format("marker FF%02X", m);
    }
}
