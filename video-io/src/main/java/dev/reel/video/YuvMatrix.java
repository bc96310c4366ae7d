package dev.reel.video;

/**
 * The matrix that relates Y'CbCr to R'G'B' (ITU-R BT.601 for standard definition, BT.709 for HD),
 * with the range of the stored values: limited ("TV", Y in 16..235) or full ("PC", 0..255).
 *
 * <pre>{@code
 * Video.open(path, Video.Options.DEFAULT.withYuv(YuvMatrix.BT709, false));
 * }</pre>
 */
public enum YuvMatrix {
    BT601(0.299, 0.114),
    BT709(0.2126, 0.0722);

    private final double kr;
    private final double kb;

    YuvMatrix(double kr, double kb) {
        this.kr = kr;
        this.kb = kb;
    }

    /** Red weight of luma. */
    public double kr() { return kr; }

    /** Blue weight of luma. */
    public double kb() { return kb; }

    /** Green weight of luma, {@code 1 - kr - kb}. */
    public double kg() { return 1 - kr - kb; }
}
