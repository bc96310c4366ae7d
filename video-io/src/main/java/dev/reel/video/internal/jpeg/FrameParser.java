package dev.reel.video.internal.jpeg;

import dev.reel.video.internal.JpegCodec;

/**
 * Walks the markers of one JPEG frame (JPEG B.2) and decodes its scans into the components'
 * planes: SOI, APPn (JFIF, Exif and Adobe tell the colour space), DQT (8- and 16-bit), DHT,
 * SOF0/SOF1 (8-bit baseline and extended sequential Huffman), DRI, SOS with its entropy-coded
 * data and restart markers, EOI. A frame whose first scan comes without any DHT segment uses
 * the standard tables of JPEG Annex K.3, as the AVI1 MJPEG format prescribes.
 *
 * <p>Every length, table id, component id and sampling factor is checked against the data and
 * the JPEG limits; what is wrong becomes a {@link JpegDataException} naming it and its offset.
 * Frames of a kind this decoder does not handle (progressive, arithmetic coding, lossless,
 * 12-bit, other than 1 or 3 components, a colour space other than Y'CbCr or gray) are
 * recognised from their SOF or APPn segments before any pixel is written: {@link #parse}
 * returns {@link #OTHER} and the caller hands the frame to ImageIO.
 */
final class FrameParser {
    /** {@link #parse} results: what the frame's components hold. */
    static final int OTHER = 0, GRAY = 1, YCC = 3;

    private static final HuffmanTable[] STANDARD = standardTables();

    final Component[] comps = {new Component(), new Component(), new Component(), new Component()};
    int nComps, width, height, hMax, vMax, mcusX, mcusY;

    private final int[][] quant = new int[4][64];
    private final boolean[] quantDefined = new boolean[4];
    /** Tables in use (DC 0..3, AC 0..3), either this decoder's own or the shared standard ones. */
    private final HuffmanTable[] dc = new HuffmanTable[4], ac = new HuffmanTable[4];
    private final HuffmanTable[] ownDc = new HuffmanTable[4], ownAc = new HuffmanTable[4];
    private final Component[] scanComps = new Component[4];
    private final ScanDecoder scan = new ScanDecoder();
    private final int[] counts = new int[16], symbols = new int[256];
    private byte[] data;
    private int end;

    FrameParser() {
        for (int i = 0; i < 4; i++) { ownDc[i] = new HuffmanTable(); ownAc[i] = new HuffmanTable(); }
    }

