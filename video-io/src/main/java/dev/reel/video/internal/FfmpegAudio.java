package dev.reel.video.internal;

import dev.reel.video.Audio;
import dev.reel.video.VideoFormatException;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

/**
 * Decodes the main audio stream of any file FFmpeg reads into float samples in [-1, 1], at the
 * stream's own rate and channel count. Decoded frames in any of FFmpeg's sample formats (8/16/32/64-bit
 * integer, float, double; planar or interleaved) are converted here.
 */
public final class FfmpegAudio {
    private FfmpegAudio() {}

    public static Audio read(Path path) {
        String why = Ffmpeg.unavailableReason();
        if (why != null) {
            throw new VideoFormatException(path, -1, "FFmpeg's native library could not be loaded (" + why
                    + "); without it Reel still reads audio from WAV files");
        }
        AVFormatContext fmt = new AVFormatContext(null);
        int r = avformat_open_input(fmt, path.toString(), null, null);
        if (r < 0) throw new VideoFormatException(path, -1, "FFmpeg cannot open the file: " + Ffmpeg.error(r));
        AVCodecContext codec = null;
        AVPacket packet = av_packet_alloc();
        AVFrame frame = av_frame_alloc();
        try {
            check(path, avformat_find_stream_info(fmt, (PointerPointer<?>) null), "reading stream information");
            int stream = av_find_best_stream(fmt, AVMEDIA_TYPE_AUDIO, -1, -1, (AVCodec) null, 0);
            if (stream < 0) throw new VideoFormatException(path, -1, "no audio stream");
            AVCodec dec = avcodec_find_decoder(fmt.streams(stream).codecpar().codec_id());
            if (dec == null) throw new VideoFormatException(path, -1, "this FFmpeg build has no decoder for the audio stream");
            codec = avcodec_alloc_context3(dec);
            check(path, avcodec_parameters_to_context(codec, fmt.streams(stream).codecpar()), "copying codec parameters");
            check(path, avcodec_open2(codec, dec, (AVDictionary) null), "opening the audio decoder");
            int channels = codec.ch_layout().nb_channels(), rate = codec.sample_rate();
            if (channels <= 0 || rate <= 0) throw new VideoFormatException(path, -1, "audio stream has " + channels + " channels at " + rate + " Hz");
            float[][] out = new float[channels][1 << 14];
            int n = 0;
            boolean flushing = false;
            while (true) {
                int rr = avcodec_receive_frame(codec, frame);
                if (rr >= 0) {
                    n = append(path, frame, channels, out, n);
                    continue;
                }
                if (rr == AVERROR_EOF()) break;
                if (rr != AVERROR_EAGAIN()) throw new VideoFormatException(path, -1, "FFmpeg audio decoding failed: " + Ffmpeg.error(rr));
                if (flushing) break;
                boolean fed = false;
                while (!fed) {
                    if (av_read_frame(fmt, packet) < 0) {
                        avcodec_send_packet(codec, null);
                        flushing = true;
                        fed = true;
                    } else {
                        try {
                            if (packet.stream_index() == stream) {
                                avcodec_send_packet(codec, packet); // a damaged packet is dropped by the decoder
                                fed = true;
                            }
                        } finally {
                            av_packet_unref(packet);
                        }
                    }
                }
            }
            float[] planar = new float[Math.multiplyExact(channels, n)];
            for (int c = 0; c < channels; c++) System.arraycopy(out[c], 0, planar, c * n, n);
            return new Audio(rate, channels, planar);
        } finally {
            av_frame_free(frame);
            av_packet_free(packet);
            if (codec != null) avcodec_free_context(codec);
            avformat_close_input(fmt);
        }
    }

    private static void check(Path path, int r, String what) {
        if (r < 0) throw new VideoFormatException(path, -1, "FFmpeg failed " + what + ": " + Ffmpeg.error(r));
    }

    /** Converts one decoded frame and appends it to {@code out} (grown as needed); returns the new length. */
    private static int append(Path path, AVFrame frame, int channels, float[][] out, int n) {
        int samples = frame.nb_samples(), format = frame.format();
        if (frame.ch_layout().nb_channels() != channels) throw new VideoFormatException(path, -1, "audio channel count changed mid-stream");
        if ((long) n + samples > Integer.MAX_VALUE / Math.max(1, channels) - 8) throw new VideoFormatException(path, -1, "audio too long for one array");
        if (n + samples > out[0].length) {
            int size = (int) Math.min(Integer.MAX_VALUE - 8L, Math.max(n + samples, 2L * out[0].length));
            for (int c = 0; c < channels; c++) out[c] = Arrays.copyOf(out[c], size);
        }
        boolean planar = av_sample_fmt_is_planar(format) != 0;
        int bytes = av_get_bytes_per_sample(format);
        if (bytes <= 0) throw new VideoFormatException(path, -1, "unknown audio sample format " + format);
        int packed = planar ? AVSampleFormats.packed(format) : format;
        for (int c = 0; c < (planar ? channels : 1); c++) {
            BytePointer data = frame.extended_data(c);
            int count = planar ? samples : samples * channels;
            byte[] raw = new byte[count * bytes];
            data.get(raw, 0, raw.length);
            ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
            for (int i = 0; i < count; i++) {
                float v = AVSampleFormats.read(b, packed);
                int ch = planar ? c : i % channels, at = planar ? i : i / channels;
                out[ch][n + at] = v;
            }
        }
        return n + samples;
    }

    /** The interleaved twin of each planar format, and how to read one sample of it. */
    private static final class AVSampleFormats {
        static int packed(int planar) {
            if (planar == AV_SAMPLE_FMT_U8P) return AV_SAMPLE_FMT_U8;
            if (planar == AV_SAMPLE_FMT_S16P) return AV_SAMPLE_FMT_S16;
            if (planar == AV_SAMPLE_FMT_S32P) return AV_SAMPLE_FMT_S32;
            if (planar == AV_SAMPLE_FMT_S64P) return AV_SAMPLE_FMT_S64;
            if (planar == AV_SAMPLE_FMT_FLTP) return AV_SAMPLE_FMT_FLT;
            if (planar == AV_SAMPLE_FMT_DBLP) return AV_SAMPLE_FMT_DBL;
            return planar;
        }

        static float read(ByteBuffer b, int fmt) {
            if (fmt == AV_SAMPLE_FMT_FLT) return b.getFloat();
            if (fmt == AV_SAMPLE_FMT_S16) return b.getShort() / 32768f;
            if (fmt == AV_SAMPLE_FMT_S32) return (float) (b.getInt() / 2147483648.0);
            if (fmt == AV_SAMPLE_FMT_DBL) return (float) b.getDouble();
            if (fmt == AV_SAMPLE_FMT_U8) return ((b.get() & 0xFF) - 128) / 128f;
            if (fmt == AV_SAMPLE_FMT_S64) return (float) (b.getLong() / 9223372036854775808.0);
            throw new IllegalStateException("sample format " + fmt + " has no conversion");
        }
    }
}
