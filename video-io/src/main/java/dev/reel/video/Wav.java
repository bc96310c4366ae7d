package dev.reel.video;

import dev.reel.video.internal.BinaryFile;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes RIFF WAVE files: integer PCM of 8, 16, 24 or 32 bits and IEEE float of 32 or
 * 64 bits (also inside WAVE_FORMAT_EXTENSIBLE), any number of channels.
 *
 * <pre>{@code
 * Audio a = Wav.read(Path.of("clip.wav"));      // samples scaled to [-1, 1]
 * Wav.write(Path.of("copy.wav"), a, 16);
 * }</pre>
 */
public final class Wav {
    private static final int PCM = 1, FLOAT = 3, EXTENSIBLE = 0xFFFE;

    private Wav() {}

    /** Decodes a WAV file; integer samples are divided by 2^(bits-1) (8-bit is offset by 128 first). */
    public static Audio read(Path path) {
        try (BinaryFile f = new BinaryFile(path)) {
            if (f.size() < 12 || !f.fourcc(0, "RIFF id").equals("RIFF") || !f.fourcc(8, "form").equals("WAVE")) {
                throw f.error(0, "not a WAV file: it must start with 'RIFF' .... 'WAVE'");
            }
            int format = -1, channels = 0, rate = 0, bits = 0, blockAlign = 0;
            long pos = 12;
            while (pos + 8 <= f.size()) {
                String id = f.fourcc(pos, "chunk id");
                long size = f.u32le(pos + 4, "chunk size");
                long data = pos + 8;
                if (id.equals("fmt ")) {
                    if (size < 16) throw f.error(pos + 4, "'fmt ' chunk of " + size + " bytes is shorter than 16");
                    format = f.u16le(data, "wFormatTag");
                    channels = f.u16le(data + 2, "nChannels");
                    rate = f.s32le(data + 4, "nSamplesPerSec");
                    blockAlign = f.u16le(data + 12, "nBlockAlign");
                    bits = f.u16le(data + 14, "wBitsPerSample");
                    if (format == EXTENSIBLE) {
                        if (size < 40) throw f.error(data, "WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk of " + size + " bytes is shorter than 40");
                        format = f.u16le(data + 24, "SubFormat");
                    }
                } else if (id.equals("data")) {
                    if (format < 0) throw f.error(pos, "'data' chunk comes before any 'fmt ' chunk");
                    // 0xFFFFFFFF is what streaming writers leave when the length was unknown: the data runs to the end.
                    if (size == 0xFFFFFFFFL) size = f.size() - data;
                    f.require(data, size, "'data' chunk");
                    return decode(f, data, size, format, channels, rate, bits, blockAlign);
                }
                f.require(data, size, "'" + id + "' chunk");
                pos = data + size + (size & 1);
            }
            throw f.error(pos, "WAV file has no 'data' chunk");
        }
    }

    private static Audio decode(BinaryFile f, long data, long size, int format, int channels, int rate,
                                int bits, int blockAlign) {
        if (channels <= 0) throw f.error(data, "WAV has " + channels + " channels");
        if (rate <= 0) throw f.error(data, "WAV sample rate " + rate + " is not positive");
        boolean ok = (format == PCM && (bits == 8 || bits == 16 || bits == 24 || bits == 32))
                || (format == FLOAT && (bits == 32 || bits == 64));
        if (!ok) throw f.error(data, "WAV format " + format + " with " + bits + " bits is not supported (PCM 8/16/24/32, float 32/64 are)");
        int bytes = bits / 8;
        if (blockAlign != bytes * channels) throw f.error(data, "WAV block align " + blockAlign + " does not match " + channels + " channels of " + bits + " bits");
        long frames = size / blockAlign;
        if (frames * channels > Integer.MAX_VALUE - 8) throw f.error(data, "WAV holds " + frames + " sample frames, too many for one array");
        int n = (int) frames;
        float[] out = new float[n * channels];
        int chunkFrames = 1 << 16;
        byte[] buf = new byte[Math.min(n, chunkFrames) * blockAlign];
        for (int start = 0; start < n; start += chunkFrames) {
            int count = Math.min(chunkFrames, n - start);
            f.read(data + (long) start * blockAlign, buf, 0, count * blockAlign, "samples");
            ByteBuffer bb = ByteBuffer.wrap(buf, 0, count * blockAlign).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < count; i++) {
                for (int c = 0; c < channels; c++) {
                    float v = switch (bits) {
                        case 8 -> ((bb.get() & 0xFF) - 128) / 128f;
                        case 16 -> bb.getShort() / 32768f;
                        case 24 -> {
                            int lo = bb.get() & 0xFF, mid = bb.get() & 0xFF, hi = bb.get();
                            yield (hi << 16 | mid << 8 | lo) / 8388608f;
                        }
                        case 32 -> format == FLOAT ? bb.getFloat() : (float) (bb.getInt() / 2147483648.0);
                        default -> (float) bb.getDouble();
                    };
                    out[c * n + start + i] = v;
                }
            }
        }
        return new Audio(rate, channels, out);
    }

    /**
     * Writes integer PCM of {@code bits} (8, 16, 24 or 32) bits, or 32-bit float when
     * {@code bits == -32}. Samples outside [-1, 1] are an error for integer output.
     */
    public static void write(Path path, Audio audio, int bits) {
        boolean isFloat = bits == -32;
        int b = Math.abs(bits);
        if (!isFloat && b != 8 && b != 16 && b != 24 && b != 32) {
            throw new IllegalArgumentException("Wav.write: bits must be 8, 16, 24, 32 or -32 (float), got " + bits);
        }
        int n = audio.length(), ch = audio.channels(), block = ch * b / 8;
        long dataSize = (long) n * block;
        if (dataSize > 0xFFFFFFFFL - 36) throw new IllegalArgumentException("Wav.write: " + dataSize + " bytes do not fit a WAV file");
        ByteBuffer bb = ByteBuffer.allocate((int) Math.min(dataSize + 44, Integer.MAX_VALUE - 8)).order(ByteOrder.LITTLE_ENDIAN);
        bb.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) (36 + dataSize))
          .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        bb.put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16).putShort((short) (isFloat ? FLOAT : PCM))
          .putShort((short) ch).putInt(audio.sampleRate()).putInt(audio.sampleRate() * block).putShort((short) block).putShort((short) b);
        bb.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) dataSize);
        float[] s = audio.samples();
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < ch; c++) {
                float v = s[c * n + i];
                if (isFloat) { bb.putFloat(v); continue; }
                if (!(v >= -1f && v <= 1f)) throw new IllegalArgumentException("Wav.write: sample " + i + " of channel " + c + " is " + v + ", outside [-1, 1]");
                switch (b) {
                    case 8 -> bb.put((byte) (Math.min(255, Math.round(v * 128) + 128)));
                    case 16 -> bb.putShort((short) Math.min(32767, Math.round(v * 32768)));
                    case 24 -> {
                        int q = Math.min(8388607, Math.round(v * 8388608));
                        bb.put((byte) q).put((byte) (q >> 8)).put((byte) (q >> 16));
                    }
                    default -> bb.putInt((int) Math.min(2147483647L, Math.round(v * 2147483648.0)));
                }
            }
        }
        try (OutputStream out = Files.newOutputStream(path)) {
            out.write(bb.array(), 0, bb.position());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }
}