    /**
     * Parses and decodes {@code data[0..length)}, which the stream says is {@code w x h}.
     *
     * @return {@link #YCC} or {@link #GRAY} when the planes now hold the frame, {@link #OTHER} when
     *         the frame is of a kind for ImageIO (nothing decoded)
     */
    int parse(byte[] data, int length, int w, int h) throws JpegDataException {
        this.data = data;
        this.end = length;
        java.util.Arrays.fill(quantDefined, false);
        java.util.Arrays.fill(dc, null);
        java.util.Arrays.fill(ac, null);
        boolean dhtSeen = false, frameSeen = false, jfif = false, adobe = false;
        int transform = -1, restartInterval = 0, scans = 0;
        if (length < 2 || u8(0) != 0xFF || u8(1) != 0xD8) throw new JpegDataException("no SOI marker (FFD8) at the start of the frame");
        int p = 2;
        while (true) {
            // Markers may be preceded by any number of 0xFF fill bytes (B.1.1.2).
            if (p >= length) {
                if (scans > 0) return complete(colour(jfif, adobe, transform)); // a missing EOI loses nothing
                throw new JpegDataException("frame ends at byte " + p + " before its first scan");
            }
            if (u8(p) != 0xFF) throw new JpegDataException(String.format("expected a marker at byte %d, found %02X", p, u8(p)));
            while (p < length && u8(p) == 0xFF) p++;
            if (p >= length) throw new JpegDataException("frame ends inside a marker at byte " + p);
            int marker = u8(p++);
            if (marker == 0xD9) {
                if (scans == 0) throw new JpegDataException("EOI at byte " + (p - 2) + " before any scan");
                return complete(colour(jfif, adobe, transform));
            }
            if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01 || marker == 0x00) {
                throw new JpegDataException("unexpected " + BitReader.markerName(marker) + " at byte " + (p - 2));
            }
            if (p + 2 > length) throw new JpegDataException("frame ends inside the length of " + BitReader.markerName(marker) + " at byte " + p);
            int len = u16(p);
            if (len < 2 || p + len > length) {
                throw new JpegDataException(BitReader.markerName(marker) + " segment at byte " + (p - 2) + " has length " + len
                        + ", the frame has " + (length - p) + " bytes left");
            }
            int s = p + 2, e = p + len;  // the segment's payload
            switch (marker) {
                case 0xDB -> readDqt(s, e);
                case 0xC4 -> { readDht(s, e); dhtSeen = true; }
                case 0xDD -> {
                    if (len != 4) throw new JpegDataException("DRI segment at byte " + (p - 2) + " has length " + len + ", not 4");
                    restartInterval = u16(s);
                }
                case 0xC0, 0xC1 -> {
                    if (frameSeen) throw new JpegDataException("second SOF marker at byte " + (p - 2));
                    frameSeen = true;
                    if (!readSof(s, e, w, h)) return OTHER;
                    int c = colour(jfif, adobe, transform);
                    if (c == OTHER) return OTHER;
                }
                case 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF -> {
                    return OTHER;  // progressive, lossless, hierarchical or arithmetic-coded: ImageIO
                }
                case 0xDA -> {
                    if (!frameSeen) throw new JpegDataException("SOS at byte " + (p - 2) + " before any SOF");
                    if (!dhtSeen && scans == 0) {
                        // AVI1 MJPEG: frames without DHT use the standard tables of Annex K.3.
                        dc[0] = STANDARD[0]; ac[0] = STANDARD[1]; dc[1] = STANDARD[2]; ac[1] = STANDARD[3];
                    }
                    int n = readSos(s, e, p - 2);
                    e = scan.decode(data, e, length, scanComps, n, mcusX, mcusY, restartInterval);
                    scans++;
                }
                case 0xE0 -> jfif |= startsWith(s, e, "JFIF\0");
                case 0xE1 -> jfif |= startsWith(s, e, "Exif\0");
                case 0xEE -> {
                    if (startsWith(s, e, "Adobe") && e - s >= 12) {
                        adobe = true;
                        transform = u8(s + 11);
                    }
                }
                default -> { } // other APPn, COM, DNL-free extensions: skipped
            }
            p = e;
        }
    }

    /**
     * The colour space, decided as {@code JpegCodec.rawColour} decides it for the ImageIO path:
     * gray for one component; Y'CbCr for three with a JFIF or Exif marker and no Adobe marker,
     * or an Adobe marker saying transform 1; anything else goes to ImageIO.
     */
    private int colour(boolean jfif, boolean adobe, int transform) {
        if (nComps == 1) return GRAY;
        if (nComps == 3 && ((jfif && !adobe) || (adobe && transform == 1))) return YCC;
        return OTHER;
    }

    private void readDqt(int s, int e) throws JpegDataException {
        while (s < e) {
            int pq = u8(s) >> 4, tq = u8(s) & 15;
            if (pq > 1 || tq > 3) throw new JpegDataException("DQT at byte " + s + ": precision " + pq + " / table id " + tq + " (need 0..1 / 0..3)");
            int need = 1 + (pq == 0 ? 64 : 128);
            if (s + need > e) throw new JpegDataException("DQT table " + tq + " at byte " + s + " runs past its segment");
            for (int k = 0; k < 64; k++) quant[tq][k] = pq == 0 ? u8(s + 1 + k) : u16(s + 1 + 2 * k);
            quantDefined[tq] = true;
            s += need;
        }
    }

    private void readDht(int s, int e) throws JpegDataException {
        while (s < e) {
            int tc = u8(s) >> 4, th = u8(s) & 15;
            if (tc > 1 || th > 3) throw new JpegDataException("DHT at byte " + s + ": class " + tc + " / table id " + th + " (need 0..1 / 0..3)");
            if (s + 17 > e) throw new JpegDataException("DHT table at byte " + s + " runs past its segment");
            int n = 0;
            for (int i = 0; i < 16; i++) n += counts[i] = u8(s + 1 + i);
            if (n > 256 || s + 17 + n > e) throw new JpegDataException("DHT table at byte " + s + " has " + n + " symbols, more than its segment or 256");
            for (int i = 0; i < n; i++) symbols[i] = u8(s + 17 + i);
            HuffmanTable t = tc == 0 ? ownDc[th] : ownAc[th];
            String bad = t.build(counts, symbols, n, tc == 0);
            if (bad != null) throw new JpegDataException("DHT " + (tc == 0 ? "DC" : "AC") + " table " + th + " at byte " + s + ": " + bad);
            if (tc == 0) dc[th] = t; else ac[th] = t;
            s += 17 + n;
        }
    }

    /** @return false when the frame is not 8-bit with 1 or 3 components (ImageIO's job) */
    private boolean readSof(int s, int e, int w, int h) throws JpegDataException {
        if (e - s < 6) throw new JpegDataException("SOF segment at byte " + s + " is too short");
        int precision = u8(s), hh = u16(s + 1), ww = u16(s + 3), n = u8(s + 5);
        if (ww == 0 || hh == 0) throw new JpegDataException("SOF says the frame is " + ww + "x" + hh + " (a zero size; DNL is not supported)");
        if (n == 0 || n > 4) throw new JpegDataException("SOF declares " + n + " components (need 1..4)");
        if (e - s != 6 + 3 * n) throw new JpegDataException("SOF segment of " + (e - s + 2) + " bytes for " + n + " components (need " + (8 + 3 * n) + ")");
        if (ww != w || hh != h) throw new JpegDataException("JPEG frame is " + ww + "x" + hh + ", the stream says " + w + "x" + h);
        if (precision != 8 || (n != 1 && n != 3)) return false;
        width = ww;
        height = hh;
        nComps = n;
        hMax = 1;
        vMax = 1;
        for (int i = 0; i < n; i++) {
            Component c = comps[i];
            int at = s + 6 + 3 * i;
            c.id = u8(at);
            c.h = u8(at + 1) >> 4;
            c.v = u8(at + 1) & 15;
            c.quantTable = u8(at + 2);
            if (c.h < 1 || c.h > 4 || c.v < 1 || c.v > 4) throw new JpegDataException("component " + c.id + " has sampling factors " + c.h + "x" + c.v + " (need 1..4)");
            if (c.quantTable > 3) throw new JpegDataException("component " + c.id + " uses quantisation table " + c.quantTable + " (need 0..3)");
            for (int j = 0; j < i; j++) if (comps[j].id == c.id) throw new JpegDataException("component id " + c.id + " appears twice in SOF");
            hMax = Math.max(hMax, c.h);
            vMax = Math.max(vMax, c.v);
        }
        int blocks = 0;
        for (int i = 0; i < n; i++) {
            Component c = comps[i];
            if (hMax % c.h != 0 || vMax % c.v != 0) {
                throw new JpegDataException("component " + c.id + " sampling " + c.h + "x" + c.v + " does not divide the largest, " + hMax + "x" + vMax);
            }
            blocks += c.h * c.v;
        }
        if (n > 1 && blocks > 10) throw new JpegDataException("an MCU of " + blocks + " blocks (JPEG allows 10)");
        mcusX = (width + 8 * hMax - 1) / (8 * hMax);
        mcusY = (height + 8 * vMax - 1) / (8 * vMax);
        for (int i = 0; i < n; i++) {
            Component c = comps[i];
            c.width = (width * c.h + hMax - 1) / hMax;
            c.height = (height * c.v + vMax - 1) / vMax;
            c.layout(mcusX, mcusY);
        }
        return true;
    }

    /** Reads a scan header into {@link #scanComps}; returns the number of components in the scan. */
    private int readSos(int s, int e, int at) throws JpegDataException {
        if (e - s < 1) throw new JpegDataException("SOS segment at byte " + at + " is empty");
        int n = u8(s);
        if (n < 1 || n > nComps || e - s != 4 + 2 * n) {
            throw new JpegDataException("SOS at byte " + at + " lists " + n + " components in " + (e - s + 2) + " bytes (frame has " + nComps + ")");
        }
        int blocks = 0;
        for (int i = 0; i < n; i++) {
            int id = u8(s + 1 + 2 * i), tables = u8(s + 2 + 2 * i);
            Component c = null;
            for (int j = 0; j < nComps; j++) if (comps[j].id == id) c = comps[j];
            if (c == null) throw new JpegDataException("SOS at byte " + at + " names component id " + id + ", not in SOF");
            for (int j = 0; j < i; j++) if (scanComps[j] == c) throw new JpegDataException("SOS at byte " + at + " names component id " + id + " twice");
            int td = tables >> 4, ta = tables & 15;
            if (td > 3 || ta > 3 || dc[td] == null || ac[ta] == null) {
                throw new JpegDataException("component " + id + " uses Huffman tables DC " + td + " / AC " + ta + ", not defined by any DHT before the scan at byte " + at);
            }
            if (!c.latched) {
                // libjpeg latches a component's quantisation table when its first scan starts.
                if (!quantDefined[c.quantTable]) {
                    throw new JpegDataException("component " + id + " uses quantisation table " + c.quantTable + ", not defined by any DQT before the scan at byte " + at);
                }
                for (int k = 0; k < 64; k++) c.quant[k] = quant[c.quantTable][k];
                c.latched = true;
            }
            c.dc = dc[td];
            c.ac = ac[ta];
            c.scanned = true;
            scanComps[i] = c;
            blocks += c.h * c.v;
        }
        if (n > 1 && blocks > 10) throw new JpegDataException("SOS at byte " + at + ": an MCU of " + blocks + " blocks (JPEG allows 10)");
        int ss = u8(s + 1 + 2 * n), se = u8(s + 2 + 2 * n), a = u8(s + 3 + 2 * n);
        if (ss != 0 || se != 63 || a != 0) throw new JpegDataException("SOS at byte " + at + ": spectral selection " + ss + ".." + se + ", approximation " + a + " (a sequential scan needs 0..63, 0)");
        return n;
    }

    /** Checks after the last scan that every component was coded; returns {@code colour}. */
    private int complete(int colour) throws JpegDataException {
        for (int i = 0; i < nComps; i++) {
            if (!comps[i].scanned) throw new JpegDataException("component " + comps[i].id + " is in no scan");
        }
        return colour;
    }

    private int u8(int at) { return data[at] & 0xFF; }

    private int u16(int at) { return (data[at] & 0xFF) << 8 | (data[at + 1] & 0xFF); }

    private boolean startsWith(int s, int e, String magic) {
        if (e - s < magic.length()) return false;
        for (int k = 0; k < magic.length(); k++) if (data[s + k] != magic.charAt(k)) return false;
        return true;
    }

    private static HuffmanTable[] standardTables() {
        byte[] seg = JpegCodec.standardHuffmanSegment();
        HuffmanTable[] t = new HuffmanTable[4];  // DC 0, AC 0, DC 1, AC 1, in the segment's order
        int s = 4, k = 0;
        int[] counts = new int[16], symbols = new int[256];
        while (s < seg.length) {
            int tc = seg[s] >> 4;
            int n = 0;
            for (int i = 0; i < 16; i++) n += counts[i] = seg[s + 1 + i] & 0xFF;
            for (int i = 0; i < n; i++) symbols[i] = seg[s + 17 + i] & 0xFF;
            t[k] = new HuffmanTable();
            String bad = t[k].build(counts, symbols, n, tc == 0);
            if (bad != null) throw new IllegalStateException("standard Huffman table " + k + ": " + bad);
            k++;
            s += 17 + n;
        }
        return t;
    }
}
