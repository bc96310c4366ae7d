package dev.reel.video;

import dev.reel.video.internal.AviSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Broken, truncated and mutated files: every one must give a {@link VideoFormatException} naming
 * the file (or read correctly), never another exception, an OutOfMemoryError or a hang.
 */
@Timeout(300)
class HostileFileTest {
    @TempDir static Path dir;

    static final int W = 8, H = 6, T = 3;

    static byte[] rawAvi() { return bytes("raw.avi", p -> AviWriter.raw(p, W, H, Rational.of(10, 1))); }

    static byte[] mjpegAvi() { return bytes("mjpeg.avi", p -> AviWriter.mjpeg(p, W, H, Rational.of(10, 1), 0.8f)); }

    static byte[] y4m() { return bytes("v.y4m", p -> new Y4mWriter(p, W, H, Rational.of(10, 1))); }

    interface Opener { VideoWriter open(Path p); }

    static byte[] bytes(String name, Opener opener) {
        Path p = dir.resolve("src-" + name);
        try (VideoWriter w = opener.open(p)) {
            for (int t = 0; t < T; t++) w.writeRgb(TestFrames.noise(W, H, t), 0);
        }
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens and decodes every frame; returns the frame count, or -1 if a VideoFormatException came. */
    static final Video.Options PURE = Video.Options.DEFAULT.withBackend(Video.Backend.PURE_JAVA);

    static int tryRead(Path p) {
        try (VideoReader r = Video.open(p, PURE)) {
            for (int i = 0; i < r.frameCount(); i++) r.frameRgb(i);
            return r.frameCount();
        } catch (VideoFormatException e) {
            assertEquals(p, e.file(), "exception names the file");
            assertFalse(e.problem().isBlank());
            return -1;
        }
    }

    static Path write(String name, byte[] b) {
        Path p = dir.resolve(name);
        try {
            Files.write(p, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    @Test
    void aviTruncatedAtEveryByteIsRejected() {
        for (byte[] full : new byte[][] {rawAvi(), mjpegAvi()}) {
            for (int n = 0; n < full.length; n++) {
                Path p = write("cut.avi", java.util.Arrays.copyOf(full, n));
                assertEquals(-1, tryRead(p), "AVI cut to " + n + " of " + full.length + " bytes was accepted");
            }
            assertEquals(T, tryRead(write("whole.avi", full)));
        }
    }

    @Test
    void y4mTruncatedAtEveryByteIsRejectedOrShorter() {
        byte[] full = y4m();
        int header = new String(full, StandardCharsets.ISO_8859_1).indexOf('\n') + 1;
        int frame = (full.length - header) / T;
        for (int n = 0; n <= full.length; n++) {
            Path p = write("cut.y4m", java.util.Arrays.copyOf(full, n));
            int got = tryRead(p);
            boolean boundary = n > header && (n - header) % frame == 0;
            if (boundary) {
                assertEquals((n - header) / frame, got, "Y4M cut at frame boundary " + n);
                try (VideoReader r = Video.open(p, PURE); VideoReader whole = Video.open(write("whole.y4m", full), PURE)) {
                    for (int i = 0; i < got; i++) assertArrayEquals(whole.frameRgb(i), r.frameRgb(i));
                }
            } else {
                assertEquals(-1, got, "Y4M cut to " + n + " of " + full.length + " bytes was accepted");
            }
        }
    }

    // ---- the table of hand-made broken files ----

    static UnaryOperator<byte[]> edit(UnaryOperator<byte[]> f) { return f; }

    static UnaryOperator<byte[]> putLe32(int at, int value) {
        return b -> {
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
            return b;
        };
    }

    static UnaryOperator<byte[]> putAscii(int at, String s) {
        return b -> {
            byte[] a = s.getBytes(StandardCharsets.ISO_8859_1);
            System.arraycopy(a, 0, b, at, a.length);
            return b;
        };
    }

    static UnaryOperator<byte[]> y4mHeader(String header) {
        return b -> {
            String s = new String(b, StandardCharsets.ISO_8859_1);
            int nl = s.indexOf('\n');
            return (header + s.substring(nl)).getBytes(StandardCharsets.ISO_8859_1);
        };
    }

    static int find(byte[] b, String s) {
        int i = new String(b, StandardCharsets.ISO_8859_1).indexOf(s);
        assertTrue(i >= 0, s + " not found");
        return i;
    }

    // Data offsets in files written by AviWriter: avih 32, strh 108, strf 172, then indx, odml, movi.
    // "avi"/"mjpeg" read through the OpenDML index (the default); "-idx1" through idx1.
    static Stream<Arguments> brokenFiles() {
        byte[] raw = rawAvi(), mj = mjpegAvi();
        int idx1 = raw.length - (8 + 16 * T), mIdx1 = mj.length - (8 + 16 * T);
        int movi = find(raw, "movi"), indx = find(raw, "indx"), ix = find(raw, "ix00"), mIx = find(mj, "ix00");
        int firstJpeg = find(mj, "00dc") + 8;
        int scan = firstJpeg;
        while (!((mj[scan] & 0xFF) == 0xFF && (mj[scan + 1] & 0xFF) == 0xDA)) scan++;   // start of scan: entropy-coded data follows
        int sos = scan;
        return Stream.of(
            Arguments.of("avi: RIFF size past the end", "avi", putLe32(4, 0x7FFFFFF0), "RIFF"),
            Arguments.of("avi: not RIFF", "avi", putAscii(0, "RIFX"), "unrecognised"),
            Arguments.of("avi: hdrl LIST size past its RIFF", "avi", putLe32(16, 0x7FFFFFF0), "LIST"),
            Arguments.of("avi: width x height overflows", "avi", putLe32(176, 0x7FFFFFFF), "frame size"),
            Arguments.of("avi: negative width", "avi", putLe32(176, -8), "frame size"),
            Arguments.of("avi: height -2^31", "avi", putLe32(180, Integer.MIN_VALUE), "frame size"),
            Arguments.of("avi: zero frame rate", "avi", putLe32(132, 0), "frame rate"),
            Arguments.of("avi: unknown codec", "avi", putAscii(188, "H264"), "FFmpeg"),
            Arguments.of("avi: 16-bit raw", "avi", edit(b -> { b[186] = 16; return b; }), "bits per pixel"),
            Arguments.of("avi: no video stream", "avi", putAscii(108, "auds"), "no video stream"),
            Arguments.of("avi: movi LIST size past its RIFF", "avi", putLe32(movi - 4, 0x7FFFFFF0), "LIST"),
            Arguments.of("avi: indx claims 2^31 entries", "avi", putLe32(indx + 8 + 4, Integer.MIN_VALUE), "indx"),
            Arguments.of("avi: indx entry points past the end", "avi", putLe32(indx + 8 + 24, 0x7FFFFFF0), "ix chunk"),
            Arguments.of("avi: ix00 claims 2^31 entries", "avi", putLe32(ix + 8 + 4, Integer.MIN_VALUE), "'ix'"),
            Arguments.of("avi: ix00 entry past the end", "avi", putLe32(ix + 8 + 24, 0x7FFF0000), "past the end"),
            Arguments.of("avi: ix00 entry length 2^31-1", "avi", putLe32(ix + 8 + 28, Integer.MAX_VALUE), "past the end"),
            Arguments.of("avi: frame chunk too short for raw pixels", "avi", putLe32(ix + 8 + 28, 10), "needs"),
            Arguments.of("avi: idx1 claims 2^31 bytes", "avi-idx1", putLe32(idx1 + 4, Integer.MIN_VALUE), "idx1"),
            Arguments.of("avi: idx1 entry past the end", "avi-idx1", putLe32(idx1 + 8 + 8, 0x7FFF0000), "offset"),
            Arguments.of("avi: idx1 entry length 2^31-1", "avi-idx1", putLe32(idx1 + 8 + 12, Integer.MAX_VALUE), "past the end"),
            Arguments.of("avi: idx1 frame chunk too short", "avi-idx1", putLe32(idx1 + 8 + 12, 10), "needs"),
            Arguments.of("mjpeg: garbage frame data", "mjpeg", edit(b -> { for (int i = sos + 14; i < sos + 60; i++) b[i] = (byte) (i * 37); return b; }), "JPEG"),
            Arguments.of("mjpeg: frame data cut short", "mjpeg", putLe32(mIx + 8 + 28, 60), "JPEG"),
            Arguments.of("mjpeg: idx1 frame data cut short", "mjpeg-idx1", putLe32(mIdx1 + 8 + 12, 60), "JPEG"),
            Arguments.of("y4m: zero width", "y4m", y4mHeader("YUV4MPEG2 W0 H6 F10:1"), "width"),
            Arguments.of("y4m: negative height", "y4m", y4mHeader("YUV4MPEG2 W8 H-6 F10:1"), "height"),
            Arguments.of("y4m: width x height overflows", "y4m", y4mHeader("YUV4MPEG2 W32768 H32768 F10:1"), "too large"),
            Arguments.of("y4m: huge frame, small file", "y4m", y4mHeader("YUV4MPEG2 W3000 H2000 F10:1"), "needs"),
            Arguments.of("y4m: width not a number", "y4m", y4mHeader("YUV4MPEG2 Wabc H6 F10:1"), "not a number"),
            Arguments.of("y4m: no frame rate", "y4m", y4mHeader("YUV4MPEG2 W8 H6"), "frame rate"),
            Arguments.of("y4m: frame rate 0:1", "y4m", y4mHeader("YUV4MPEG2 W8 H6 F0:1"), "positive"),
            Arguments.of("y4m: frame rate 30", "y4m", y4mHeader("YUV4MPEG2 W8 H6 F30"), "num:den"),
            Arguments.of("y4m: 20-bit colour space", "y4m", y4mHeader("YUV4MPEG2 W8 H6 F10:1 C420p20"), "9..16 bits are supported"),
            Arguments.of("y4m: unknown colour space", "y4m", y4mHeader("YUV4MPEG2 W8 H6 F10:1 C410"), "not supported"),
            Arguments.of("y4m: not Y4M", "y4m", putAscii(0, "YUV4MPEG3"), "unrecognised"),
            Arguments.of("y4m: header without end", "y4m", edit(b -> new byte[5000]), "unrecognised"),
            Arguments.of("y4m: second FRAME marker damaged", "y4m", edit(b -> {
                String s = new String(b, StandardCharsets.ISO_8859_1);
                int second = s.indexOf("FRAME", s.indexOf("FRAME") + 5);
                b[second + 2] = 'X';
                return b;
            }), "FRAME"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void brokenFileGivesClearError(String what, String kind, UnaryOperator<byte[]> damage, String expected) {
        byte[] b = kind.startsWith("avi") ? rawAvi() : kind.startsWith("mjpeg") ? mjpegAvi() : y4m();
        Path p = write("broken." + (kind.equals("y4m") ? "y4m" : "avi"), damage.apply(b));
        VideoFormatException e = assertThrows(VideoFormatException.class, () -> {
            if (kind.endsWith("-idx1")) {
                try (AviSource s = new AviSource(p, AviSource.IndexChoice.IDX1)) {
                    byte[] f = new byte[W * H * 3];
                    for (int i = 0; i < s.info().frameCount(); i++) s.readRgb(i, f, 0);
                }
            } else {
                try (VideoReader r = Video.open(p, PURE)) {
                    for (int i = 0; i < r.frameCount(); i++) r.frameRgb(i);
                }
            }
        }, what);
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), what + ": message '" + e.getMessage() + "' lacks '" + expected + "'");
    }

    @Test
    void damagedFramesCanBeSkippedWhenAsked() {
        byte[] mj = mjpegAvi();
        String text = new String(mj, StandardCharsets.ISO_8859_1);
        int second = -1;
        for (int at = text.indexOf("00dc"), seen = 0; at >= 0 && second < 0; at = text.indexOf("00dc", at + 4)) {
            if ((mj[at + 8] & 0xFF) == 0xFF && (mj[at + 9] & 0xFF) == 0xD8 && ++seen == 2) second = at + 8;  // frame 1's JPEG
        }
        for (int i = second + 2; i < second + 40; i++) mj[i] = (byte) 0x5A;  // wreck its headers
        Path p = write("damaged.avi", mj);
        try (VideoReader r = Video.open(p, PURE)) {
            VideoFormatException e = assertThrows(VideoFormatException.class, () -> r.frameRgb(1));
            assertTrue(e.getMessage().contains("frame 1"), e.getMessage());
        }
        try (VideoReader r = Video.open(p, PURE.withSkipDamagedFrames(true))) {
            assertArrayEquals(r.frameRgb(0), r.frameRgb(1), "frame 1 replaced by frame 0");
            assertEquals(1, r.damagedFrames());
            r.frameRgb(2);
            assertEquals(1, r.damagedFrames());
        }
    }

    @Test
    void wavHeadersThatLieAreRejected() {
        Path good = dir.resolve("good.wav");
        Wav.write(good, new Audio(8000, 1, new float[100]), 16);
        byte[] wav;
        try {
            wav = Files.readAllBytes(good);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Object[][] cases = {
            {putLe32(40, 0x7FFFFFF0), "'data' chunk"},
            {edit(b -> { b[22] = 0; return b; }), "channels"},
            {edit(b -> { b[34] = 12; return b; }), "not supported"},
            {putLe32(24, -5), "sample rate"},
            {putLe32(16, 0x7FFFFFF0), "'fmt ' chunk"},
        };
        for (Object[] c : cases) {
            @SuppressWarnings("unchecked") UnaryOperator<byte[]> damage = (UnaryOperator<byte[]>) c[0];
            Path p = write("bad.wav", damage.apply(wav.clone()));
            VideoFormatException e = assertThrows(VideoFormatException.class, () -> Wav.read(p));
            assertTrue(e.getMessage().contains((String) c[1]), e.getMessage());
        }
    }

    /**
     * Random mutations of generated seed files (byte flips, random bytes, header words set to
     * extremes, truncations, spliced duplicates): a quick deterministic fuzz. The {@code fuzz}
     * Maven profile raises the count ({@code reel.fuzz.iterations}); {@code reel.fuzz.seed} varies it.
     */
    @Test
    @Timeout(value = 6, unit = java.util.concurrent.TimeUnit.HOURS)
    void randomMutationsNeverEscapeAsOtherErrors() {
        int iterations = Integer.getInteger("reel.fuzz.iterations", 600);
        SplittableRandom rnd = new SplittableRandom(Long.getLong("reel.fuzz.seed", 42L));
        byte[][] seeds = {rawAvi(), mjpegAvi(), y4m(), segmentedAvi(), wav()};
        String[] names = {"m.avi", "m.avi", "m.y4m", "m.avi", "m.wav"};
        for (int iter = 0; iter < iterations; iter++) {
            int k = iter % seeds.length;
            byte[] b = mutate(seeds[k], rnd);
            Path p = write(names[k], b);
            try {
                if (names[k].endsWith(".wav")) {
                    try {
                        Wav.read(p);
                    } catch (VideoFormatException expected) {
                        assertEquals(p, expected.file());
                    }
                } else {
                    tryRead(p);
                }
            } catch (RuntimeException | Error e) {
                fail("mutation " + iter + " of " + names[k] + " escaped as " + e, e);
            }
        }
    }

    static byte[] segmentedAvi() {
        return bytes("seg.avi", p -> AviWriter.raw(p, W, H, Rational.of(10, 1), 600));
    }

    static byte[] wav() {
        Path p = dir.resolve("src.wav");
        float[] s = new float[64];
        for (int i = 0; i < s.length; i++) s[i] = (float) Math.sin(i * 0.3);
        Wav.write(p, new Audio(8000, 2, s), 16);
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] mutate(byte[] seed, SplittableRandom rnd) {
        byte[] b = seed.clone();
        int edits = 1 + rnd.nextInt(6);
        for (int e = 0; e < edits; e++) {
            // Headers are where parsers decide; aim half of the edits at the first 300 bytes.
            int at = rnd.nextInt(Math.min(b.length, rnd.nextBoolean() ? 300 : b.length));
            switch (rnd.nextInt(5)) {
                case 0 -> b[at] ^= (byte) (1 << rnd.nextInt(8));
                case 1 -> b[at] = (byte) rnd.nextInt(256);
                case 2 -> {       // a 32-bit word set to an extreme: the lying header
                    if (at + 4 <= b.length) {
                        int[] extremes = {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x7FFFFFF0, 1, b.length};
                        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, extremes[rnd.nextInt(extremes.length)]);
                    }
                }
                case 3 -> b = java.util.Arrays.copyOf(b, Math.max(0, b.length - 1 - rnd.nextInt(Math.max(1, b.length / 4))));
                default -> {      // duplicate a slice further on
                    int len = Math.min(64, b.length - at), to = rnd.nextInt(b.length);
                    byte[] slice = java.util.Arrays.copyOfRange(b, at, at + len);
                    System.arraycopy(slice, 0, b, to, Math.min(len, b.length - to));
                }
            }
            if (b.length == 0) break;
        }
        return b;
    }
}
