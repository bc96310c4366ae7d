package dev.reel.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reel.engine.DType;
import dev.reel.engine.Tensor;
import dev.reel.nn.Linear;
import dev.reel.nn.Sequential;
import dev.reel.nn.Tanh;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    @TempDir
    Path dir;

    /** A file from a raw header string and data bytes. */
    static byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return file(h, data);
    }

    static byte[] file(byte[] h, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
        out.writeBytes(h);
        out.writeBytes(data);
        return out.toByteArray();
    }

    Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    CheckpointException hostile(String name, byte[] bytes) throws IOException {
        Path p = write(name, bytes);
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.load(p));
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
        return e;
    }

    @Test
    void roundTripOfEveryDtypeAndMetadata() throws IOException {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("f32", Tensor.fromArray(new float[] {1.5f, -2, Float.NaN, Float.POSITIVE_INFINITY}, 2, 2));
        t.put("f64", Tensor.fromArray(new double[] {Math.PI, -0.0, 1e-300}, 3));
        t.put("i64", Tensor.fromArray(new long[] {Long.MIN_VALUE, 7}, 2, 1));
        t.put("i32", Tensor.fromArray(new int[] {-3, 9, 1 << 30}, 3));
        t.put("u8", Tensor.fromArray(new byte[] {(byte) 255, 0, 17}, 3));
        t.put("bool", Tensor.fromArray(new boolean[] {true, false}, 2));
        t.put("scalar", Tensor.scalar(4.25, DType.F64));
        t.put("empty", Tensor.zeros(0, 3));
        t.put("strided", Tensor.arange(0, 6, 1, DType.F32).reshape(2, 3).t());
        Path p = dir.resolve("all.safetensors");
        SafeTensors.save(p, t, Map.of("epoch", "3", "note", "héllo"));
        SafeTensors.Contents c = SafeTensors.load(p);
        assertEquals(List.copyOf(t.keySet()), List.copyOf(c.tensors().keySet()));
        for (Map.Entry<String, Tensor> e : t.entrySet()) {
            Tensor r = c.tensor(e.getKey());
            assertEquals(e.getValue().dtype(), r.dtype(), e.getKey());
            assertArrayEquals(e.getValue().shape(), r.shape(), e.getKey());
            assertArrayEquals(e.getValue().toDoubleArray(), r.toDoubleArray(), e.getKey());
        }
        assertEquals(Map.of("epoch", "3", "note", "héllo"), c.metadata());
        assertEquals(0, Files.readAllBytes(p).length % 8 == 0 ? 0 : 0);
        long headerLength = ByteBuffer.wrap(Files.readAllBytes(p), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "the data starts 8-byte aligned");
    }

    @Test
    void readsHalfPrecisionAsItsOwnType() throws IOException {
        // F16 1.0 = 0x3C00, -2.0 = 0xC000; BF16 1.0 = 0x3F80, 3.0 = 0x4040
        byte[] data = {0x00, 0x3C, 0x00, (byte) 0xC0, (byte) 0x80, 0x3F, 0x40, 0x40};
        Path p = write("half.safetensors", file("{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[4,8]}}", data));
        SafeTensors.Contents c = SafeTensors.load(p);
        assertEquals(DType.F16, c.tensor("h").dtype());
        assertEquals(DType.BF16, c.tensor("b").dtype());
        assertArrayEquals(new float[] {1, -2}, c.tensor("h").toFloatArray());
        assertArrayEquals(new float[] {1, 3}, c.tensor("b").toFloatArray());
    }

    @Test
    void halfTensorsRoundTripWithTheirBits() throws IOException {
        Tensor b = Tensor.fromArray(new float[] {1.00390625f, -0f, Float.NaN, 3e38f, 1e-40f}, 5).to(DType.BF16);
        Tensor h = Tensor.fromArray(new float[] {65504f, 70000f, 6e-8f, -2.5f}, 2, 2).to(DType.F16);
        Path p = dir.resolve("halves.safetensors");
        SafeTensors.save(p, Map.of("b", b, "h", h));
        byte[] bytes = Files.readAllBytes(p);
        String header = new String(bytes, 8, (int) ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(header.contains("\"b\":{\"dtype\":\"BF16\""), header);
        assertTrue(header.contains("\"h\":{\"dtype\":\"F16\""), header);
        SafeTensors.Contents c = SafeTensors.load(p);
        assertEquals(DType.BF16, c.tensor("b").dtype());
        assertArrayEquals(((dev.reel.engine.cpu.CpuStorage) b.storage()).bits16(),
                ((dev.reel.engine.cpu.CpuStorage) c.tensor("b").contiguous().storage()).bits16());
        assertArrayEquals(new int[] {2, 2}, c.tensor("h").shape());
        assertArrayEquals(h.toFloatArray(), c.tensor("h").toFloatArray());
    }

    @Test
    void emptyTensorsAndEmptyFiles() throws IOException {
        Path p = write("empty.safetensors", file("{\"e\":{\"dtype\":\"F32\",\"shape\":[0,4],\"data_offsets\":[0,0]}}", new byte[0]));
        assertArrayEquals(new int[] {0, 4}, SafeTensors.load(p).tensor("e").shape());
        Path q = write("none.safetensors", file("{}", new byte[0]));
        assertTrue(SafeTensors.load(q).tensors().isEmpty());
    }

    @Test
    void readsThePyTorchWrittenFixtures() {
        Path p = dev.reel.nn.testing.LayerFixture.folder("layers").resolve("linear_f32.safetensors");
        SafeTensors.Contents c = SafeTensors.load(p);
        assertArrayEquals(new int[] {4, 5}, c.tensor("state.weight").shape());
        assertEquals("torch.nn.Linear", c.metadata().get("module"));
    }

    @Test
    void moduleRoundTrip() {
        var a = new Sequential(new Linear(3, 4), new Tanh(), new Linear(4, 2));
        var b = new Sequential(new Linear(3, 4), new Tanh(), new Linear(4, 2));
        Path p = dir.resolve("m.safetensors");
        SafeTensors.save(p, a);
        SafeTensors.loadInto(b, p, true);
        Tensor x = Tensor.randn(2, 3);
        assertTrue(a.call(x).equal(b.call(x)));
    }

    @Test
    void saveIsAtomicAndLeavesNoTemporaryFiles() throws IOException {
        Path p = dir.resolve("ckpt.safetensors");
        SafeTensors.save(p, Map.of("a", Tensor.ones(3)));
        byte[] before = Files.readAllBytes(p);
        // a tensor the writer cannot encode fails the save: the old file must stay as it was
        Map<String, Tensor> bad = new LinkedHashMap<>();
        bad.put("ok", Tensor.zeros(100));
        bad.put("__metadata__", Tensor.zeros(1));
        assertThrows(CheckpointException.class, () -> SafeTensors.save(p, bad));
        assertArrayEquals(before, Files.readAllBytes(p));
        // a crash in the middle of writing the data (the second tensor fails): old file intact, no temporary left
        Map<String, Tensor> crashing = new LinkedHashMap<>() {
            @Override
            public java.util.Collection<Tensor> values() {
                return new java.util.AbstractCollection<>() {
                    @Override
                    public java.util.Iterator<Tensor> iterator() {
                        var it = crashingSource().iterator();
                        return new java.util.Iterator<>() {
                            int n;

                            @Override
                            public boolean hasNext() { return it.hasNext(); }

                            @Override
                            public Tensor next() {
                                if (n++ == 1) throw new IllegalStateException("simulated crash mid-save");
                                return it.next();
                            }
                        };
                    }

                    @Override
                    public int size() { return 2; }
                };
            }

            private java.util.Collection<Tensor> crashingSource() { return super.values(); }
        };
        crashing.put("big", Tensor.ones(10_000));
        crashing.put("next", Tensor.ones(10));
        assertThrows(IllegalStateException.class, () -> SafeTensors.save(p, crashing));
        assertArrayEquals(before, Files.readAllBytes(p));
        SafeTensors.save(p, Map.of("a", Tensor.full(2, 5)));
        assertArrayEquals(new float[] {2, 2, 2, 2, 2}, SafeTensors.load(p).tensor("a").toFloatArray());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(p), files.toList(), "no temporary file is left behind");
        }
    }

    // ------------------------------------------------------------------ hostile files

    private static final String ONE = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";

    @Test
    void tooShortForTheLengthField() throws IOException {
        assertTrue(hostile("short", new byte[] {1, 2, 3}).getMessage().contains("fewer than the 8-byte header length"));
    }

    @Test
    void headerLengthBeyondTheFile() throws IOException {
        byte[] f = file(ONE, new byte[8]);
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
        assertTrue(hostile("len", f).getMessage().contains("goes beyond the end of the file"));
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -1L);   // 2^64 - 1 as u64
        assertTrue(hostile("len2", f).getMessage().contains("18446744073709551615"));
    }

    @Test
    void headerIsNotUtf8() throws IOException {
        byte[] h = ONE.getBytes(StandardCharsets.UTF_8);
        h[3] = (byte) 0xC3;   // a lead byte without its continuation
        assertTrue(hostile("utf8", file(h, new byte[8])).getMessage().contains("not valid UTF-8"));
    }

    @Test
    void headerIsNotJsonOrNotAnObject() throws IOException {
        assertTrue(hostile("json", file("{\"w\": [", new byte[0])).getMessage().contains("not valid JSON"));
        assertTrue(hostile("arr", file("[1, 2]", new byte[0])).getMessage().contains("not a JSON object"));
        assertTrue(hostile("dup", file("{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},"
                + "\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[1])).getMessage().contains("Duplicate"));
    }

    @Test
    void offsetsOutOfRange() throws IOException {
        CheckpointException e = hostile("range", file("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,80]}}", new byte[8]));
        assertEquals("w", e.tensor());
        assertTrue(e.getMessage().contains("tensor 'w': data_offsets [0,80] lie outside the data (8 bytes)"), e.getMessage());
        assertTrue(hostile("neg", file("{\"w\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[-4,-4]}}", new byte[0]))
                .getMessage().contains("outside the data"));
        assertTrue(hostile("rev", file("{\"w\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[4,2]}}", new byte[8]))
                .getMessage().contains("end before they begin"));
        assertTrue(hostile("huge", file("{\"w\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0,99999999999999999999999]}}",
                new byte[0])).getMessage().contains("outside the data"));
    }

    @Test
    void overlappingOffsets() throws IOException {
        CheckpointException e = hostile("overlap", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]));
        assertEquals("b", e.tensor());
        assertTrue(e.getMessage().contains("overlap tensor 'a'"), e.getMessage());
    }

    @Test
    void gapsAndTrailingBytes() throws IOException {
        assertTrue(hostile("gap", file("{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[2,4]}}", new byte[4]))
                .getMessage().contains("belong to no tensor"));
        assertTrue(hostile("tail", file(ONE, new byte[12])).getMessage().contains("the data has 12 bytes but the tensors use 8"));
    }

    @Test
    void byteCountDoesNotMatchDtypeAndShape() throws IOException {
        CheckpointException e = hostile("count", file("{\"w\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]));
        assertTrue(e.getMessage().contains("holds 8 bytes but dtype F64 and shape [2] need 16"), e.getMessage());
    }

    @Test
    void unknownOrMissingDtype() throws IOException {
        assertTrue(hostile("dt", file("{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[1]))
                .getMessage().contains("unsupported dtype 'F8_E4M3'"));
        assertTrue(hostile("dt2", file("{\"w\":{\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[1]))
                .getMessage().contains("missing or non-string dtype"));
    }

    @Test
    void negativeHugeAndMalformedDimensions() throws IOException {
        assertTrue(hostile("negdim", file("{\"w\":{\"dtype\":\"U8\",\"shape\":[-1],\"data_offsets\":[0,0]}}", new byte[0]))
                .getMessage().contains("negative dimension -1"));
        assertTrue(hostile("bigdim", file("{\"w\":{\"dtype\":\"U8\",\"shape\":[4294967296],\"data_offsets\":[0,0]}}", new byte[0]))
                .getMessage().contains("too large"));
        // each dimension fits an int but the product does not: no allocation may be attempted
        CheckpointException e = hostile("product", file("{\"w\":{\"dtype\":\"F32\",\"shape\":[65536,65536,65536],"
                + "\"data_offsets\":[0,8]}}", new byte[8]));
        assertTrue(e.getMessage().contains("more than 2147483647 elements"), e.getMessage());
        assertTrue(hostile("fdim", file("{\"w\":{\"dtype\":\"U8\",\"shape\":[1.5],\"data_offsets\":[0,1]}}", new byte[1]))
                .getMessage().contains("is not an integer"));
        assertTrue(hostile("noshape", file("{\"w\":{\"dtype\":\"U8\",\"data_offsets\":[0,1]}}", new byte[1]))
                .getMessage().contains("non-array shape"));
    }

    @Test
    void badMetadataAndBoolBytes() throws IOException {
        assertTrue(hostile("meta", file("{\"__metadata__\":{\"a\":1}}", new byte[0])).getMessage().contains("is not a string"));
        assertTrue(hostile("bool", file("{\"m\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[0,2]}}", new byte[] {1, 7}))
                .getMessage().contains("BOOL element 1 is 7"));
    }

    @Test
    void missingFile() {
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.load(dir.resolve("nope.safetensors")));
        assertTrue(e.getMessage().endsWith("no such file"), e.getMessage());
        assertFalse(e.getMessage().contains("tensor '"));
    }
}
