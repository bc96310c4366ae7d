package dev.reel.video.internal;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/** Copies between {@link BufferedImage}s and RGB24 arrays, with fast paths for byte rasters. */
public final class RgbImages {
    private RgbImages() {}

    /** Writes the image's pixels as RGB24 into {@code dst[off..]} (alpha dropped, gray expanded). */
    public static void toRgb(BufferedImage img, byte[] dst, int off) {
        int w = img.getWidth(), h = img.getHeight();
        int type = img.getType();
        if (type == BufferedImage.TYPE_3BYTE_BGR || type == BufferedImage.TYPE_4BYTE_ABGR
                || type == BufferedImage.TYPE_BYTE_GRAY) {
            byte[] src = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            int n = w * h;
            switch (type) {
                case BufferedImage.TYPE_3BYTE_BGR -> {
                    for (int i = 0, s = 0, d = off; i < n; i++, s += 3, d += 3) {
                        dst[d] = src[s + 2]; dst[d + 1] = src[s + 1]; dst[d + 2] = src[s];
                    }
                }
                case BufferedImage.TYPE_4BYTE_ABGR -> {
                    for (int i = 0, s = 0, d = off; i < n; i++, s += 4, d += 3) {
                        dst[d] = src[s + 3]; dst[d + 1] = src[s + 2]; dst[d + 2] = src[s + 1];
                    }
                }
                default -> {
                    for (int i = 0, d = off; i < n; i++, d += 3) {
                        byte g = src[i];
                        dst[d] = g; dst[d + 1] = g; dst[d + 2] = g;
                    }
                }
            }
            return;
        }
        // Any other layout (indexed, 16-bit, packed ints): let Java2D convert, row by row.
        int[] row = new int[w];
        for (int y = 0, d = off; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++, d += 3) {
                int p = row[x];
                dst[d] = (byte) (p >> 16); dst[d + 1] = (byte) (p >> 8); dst[d + 2] = (byte) p;
            }
        }
    }

    /**
     * Scatters {@code n} RGB24 pixels from {@code rgb[0..]} into planes: red at {@code dst[r..]},
     * green at {@code dst[r + plane..]}, blue at {@code dst[r + 2 * plane..]}.
     */
    public static void toPlanes(byte[] rgb, int n, byte[] dst, int r, int plane) {
        for (int i = 0, s = 0; i < n; i++, s += 3) {
            dst[r + i] = rgb[s];
            dst[r + plane + i] = rgb[s + 1];
            dst[r + 2 * plane + i] = rgb[s + 2];
        }
    }

    /** A new TYPE_3BYTE_BGR image holding {@code w x h} RGB24 pixels from {@code src[off..]}. */
    public static BufferedImage fromRgb(byte[] src, int off, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        for (int i = 0, s = off, d = 0; i < w * h; i++, s += 3, d += 3) {
            dst[d] = src[s + 2]; dst[d + 1] = src[s + 1]; dst[d + 2] = src[s];
        }
        return img;
    }
}
