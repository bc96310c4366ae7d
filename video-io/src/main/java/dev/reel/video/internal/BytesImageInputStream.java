package dev.reel.video.internal;

import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An {@link javax.imageio.stream.ImageInputStream} over {@code data[0..length)}, read in place:
 * ImageIO's own streams over a byte array copy it into a cache of 8 KiB blocks first.
 */
final class BytesImageInputStream extends ImageInputStreamImpl {
    private final byte[] data;
    private final int length;

    BytesImageInputStream(byte[] data, int length) {
        this.data = data;
        this.length = length;
    }

    @Override
    public int read() {
        bitOffset = 0;
        if (streamPos >= length) return -1;
        return data[(int) streamPos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        bitOffset = 0;
        if (len == 0) return 0;
        if (streamPos >= length) return -1;
        int n = (int) Math.min(len, length - streamPos);
        System.arraycopy(data, (int) streamPos, b, off, n);
        streamPos += n;
        return n;
    }

    @Override
    public long length() { return length; }
}
