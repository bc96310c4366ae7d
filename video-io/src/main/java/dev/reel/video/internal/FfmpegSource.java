package dev.reel.video.internal;

import dev.reel.video.Rational;
import dev.reel.video.VideoFormatException;
import dev.reel.video.VideoInfo;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

import java.nio.file.Path;
import java.util.Arrays;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swscale.*;

/**
 * Any video FFmpeg can demux and decode (MP4/MOV, MKV, WebM, AVI, ...; H.264, H.265, VP8, VP9,
 * AV1, MPEG-4, ...), with frame-accurate random access.
 *
 * <p>At open, the packets of the video stream are read once without decoding to learn every
 * frame's presentation timestamp: frame {@code i} is the frame with the {@code i}-th smallest
 * timestamp, so the frame count is exact. The timestamps are kept per process (see
 * {@link TimestampCache}), so reopening a file, as datasets do, reads no packets. Reading frame {@code i} decodes forward when it lies a
 * little ahead of the last decoded frame; otherwise it seeks to the keyframe at or before the
 * frame's timestamp and decodes forward to it, stepping back a keyframe when the demuxer's seek
 * lands past the target (as it can with B-frames). Decoding uses FFmpeg's frame threads.
 */
public final class FfmpegSource implements FrameSource {
    /** Decode forward instead of seeking when the target is at most this many frames ahead. */
    private static final int FORWARD_LIMIT = 48;

    private final Path path;
    private AVFormatContext fmt;
    private AVCodecContext codec;
    private final AVPacket packet;
    private final AVFrame frame;
    private final int stream;
    private final VideoInfo info;
    private final long[] pts;          // presentation timestamps in frame order
    private final long[] keyPts;       // timestamps of keyframes, ascending
    private final double[] times;      // seconds after the first frame, in frame order
    private final double end;          // seconds after the first frame at which the last frame ends
    private SwsContext sws;
    private BytePointer rgb;
    private int lastIndex = -1;        // index of the last frame the decoder returned
    private boolean drained;

