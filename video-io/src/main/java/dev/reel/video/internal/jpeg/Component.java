package dev.reel.video.internal.jpeg;

/**
 * One colour component of a frame (JPEG B.2.2): its id and sampling factors from the SOF
 * segment, and the decoder's state for it: the latched quantisation table, the Huffman tables
 * and DC prediction of the current scan, and its plane of decoded samples.
 */
final class Component {
    int id, h, v, quantTable;
    /** Size in samples of the component's own grid (JPEG A.1.1: ceil(X * h / hMax)). */
    int width, height;
    /** The plane, padded to whole MCUs; {@code stride} samples per row. */
    byte[] plane = new byte[0];
    int stride, rows;
    /** Dequantisation factors in zig-zag order, copied when the component's first scan starts. */
    final float[] quant = new float[64];
    boolean latched, scanned;
    HuffmanTable dc, ac;
    int prediction;

    /** Sizes the plane for a frame of {@code mcusX x mcusY} MCUs, reusing the array when large enough. */
    void layout(int mcusX, int mcusY) {
        stride = mcusX * h * 8;
        rows = mcusY * v * 8;
        int n = stride * rows;
        if (plane.length < n) plane = new byte[n];
        latched = false;
        scanned = false;
    }
}
