package dev.reel.video.internal.jpeg;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Broken JPEG frames: each gives a {@link JpegDataException} saying what was wrong, never
 * another exception or a hang; and a mutation run over a valid frame that allows nothing else.
 */
@Timeout(120)
class BrokenJpegTest {
    static final int W = 40, H = 24;

    /** A 4:2:0 frame with a restart interval of 2 MCUs (6 MCUs in all: RST0..RST1 appear). */
    static byte[] frame() {
        try {
            return JpegFixtures.encode(JpegFixtures.picture(W, H, 9), W, H, 0.8f, BaselineDecoderTest.LAYOUTS[0], 2);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int sof(byte[] b) { return JpegFixtures.segment(b, 0xC0); }

    static int sos(byte[] b) { return JpegFixtures.segment(b, 0xDA); }

    /** First byte of the entropy-coded data. */
    static int scanData(byte[] b) { int s = sos(b); return s + 2 + ((b[s + 2] & 0xFF) << 8 | (b[s + 3] & 0xFF)); }

    static UnaryOperator<byte[]> set(java.util.function.ToIntFunction<byte[]> at, int delta, int value) {
        return b -> { b[at.applyAsInt(b) + delta] = (byte) value; return b; };
    }

    static Stream<Arguments> broken() {
        return Stream.of(
            Arguments.of("no SOI", set(b -> 0, 1, 0xD9), "no SOI"),
            Arguments.of("missing DQT referenced", (UnaryOperator<byte[]>) b -> JpegFixtures.withoutSegments(b, 0xDB), "quantisation table 0, not defined"),
            Arguments.of("DQT table id 5", set(b -> JpegFixtures.segment(b, 0xDB), 4, 0x05), "table id 5"),
            Arguments.of("missing DHT referenced", set(BrokenJpegTest::sos, 6, 0x22), "Huffman tables DC 2"),
            Arguments.of("DHT lengths over-subscribed", (UnaryOperator<byte[]>) b -> {
                // the standard DC table's counts 0, 1, 5 become 2, 0, 4: two 1-bit codes leave no room
                int d = JpegFixtures.segment(b, 0xC4);
                assertEquals(0x00, b[d + 4]);
                b[d + 5] = 2; b[d + 6] = 0; b[d + 7] = 4;
                return b;
            }, "over-subscribed"),
            Arguments.of("bad Huffman code", (UnaryOperator<byte[]>) b -> {
                // all-ones is no code in any table: FF 00 is a stuffed 0xFF
                for (int i = scanData(b); i + 1 < b.length - 2; i += 2) { b[i] = (byte) 0xFF; b[i + 1] = 0; }
                return b;
            }, "bad Huffman code"),
            Arguments.of("truncated scan", (UnaryOperator<byte[]>) b -> Arrays.copyOf(b, scanData(b) + 40), "entropy-coded data ends"),
            Arguments.of("scan cut before its first restart marker", (UnaryOperator<byte[]>) b -> Arrays.copyOf(b, scanData(b) + 5), "ends"),
            Arguments.of("sampling factor 0", set(BrokenJpegTest::sof, 11, 0x02), "sampling factors 0x2"),
            Arguments.of("sampling factor 5", set(BrokenJpegTest::sof, 11, 0x52), "sampling factors 5x2"),
            Arguments.of("sampling factors that do not divide", set(BrokenJpegTest::sof, 14, 0x32), "does not divide"),
            Arguments.of("width 0", (UnaryOperator<byte[]>) b -> { b[sof(b) + 7] = 0; b[sof(b) + 8] = 0; return b; }, "zero size"),
            Arguments.of("more than 4 components", set(BrokenJpegTest::sof, 9, 5), "5 components"),
            Arguments.of("duplicate component id", set(BrokenJpegTest::sof, 13, 1), "appears twice"),
            Arguments.of("SOS names an unknown component", set(BrokenJpegTest::sos, 5, 9), "component id 9, not in SOF"),
            Arguments.of("restart marker out of order", (UnaryOperator<byte[]>) b -> {
                for (int i = scanData(b); i + 1 < b.length; i++) {
                    if (b[i] == (byte) 0xFF && b[i + 1] == (byte) 0xD0) { b[i + 1] = (byte) 0xD3; return b; }
                }
                throw new AssertionError("no RST0 in the frame");
            }, "expected RST0, found RST3"),
            Arguments.of("segment length past the end", set(b -> JpegFixtures.segment(b, 0xDB), 2, 0x7F), "has length"),
            Arguments.of("size differs from the stream's", set(BrokenJpegTest::sof, 6, 99), "the stream says"),
            Arguments.of("progressive scan parameters in a baseline frame", set(BrokenJpegTest::sos, 11, 5), "spectral selection")
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void brokenFrameGivesClearError(String name, UnaryOperator<byte[]> edit, String expected) {
        byte[] b = edit.apply(frame());
        BaselineDecoder d = new BaselineDecoder();
        JpegDataException e = assertThrows(JpegDataException.class, () -> d.decode(b, b.length, W, H, new byte[W * H * 3], 0, 0), name);
        assertTrue(e.getMessage().contains(expected), name + ": message '" + e.getMessage() + "' lacks '" + expected + "'");
        // and the decoder still decodes a good frame afterwards
        byte[] good = frame();
        assertDoesNotThrow(() -> d.decode(good, good.length, W, H, new byte[W * H * 3], 0, 0));
    }

    @Test
    void theUneditedFrameDecodes() throws Exception {
        byte[] b = frame();
        assertTrue(JpegFixtures.countRestartMarkers(b) >= 2);
        assertTrue(new BaselineDecoder().decode(b, b.length, W, H, new byte[W * H * 3], 0, 0));
    }

    /**
     * Random byte edits and cuts: a JpegDataException or a decoded frame, nothing else. 5000
     * cases by default; the long fuzz ({@code -Pfuzz}) runs {@code reel.fuzz.iterations}.
     */
    @Test
    void mutatedFramesNeverFailOtherwise() {
        byte[] good = frame();
        SplittableRandom rnd = new SplittableRandom(42);
        BaselineDecoder d = new BaselineDecoder();
        byte[] out = new byte[W * H * 3];
        int errors = 0;
        int cases = Math.max(5000, Integer.getInteger("reel.fuzz.iterations", 0));
        for (int t = 0; t < cases; t++) {
            byte[] b = good.clone();
            int edits = 1 + rnd.nextInt(4);
            for (int k = 0; k < edits; k++) b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            int len = rnd.nextInt(4) == 0 ? rnd.nextInt(b.length + 1) : b.length;
            try {
                d.decode(b, len, W, H, out, 0, 0);
            } catch (JpegDataException e) {
                assertFalse(e.getMessage().isBlank());
                errors++;
            }
        }
        assertTrue(errors > cases / 10, "most mutations should be caught, got " + errors + " of " + cases);
    }
}
