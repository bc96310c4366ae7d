package dev.reel.nn.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.reel.engine.DType;
import dev.reel.engine.Tensor;
import dev.reel.engine.ops.Creation;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and validates a safetensors file: an unsigned 64-bit little-endian header length N, N
 * bytes of UTF-8 JSON ({@code {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__":
 * {str: str}}}), then the data, every tensor's bytes in [begin, end) of it.
 *
 * <p>Every field is checked against the file before anything is allocated, so a hostile header can
 * never make the reader allocate more than the file holds: the header length must fit the file, the
 * shapes must be non-negative and their element counts fit an int, each byte range must lie in the
 * data, match dtype × shape, and the ranges must tile the data without overlap or gap (as the
 * reference implementation requires). The data is memory-mapped and copied into heap tensors.
 */
final class SafeTensorsReader {
    /** The reference implementation's limit on the header (100 MB). */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private SafeTensorsReader() {}

    /** One tensor's header entry, validated. */
    private record Entry(String name, SafeTensorsDType dtype, int[] shape, long begin, long end) {}

    static SafeTensors.Contents read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
            long size = ch.size();
            if (size < 8) throw new CheckpointException(file, null, "file has " + size + " bytes, fewer than the 8-byte header length");
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0, file);
            long headerLength = lenBuf.getLong(0);   // u64: a value above 2^63 reads as negative
            if (headerLength < 0 || headerLength > size - 8) {
                throw new CheckpointException(file, null, "header length " + Long.toUnsignedString(headerLength)
                        + " goes beyond the end of the file (" + size + " bytes)");
            }
            if (headerLength > MAX_HEADER_BYTES) {
                throw new CheckpointException(file, null, "header length " + headerLength + " exceeds the limit of "
                        + MAX_HEADER_BYTES + " bytes");
            }
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLength);
            readFully(ch, headerBuf, 8, file);
            String json = decodeUtf8(file, headerBuf.flip());
            JsonNode header = parse(file, json);

            long dataStart = 8 + headerLength;
            long dataLength = size - dataStart;
            Map<String, String> metadata = new LinkedHashMap<>();
            List<Entry> entries = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = header.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("__metadata__")) readMetadata(file, e.getValue(), metadata);
                else entries.add(entry(file, e.getKey(), e.getValue(), dataLength));
            }
            checkTiling(file, entries, dataLength);

            Map<String, Tensor> tensors = new LinkedHashMap<>();
            MemorySegment data = dataLength == 0 ? MemorySegment.NULL
                    : ch.map(FileChannel.MapMode.READ_ONLY, dataStart, dataLength, arena);
            for (Entry e : entries) tensors.put(e.name, toTensor(file, e, data));
            return new SafeTensors.Contents(tensors, metadata);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file, null, "no such file", e);
        } catch (IOException e) {
            throw new CheckpointException(file, null, "cannot read: " + e.getMessage(), e);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position, Path file) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, position + buf.position());
            if (n < 0) throw new CheckpointException(file, null, "file ended while reading the header");
        }
    }

    private static String decodeUtf8(Path file, ByteBuffer bytes) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new CheckpointException(file, null, "header is not valid UTF-8 (" + e.getMessage() + ")");
        }
    }

    private static JsonNode parse(Path file, String json) {
        JsonNode header;
        try {
            header = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new CheckpointException(file, null, "header is not valid JSON: " + e.getOriginalMessage());
        }
        if (header == null || !header.isObject()) {
            throw new CheckpointException(file, null, "header is not a JSON object");
        }
        return header;
    }

    private static void readMetadata(Path file, JsonNode node, Map<String, String> out) {
        if (!node.isObject()) throw new CheckpointException(file, null, "__metadata__ is not a JSON object");
        for (Map.Entry<String, JsonNode> m : node.properties()) {
            if (!m.getValue().isTextual()) {
                throw new CheckpointException(file, null, "__metadata__ entry '" + m.getKey() + "' is not a string");
            }
            out.put(m.getKey(), m.getValue().textValue());
        }
    }

    private static Entry entry(Path file, String name, JsonNode node, long dataLength) {
        if (!node.isObject()) throw new CheckpointException(file, name, "header entry is not a JSON object");
        JsonNode dtypeNode = node.get("dtype"), shapeNode = node.get("shape"), offsets = node.get("data_offsets");
        if (dtypeNode == null || !dtypeNode.isTextual()) throw new CheckpointException(file, name, "missing or non-string dtype");
        SafeTensorsDType dtype = SafeTensorsDType.parse(dtypeNode.textValue());
        if (dtype == null) {
            throw new CheckpointException(file, name, "unsupported dtype '" + dtypeNode.textValue()
                    + "' (Reel reads F64, F32, F16, BF16, I64, I32, U8, BOOL)");
        }
        if (shapeNode == null || !shapeNode.isArray()) throw new CheckpointException(file, name, "missing or non-array shape");
        int[] shape = new int[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.isIntegralNumber()) throw new CheckpointException(file, name, "dimension " + i + " of shape " + shapeNode + " is not an integer");
            if (d.canConvertToLong() && d.longValue() < 0 || d.isBigInteger() && d.bigIntegerValue().signum() < 0) {
                throw new CheckpointException(file, name, "negative dimension " + d + " in shape " + shapeNode);
            }
            if (!d.canConvertToInt()) {
                throw new CheckpointException(file, name, "dimension " + d + " in shape " + shapeNode + " is too large (max "
                        + Integer.MAX_VALUE + ")");
            }
            shape[i] = d.intValue();
            count = count == 0 || shape[i] == 0 ? 0 : multiplyOrHuge(count, shape[i]);
            if (count > Integer.MAX_VALUE) {
                throw new CheckpointException(file, name, "shape " + shapeNode + " has more than " + Integer.MAX_VALUE
                        + " elements, more than a Reel tensor holds");
            }
        }
        if (offsets == null || !offsets.isArray() || offsets.size() != 2 || !offsets.get(0).isIntegralNumber()
                || !offsets.get(1).isIntegralNumber()) {
            throw new CheckpointException(file, name, "data_offsets must be an array of two integers, got " + offsets);
        }
        if (!offsets.get(0).canConvertToLong() || !offsets.get(1).canConvertToLong()) {
            throw new CheckpointException(file, name, "data_offsets " + offsets + " lie outside the data (" + dataLength + " bytes)");
        }
        long begin = offsets.get(0).longValue(), end = offsets.get(1).longValue();
        if (begin < 0 || end < begin || end > dataLength) {
            throw new CheckpointException(file, name, "data_offsets " + offsets + " lie outside the data (" + dataLength
                    + " bytes) or end before they begin");
        }
        long expected = count * dtype.size;
        if (end - begin != expected) {
            throw new CheckpointException(file, name, "holds " + (end - begin) + " bytes but dtype " + dtype + " and shape "
                    + shapeNode + " need " + expected);
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static long multiplyOrHuge(long a, long b) {
        long r = a * b;
        return (a > Integer.MAX_VALUE || b > Integer.MAX_VALUE || r / b != a) ? Long.MAX_VALUE : r;
    }

    /** The byte ranges must cover the data exactly: no overlap, no gap, nothing after the last. */
    private static void checkTiling(Path file, List<Entry> entries, long dataLength) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0;
        Entry previous = null;
        for (Entry e : sorted) {
            if (e.begin < at) {
                throw new CheckpointException(file, e.name, "bytes [" + e.begin + ", " + e.end + ") overlap tensor '"
                        + previous.name + "' [" + previous.begin + ", " + previous.end + ")");
            }
            if (e.begin > at) {
                throw new CheckpointException(file, e.name, "bytes [" + at + ", " + e.begin + ") before it belong to no tensor");
            }
            at = e.end;
            previous = e;
        }
        if (at != dataLength) {
            throw new CheckpointException(file, null, "the data has " + dataLength + " bytes but the tensors use " + at);
        }
    }

    private static Tensor toTensor(Path file, Entry e, MemorySegment data) {
        int n = (int) ((e.end - e.begin) / e.dtype.size);
        long at = e.begin;
        Object array;
        DType dtype = e.dtype.loadsAs;
        switch (e.dtype) {
            case F32 -> {
                float[] a = new float[n];
                MemorySegment.copy(data, ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), at, a, 0, n);
                array = a;
            }
            case F64 -> {
                double[] a = new double[n];
                MemorySegment.copy(data, ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), at, a, 0, n);
                array = a;
            }
            case I64 -> {
                long[] a = new long[n];
                MemorySegment.copy(data, ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), at, a, 0, n);
                array = a;
            }
            case I32 -> {
                int[] a = new int[n];
                MemorySegment.copy(data, ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), at, a, 0, n);
                array = a;
            }
            case U8, BOOL -> {
                byte[] a = new byte[n];
                MemorySegment.copy(data, ValueLayout.JAVA_BYTE, at, a, 0, n);
                if (e.dtype == SafeTensorsDType.BOOL) {
                    for (int i = 0; i < n; i++) {
                        if (a[i] != 0 && a[i] != 1) {
                            throw new CheckpointException(file, e.name, "BOOL element " + i + " is " + (a[i] & 0xff)
                                    + ", not 0 or 1");
                        }
                    }
                }
                array = a;
            }
            case F16, BF16 -> { // the 16-bit patterns as stored: the tensor keeps its half type
                short[] a = new short[n];
                MemorySegment.copy(data, ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), at, a, 0, n);
                array = a;
            }
            default -> throw new IllegalStateException("unreachable dtype " + e.dtype);
        }
        int[] shape = e.shape;
        if (shape.length == 0) return Creation.fromArray(dtype, array, n, new int[] {1}).reshape();
        return Creation.fromArray(dtype, array, n, shape);
    }
}
