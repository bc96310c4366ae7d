package dev.reel.video;

import dev.reel.video.internal.Ffmpeg;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swscale.*;

/**
 * Encodes RGB frames with FFmpeg into any container it writes (MP4, MKV, WebM, MOV, ...). The
 * bundled FFmpeg (org.bytedeco:ffmpeg, LGPL build) has no x264; its software encoders are
 * {@code libopenh264} (H.264), {@code mpeg4}, {@code libvpx} (VP8), {@code libvpx-vp9},
 * {@code libaom-av1}, {@code libsvtav1}, {@code mjpeg} and {@code ffv1}; {@link #encoders()} probes.
 * Frames are converted to yuv420p (BT.601, limited range), except for ffv1 and mjpeg.
 *
 * <pre>{@code
 * try (FfmpegWriter w = FfmpegWriter.open(Path.of("out.mp4"), 320, 240, Rational.of(30, 1), null, 0)) {
 *     w.write(clip);   // U8 [T, 240, 320, 3]
 * }
 * }</pre>
 */
public final class FfmpegWriter implements VideoWriter {
    private static final String[] KNOWN = {"libopenh264", "h264_nvenc", "mpeg4", "libvpx", "libvpx-vp9", "libaom-av1", "libsvtav1", "mjpeg", "ffv1"};

    private final Path path;
    private final int width, height;
    private AVFormatContext fmt;
    private AVCodecContext codec;
    private AVStream stream;
    private AVFrame frame;
    private AVPacket packet;
    private SwsContext sws;
    private BytePointer rgb;
    private int frames;
    private boolean closed;

    /** The encoders among the usual ones that this FFmpeg build has. */
    public static List<String> encoders() {
        requireFfmpeg(null);
        List<String> out = new ArrayList<>();
        for (String n : KNOWN) {
            AVCodec c = avcodec_find_encoder_by_name(n);
            if (c != null && !c.isNull()) out.add(n);
        }
        return out;
    }

    private static void requireFfmpeg(Path path) {
        String why = Ffmpeg.unavailableReason();
        if (why != null) {
            throw new UnsupportedOperationException("FFmpeg's native library could not be loaded (" + why
                    + "); without it Reel writes Y4M (Y4mWriter) and AVI (AviWriter)" + (path == null ? "" : ", not " + path));
        }
    }

    /**
     * Opens {@code path} for writing; the container comes from the extension.
     *
     * @param encoder FFmpeg encoder name, or null for the container's default here
     *                ({@code libvpx-vp9} for .webm, {@code libopenh264} otherwise)
     * @param bitRate bits per second, or 0 for about 0.2 bit per pixel per frame
     */
    public static FfmpegWriter open(Path path, int width, int height, Rational fps, String encoder, long bitRate) {
        return new FfmpegWriter(path, width, height, fps, encoder, bitRate);
    }

