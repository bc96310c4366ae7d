package dev.reel.engine.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FixtureTest {

    private static Fixture load(String name) {
        return Fixture.load(Fixture.opsFolder().resolve(name));
    }

    @Test
    void readsMetadataShapesAndBothKindsOfValues() {
        Fixture f = load("max_pool2d_indices_f64.safetensors");
        assertEquals("torch.nn.functional.max_pool2d", f.op());
        assertEquals("F64", f.dtype());
        assertEquals("max_pool2d_indices", f.caseName());
        assertEquals(List.of("input"), f.inputs());
        assertEquals(3, f.args().get("kernel_size").get(0).asInt());
        assertTrue(f.args().get("return_indices").asBoolean());

        FixtureTensor in = f.input(0);
        FixtureTensor out = f.tensor("out");
        FixtureTensor idx = f.tensor("out1");
        assertArrayEquals(new int[] {1, 2, 7, 6}, in.shape());
        assertArrayEquals(new int[] {1, 2, 4, 4}, out.shape());
        assertEquals("I64", idx.dtype());
        // Each output is the input element its index points at (indices are flat per plane).
        int plane = 7 * 6;
        for (int i = 0; i < out.size(); i++) {
            int c = i / 16;
            assertEquals(in.doubles()[c * plane + (int) idx.longs()[i]], out.doubles()[i], 0.0);
        }
        assertTrue(f.grad(0).isPresent());
        assertArrayEquals(in.shape(), f.grad(0).orElseThrow().shape());
    }

    @Test
    void readsF32AndBool() {
        Fixture f = load("where_f32.safetensors");
        assertEquals(List.of("condition", "input", "other"), f.inputs());
        FixtureTensor cond = f.input(0);
        FixtureTensor x = f.input(1);
        FixtureTensor y = f.input(2);
        FixtureTensor out = f.tensor("out");
        assertEquals("BOOL", cond.dtype());
        assertEquals("F32", out.dtype());
        assertFalse(f.grad(0).isPresent());
        for (int i = 0; i < out.size(); i++) {
            double expected = cond.longs()[i] == 1 ? x.doubles()[i] : y.doubles()[i % 4];
            assertEquals(expected, out.doubles()[i], 0.0);
            // F32 values are widened exactly: they survive a round trip through float.
            assertEquals(out.doubles()[i], (double) (float) out.doubles()[i], 0.0);
        }
    }

    @Test
    void readsTheRunningStatisticsThatBatchNormUpdated() {
        Fixture f = load("batch_norm_train_f64.safetensors");
        double m = f.args().get("momentum").asDouble();
        double[] x = f.input(0).doubles();  // shape [4, 3]
        double[] before = f.input(1).doubles();
        double[] after = f.tensor("in1_after").doubles();
        for (int c = 0; c < 3; c++) {
            double mean = (x[c] + x[3 + c] + x[6 + c] + x[9 + c]) / 4;
            assertEquals((1 - m) * before[c] + m * mean, after[c], 1e-12);
        }
    }

    @Test
    void everyCommittedFixtureLoadsAndIsComplete() {
        List<Path> files = Fixture.opFixtures();
        assertTrue(files.size() >= 300, "expected the committed op fixtures, found " + files.size());
        for (Path p : files) {
            Fixture f = Fixture.load(p);
            assertTrue(p.getFileName().toString().startsWith(f.caseName() + "_" + f.dtype().toLowerCase()), p.toString());
            assertTrue(f.has("out"), p.toString());
            for (int k = 0; k < f.inputs().size(); k++) {
                int kk = k;
                f.grad(k).ifPresent(g -> assertArrayEquals(f.input(kk).shape(), g.shape(), p + " grad_in" + kk));
            }
            if (f.has("gout")) {
                assertArrayEquals(f.tensor("out").shape(), f.tensor("gout").shape(), p.toString());
            }
        }
    }

    @Test
    void rejectsBrokenFilesWithTheirName(@TempDir Path dir) throws IOException {
        Path tooShort = dir.resolve("short.safetensors");
        Files.write(tooShort, new byte[] {1, 2, 3});
        assertMessage(tooShort, "short.safetensors: file has 3 bytes");

        Path hugeHeader = dir.resolve("huge.safetensors");
        Files.write(hugeHeader, file(Long.MAX_VALUE, "{}"));
        assertMessage(hugeHeader, "header length " + Long.MAX_VALUE + " does not fit");

        Path wrongCount = dir.resolve("count.safetensors");
        Files.write(wrongCount, file(-1, "{\"x\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,8]}}", 8));
        assertMessage(wrongCount, "tensor 'x': 8 bytes for shape [2,3] of F32 (needs 24)");

        Path outside = dir.resolve("outside.safetensors");
        Files.write(outside, file(-1, "{\"x\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}}", 8));
        assertMessage(outside, "tensor 'x': data_offsets [0, 16] outside the 8 data bytes");

        Path dtype = dir.resolve("dtype.safetensors");
        Files.write(dtype, file(-1, "{\"x\":{\"dtype\":\"C64\",\"shape\":[],\"data_offsets\":[0,8]}}", 8));
        assertMessage(dtype, "tensor 'x': unsupported dtype 'C64'");

        Path notJson = dir.resolve("json.safetensors");
        Files.write(notJson, file(-1, "{nope"));
        assertMessage(notJson, "header is not valid JSON");
    }

    private static void assertMessage(Path file, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fixture.load(file));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    /** A safetensors file with the given header and {@code dataBytes} zero bytes; length -1 = the true one. */
    private static byte[] file(long headerLength, String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(headerLength < 0 ? h.length : headerLength).put(h);
        return b.array();
    }

    private static byte[] file(long headerLength, String header) {
        return file(headerLength, header, 0);
    }
}