    public FfmpegSource(Path path) {
        String why = Ffmpeg.unavailableReason();
        if (why != null) {
            throw new VideoFormatException(path, -1, "FFmpeg's native library could not be loaded (" + why
                    + "); without it Reel still reads " + Ffmpeg.PURE_JAVA_FORMATS);
        }
        this.path = path;
        AVFormatContext f = new AVFormatContext(null);
        int r = avformat_open_input(f, path.toString(), null, null);
        if (r < 0) throw new VideoFormatException(path, -1, "FFmpeg cannot open the file: " + Ffmpeg.error(r));
        this.fmt = f;
        packet = av_packet_alloc();
        frame = av_frame_alloc();
        try {
            r = avformat_find_stream_info(fmt, (PointerPointer<?>) null);
            if (r < 0) throw fail("FFmpeg cannot read stream information: " + Ffmpeg.error(r));
            stream = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
            if (stream < 0) throw fail("no video stream: " + Ffmpeg.error(stream));
            AVStream st = fmt.streams(stream);
            AVCodecParameters par = st.codecpar();
            AVCodec dec = avcodec_find_decoder(par.codec_id());
            if (dec == null) throw new dev.reel.video.UnsupportedVideoException(path, -1, "this FFmpeg build has no decoder for " + Ffmpeg.string(avcodec_get_name(par.codec_id())));
            codec = avcodec_alloc_context3(dec);
            check(avcodec_parameters_to_context(codec, par), "copying codec parameters");
            codec.thread_count(0); // FFmpeg picks the thread count from the cores
            check(avcodec_open2(codec, dec, (AVDictionary) null), "opening the " + Ffmpeg.string(dec.name()) + " decoder");
            int w = par.width(), h = par.height();
            if (w <= 0 || h <= 0 || (long) w * h * 3 > Integer.MAX_VALUE - 8) throw fail("video size " + w + "x" + h + " is not valid");

            String key = TimestampCache.key(path);
            TimestampCache.Entry cached = TimestampCache.get(key);
            if (cached == null) {
                long[][] scan = scanTimestamps(st);
                cached = new TimestampCache.Entry(scan[0], scan[1]);
                TimestampCache.put(key, cached);
            }
            pts = cached.pts();
            keyPts = cached.keyPts();
            if (pts.length == 0) throw fail("video stream has no frames");
            seek(pts[0]);

            Rational fps = rate(st);
            AVRational tb = st.time_base();
            if (tb.num() <= 0 || tb.den() <= 0) throw fail("video stream time base " + tb.num() + "/" + tb.den() + " is not valid");
            double secondsPerTick = (double) tb.num() / tb.den();
            times = new double[pts.length];
            for (int i = 0; i < pts.length; i++) times[i] = (pts[i] - pts[0]) * secondsPerTick;
            // The stream's duration, else the container's, else the last frame lasting as long as
            // the one before it (1/fps when it is alone).
            double duration;
            if (st.duration() != AV_NOPTS_VALUE && st.duration() > 0) duration = st.duration() * secondsPerTick;
            else if (fmt.duration() != AV_NOPTS_VALUE && fmt.duration() > 0) duration = fmt.duration() / (double) AV_TIME_BASE;
            else duration = times[pts.length - 1] + (pts.length > 1 ? times[pts.length - 1] - times[pts.length - 2] : 1 / fps.toDouble());
            end = Math.max(duration, times[pts.length - 1] + 1e-6);
            info = new VideoInfo(w, h, fps, pts.length, true, duration,
                    Ffmpeg.string(avcodec_get_name(par.codec_id())), Ffmpeg.string(av_get_pix_fmt_name(par.format())), rotation(par));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private VideoFormatException fail(String problem) { return new VideoFormatException(path, -1, problem); }

    private void check(int r, String what) {
        if (r < 0) throw fail("FFmpeg failed " + what + ": " + Ffmpeg.error(r));
    }

    private static Rational rate(AVStream st) {
        AVRational a = st.avg_frame_rate();
        if (a.num() > 0 && a.den() > 0) return Rational.of(a.num(), a.den());
        AVRational r = st.r_frame_rate();
        if (r.num() > 0 && r.den() > 0) return Rational.of(r.num(), r.den());
        return Rational.of(25, 1); // no rate anywhere: FFmpeg's own default
    }

    /** Clockwise rotation from the display matrix, in {0, 90, 180, 270}. */
    private static int rotation(AVCodecParameters par) {
        AVPacketSideData sd = av_packet_side_data_get(par.coded_side_data(), par.nb_coded_side_data(), AV_PKT_DATA_DISPLAYMATRIX);
        if (sd == null || sd.isNull() || sd.size() < 36) return 0;
        double ccw = av_display_rotation_get(new IntPointer(sd.data()));
        if (Double.isNaN(ccw)) return 0;
        long cw = Math.round(-ccw / 90.0) * 90;
        return (int) Math.floorMod(cw, 360L);
    }

    /** Reads every packet of the stream: {sorted presentation timestamps, sorted keyframe timestamps}. */
    private long[][] scanTimestamps(AVStream st) {
        long[] all = new long[256];
        long[] keys = new long[16];
        int n = 0, k = 0;
        boolean missing = false;
        while (av_read_frame(fmt, packet) >= 0) {
            try {
                if (packet.stream_index() != stream) continue;
                long t = packet.pts() != AV_NOPTS_VALUE ? packet.pts() : packet.dts();
                if (t == AV_NOPTS_VALUE) { missing = true; continue; }
                if (n == all.length) all = Arrays.copyOf(all, n * 2);
                all[n++] = t;
                if ((packet.flags() & AV_PKT_FLAG_KEY) != 0) {
                    if (k == keys.length) keys = Arrays.copyOf(keys, k * 2);
                    keys[k++] = t;
                }
            } finally {
                av_packet_unref(packet);
            }
        }
        if (missing) throw new dev.reel.video.UnsupportedVideoException(path, -1, "video packets without timestamps (a raw elementary stream?): frame-accurate access needs a container such as MP4 or MKV");
        long[] p = Arrays.copyOf(all, n), kp = Arrays.copyOf(keys, k);
        Arrays.sort(p);
        Arrays.sort(kp);
        for (int i = 1; i < n; i++) {
            if (p[i] == p[i - 1]) throw fail("two video frames share timestamp " + p[i] + "; frames cannot be told apart");
        }
        return new long[][] {p, kp};
    }

    private void seek(long ts) {
        int r = av_seek_frame(fmt, stream, ts, AVSEEK_FLAG_BACKWARD);
        if (r < 0) r = av_seek_frame(fmt, stream, ts, AVSEEK_FLAG_BACKWARD | AVSEEK_FLAG_ANY);
        if (r < 0) throw fail("FFmpeg cannot seek to timestamp " + ts + ": " + Ffmpeg.error(r));
        avcodec_flush_buffers(codec);
        lastIndex = -1;
        drained = false;
    }

    @Override
    public VideoInfo info() { return info; }

    @Override
    public double timeOf(int index) { return times[index]; }

    /** The last frame whose timestamp is at or before {@code seconds}: right for variable frame rates too. */
    @Override
    public int indexAt(double seconds) {
        if (seconds >= end - 1e-9) return -1;
        int i = Arrays.binarySearch(times, seconds + 1e-9);  // the tolerance as in FrameSource.indexAt
        return i >= 0 ? i : Math.max(0, -i - 2);
    }

    @Override
    public void readRgb(int index, byte[] dst, int offset) {
        long target = pts[index];
        boolean ahead = lastIndex >= 0 && index > lastIndex && index - lastIndex <= FORWARD_LIMIT;
        if (!ahead) seek(target);
        long seekTs = target;
        for (int attempt = 0; attempt < 8; attempt++) {
            int got = decodeUntil(index);
            if (got == index) {
                convert(dst, offset);
                return;
            }
            // The decoder passed the target (the seek landed after it) or ran dry: start from an
            // earlier keyframe, and from the very start when none is left.
            int k = Arrays.binarySearch(keyPts, seekTs);
            int before = (k >= 0 ? k : -k - 1) - 1;
            seekTs = before >= 0 ? keyPts[before] : pts[0];
            if (before < 0 && attempt > 0) seekTs = Long.MIN_VALUE + 1;
            seek(seekTs);
        }
        throw fail("frame " + index + " (timestamp " + target + ") could not be decoded");
    }

    /**
     * Decodes until a frame with index &gt;= {@code index} comes out; returns that index, or -1 at
     * the end of the stream. Frames before the target are decoded and dropped.
     */
    private int decodeUntil(int index) {
        while (true) {
            int r = avcodec_receive_frame(codec, frame);
            if (r >= 0) {
                long t = frame.best_effort_timestamp() != AV_NOPTS_VALUE ? frame.best_effort_timestamp() : frame.pts();
                int i = Arrays.binarySearch(pts, t);
                if (i < 0) continue;  // a frame whose timestamp no packet had: cannot be placed
                lastIndex = i;
                if (i >= index) return i;
                continue;
            }
            if (r == AVERROR_EOF()) return -1;
            if (r != AVERROR_EAGAIN()) throw fail("FFmpeg decoding failed: " + Ffmpeg.error(r));
            if (drained) return -1;
            // The decoder wants input: feed the next packet of our stream, or drain at the end.
            boolean fed = false;
            while (!fed) {
                int rr = av_read_frame(fmt, packet);
                if (rr < 0) {
                    avcodec_send_packet(codec, null);
                    drained = true;
                    fed = true;
                } else {
                    try {
                        if (packet.stream_index() == stream) {
                            int s = avcodec_send_packet(codec, packet);
                            // A damaged packet is skipped; its frame will be missing and the caller is told.
                            if (s < 0 && s != AVERROR_EAGAIN() && s != AVERROR_INVALIDDATA) throw fail("FFmpeg rejected a packet: " + Ffmpeg.error(s));
                            fed = true;
                        }
                    } finally {
                        av_packet_unref(packet);
                    }
                }
            }
        }
    }

    /**
     * Converts the current frame to RGB24 with swscale, honouring its colour matrix and range.
     * Bicubic is the ffmpeg CLI's default; with no scaling it selects swscale's unscaled
     * converter (chroma replicated), so frames equal what {@code ffmpeg -pix_fmt rgb24} writes.
     */
    private void convert(byte[] dst, int offset) {
        int w = info.width(), h = info.height();
        if (frame.width() != w || frame.height() != h) {
            throw fail("frame size changed from " + w + "x" + h + " to " + frame.width() + "x" + frame.height());
        }
        sws = sws_getCachedContext(sws, w, h, frame.format(), w, h, AV_PIX_FMT_RGB24,
                SWS_BICUBIC, null, null, (DoublePointer) null);
        if (sws == null) throw fail("swscale cannot convert " + Ffmpeg.string(av_get_pix_fmt_name(frame.format())) + " to RGB24");
        int matrix = frame.colorspace() == AVCOL_SPC_BT709 ? SWS_CS_ITU709 : SWS_CS_DEFAULT;
        int fullRange = frame.color_range() == AVCOL_RANGE_JPEG ? 1 : 0;
        sws_setColorspaceDetails(sws, sws_getCoefficients(matrix), fullRange, sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16, 1 << 16);
        int bytes = w * h * 3;
        if (rgb == null) rgb = new BytePointer(bytes);
        // swscale reads four plane pointers and four strides even for packed RGB.
        PointerPointer<BytePointer> dstData = new PointerPointer<>(4);
        dstData.put(0, rgb);
        IntPointer dstStride = new IntPointer(w * 3, 0, 0, 0);
        try {
            int rows = sws_scale(sws, frame.data(), frame.linesize(), 0, h, dstData, dstStride);
            if (rows != h) throw fail("swscale converted " + rows + " of " + h + " rows");
            rgb.position(0).get(dst, offset, bytes);
        } finally {
            dstData.close();
            dstStride.close();
        }
    }

    @Override
    public void close() {
        if (sws != null) { sws_freeContext(sws); sws = null; }
        if (rgb != null) { rgb.close(); rgb = null; }
        if (frame != null) av_frame_free(frame);
        if (packet != null) av_packet_free(packet);
        if (codec != null) { avcodec_free_context(codec); codec = null; }
        if (fmt != null) { avformat_close_input(fmt); fmt = null; }
    }
}