    private FfmpegWriter(Path path, int width, int height, Rational fps, String encoder, long bitRate) {
        requireFfmpeg(path);
        if (width <= 0 || height <= 0 || (width & 1) != 0 || (height & 1) != 0) {
            throw new IllegalArgumentException("FfmpegWriter: frame size must be positive and even (4:2:0), got " + width + "x" + height);
        }
        if (fps.num() <= 0 || fps.num() > Integer.MAX_VALUE || fps.den() > Integer.MAX_VALUE) throw new IllegalArgumentException("FfmpegWriter: frame rate " + fps + " is not valid");
        this.path = path;
        this.width = width;
        this.height = height;
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        String enc = encoder != null ? encoder : name.endsWith(".webm") ? "libvpx-vp9" : "libopenh264";
        try {
            fmt = new AVFormatContext(null);
            int r = avformat_alloc_output_context2(fmt, null, null, path.toString());
            if (r < 0 || fmt.isNull()) { fmt = null; throw fail("FFmpeg has no container for this file name: " + Ffmpeg.errorText(r)); }
            AVCodec c = avcodec_find_encoder_by_name(enc);
            if (c == null || c.isNull()) throw fail("this FFmpeg build has no encoder '" + enc + "'; it has " + encoders());
            stream = avformat_new_stream(fmt, null);
            codec = avcodec_alloc_context3(c);
            codec.width(width);
            codec.height(height);
            int pixFmt = enc.equals("ffv1") ? AV_PIX_FMT_YUV444P : enc.equals("mjpeg") ? AV_PIX_FMT_YUVJ420P : AV_PIX_FMT_YUV420P;
            codec.pix_fmt(pixFmt);
            codec.time_base(av_make_q((int) fps.den(), (int) fps.num()));
            codec.framerate(av_make_q((int) fps.num(), (int) fps.den()));
            codec.bit_rate(bitRate > 0 ? bitRate : Math.max(100_000L, (long) (0.2 * width * height * fps.toDouble())));
            codec.gop_size(Math.max(1, (int) Math.round(fps.toDouble())));
            if ((fmt.oformat().flags() & AVFMT_GLOBALHEADER) != 0) codec.flags(codec.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
            check(avcodec_open2(codec, c, (AVDictionary) null), "opening encoder " + enc);
            check(avcodec_parameters_from_context(stream.codecpar(), codec), "copying encoder parameters");
            stream.time_base(codec.time_base());
            if ((fmt.oformat().flags() & AVFMT_NOFILE) == 0) {
                AVIOContext pb = new AVIOContext(null);
                check(avio_open(pb, path.toString(), AVIO_FLAG_WRITE), "creating the file");
                fmt.pb(pb);
            }
            check(avformat_write_header(fmt, (AVDictionary) null), "writing the container header");
            frame = av_frame_alloc();
            frame.format(pixFmt);
            frame.width(width);
            frame.height(height);
            check(av_frame_get_buffer(frame, 0), "allocating a frame");
            packet = av_packet_alloc();
            sws = sws_getContext(width, height, AV_PIX_FMT_RGB24, width, height, pixFmt, SWS_BICUBIC, null, null, (DoublePointer) null);
            if (sws == null || sws.isNull()) throw fail("swscale cannot convert RGB24 to the encoder's pixel format");
            rgb = new BytePointer((long) width * height * 3);
        } catch (RuntimeException e) {
            release();
            throw e;
        }
    }

    private VideoFormatException fail(String problem) { return new VideoFormatException(path, -1, problem); }

    private void check(int r, String what) {
        if (r < 0) throw fail("FFmpeg failed " + what + ": " + Ffmpeg.errorText(r));
    }

    @Override
    public void writeRgb(byte[] src, int offset) {
        if (closed) throw new IllegalStateException("FfmpegWriter: " + path + " is closed");
        Objects.checkFromIndexSize(offset, width * height * 3, src.length);
        check(av_frame_make_writable(frame), "making the frame writable");
        rgb.position(0).put(src, offset, width * height * 3);
        PointerPointer<BytePointer> srcData = new PointerPointer<>(4);
        IntPointer srcStride = new IntPointer(width * 3, 0, 0, 0);
        try {
            srcData.put(0, rgb);
            sws_scale(sws, srcData, srcStride, 0, height, frame.data(), frame.linesize());
        } finally {
            srcData.close();
            srcStride.close();
        }
        frame.pts(frames);
        check(avcodec_send_frame(codec, frame), "encoding frame " + frames);
        drain();
        frames++;
    }

    private void drain() {
        while (true) {
            int r = avcodec_receive_packet(codec, packet);
            if (r == AVERROR_EAGAIN() || r == AVERROR_EOF()) return;
            check(r, "receiving an encoded packet");
            // One frame per packet: without a duration, MP4 gives the last frame none and the
            // average frame rate comes out wrong (12 frames at 25 fps read back as 300/11).
            if (packet.duration() <= 0) packet.duration(1);
            av_packet_rescale_ts(packet, codec.time_base(), stream.time_base());
            packet.stream_index(stream.index());
            int w = av_interleaved_write_frame(fmt, packet);
            av_packet_unref(packet);
            check(w, "writing a packet");
        }
    }

    @Override
    public int framesWritten() { return frames; }

    @Override
    public int width() { return width; }

    @Override
    public int height() { return height; }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            check(avcodec_send_frame(codec, null), "flushing the encoder");
            drain();
            check(av_write_trailer(fmt), "writing the container trailer");
        } finally {
            release();
        }
    }

    private void release() {
        if (sws != null) { sws_freeContext(sws); sws = null; }
        if (rgb != null) { rgb.close(); rgb = null; }
        if (frame != null) { av_frame_free(frame); frame = null; }
        if (packet != null) { av_packet_free(packet); packet = null; }
        if (codec != null) { avcodec_free_context(codec); codec = null; }
        if (fmt != null) {
            if ((fmt.oformat().flags() & AVFMT_NOFILE) == 0 && fmt.pb() != null && !fmt.pb().isNull()) avio_closep(fmt.pb());
            avformat_free_context(fmt);
            fmt = null;
        }
    }
}
