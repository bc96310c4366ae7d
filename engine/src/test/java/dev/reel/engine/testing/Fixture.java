package dev.reel.engine.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One PyTorch parity fixture, read from a safetensors file written by
 * {@code tools/fixtures/make_op_fixtures.py}.
 *
 * <p>The file holds the inputs {@code in0, in1, ...}, the output {@code out} (and {@code out1, ...}
 * for extra outputs such as pooling indices), the upstream gradient {@code gout}, the gradients
 * {@code grad_in0, ...} of {@code sum(out * gout)} with respect to each input that required grad,
 * and {@code in<k>_after} for inputs the op changed in place. Its metadata names the PyTorch call
 * ({@code op}), its non-tensor arguments as JSON ({@code args}), the parameter each input is passed
 * as ({@code inputs}) and the floating dtype ({@code dtype}).
 *
 * <pre>{@code
 * Fixture f = Fixture.load(Fixture.opsFolder().resolve("conv2d_f64.safetensors"));
 * f.op();                          // "torch.nn.functional.conv2d"
 * f.args().path("stride");         // missing node: PyTorch's default
 * double[] x = f.input(0).doubles();
 * int[] shape = f.input(0).shape();
 * }</pre>
 *
 * @param file     where it was read from (named in every error)
 * @param metadata the {@code __metadata__} strings
 * @param args     the parsed {@code args} metadata (an empty object when absent)
 * @param inputs   the parsed {@code inputs} metadata: the PyTorch parameter name of each {@code in<k>}
 * @param tensors  every tensor by name, in file order
 */
public record Fixture(Path file, Map<String, String> metadata, JsonNode args, List<String> inputs,
                      Map<String, FixtureTensor> tensors) {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The header can never legitimately be this large for our small fixtures. */
    private static final long MAX_HEADER_BYTES = 1 << 20;

    /** The folder of op fixtures on the test class path. */
    public static Path opsFolder() {
        URL url = Fixture.class.getResource("/fixtures/ops");
        if (url == null) {
            throw new IllegalStateException("fixtures/ops is not on the test class path");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("fixtures/ops: bad location " + url, e);
        }
    }

    /** Every {@code .safetensors} file of the op fixtures, sorted by name. */
    public static List<Path> opFixtures() {
        try (Stream<Path> files = Files.list(opsFolder())) {
            return files.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + opsFolder(), e);
        }
    }

    /** Reads and checks one fixture file. */
    public static Fixture load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("fixture " + file + ": cannot read", e);
        }
        if (bytes.length < 8) {
            throw bad(file, "file has " + bytes.length + " bytes, fewer than the 8-byte header length");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = buf.getLong(0);
        if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || headerLength > bytes.length - 8) {
            throw bad(file, "header length " + headerLength + " does not fit a file of " + bytes.length + " bytes");
        }
        int dataStart = 8 + (int) headerLength;
        JsonNode header;
        try {
            header = JSON.readTree(bytes, 8, (int) headerLength);
        } catch (IOException e) {
            throw bad(file, "header is not valid JSON: " + e.getMessage());
        }
        if (header == null || !header.isObject()) {
            throw bad(file, "header is not a JSON object");
        }

        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, FixtureTensor> tensors = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                e.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
            } else {
                tensors.put(e.getKey(), readTensor(file, e.getKey(), e.getValue(), buf, dataStart));
            }
        }
        JsonNode args = parseJson(file, "args", metadata.getOrDefault("args", "{}"));
        JsonNode inputNames = parseJson(file, "inputs", metadata.getOrDefault("inputs", "[]"));
        List<String> inputs = new ArrayList<>();
        inputNames.forEach(n -> inputs.add(n.asText()));
        for (int k = 0; k < inputs.size(); k++) {
            if (!tensors.containsKey("in" + k)) {
                throw bad(file, "metadata names input " + k + " (" + inputs.get(k) + ") but there is no tensor in" + k);
            }
        }
        return new Fixture(file, Collections.unmodifiableMap(metadata), args, List.copyOf(inputs),
                Collections.unmodifiableMap(tensors));
    }

    /** The PyTorch callable, e.g. {@code torch.nn.functional.conv2d}. */
    public String op() {
        return meta("op");
    }

    /** The floating dtype of the case: {@code F32} or {@code F64}. */
    public String dtype() {
        return meta("dtype");
    }

    /** The case name shared by the F32 and F64 files. */
    public String caseName() {
        return meta("case");
    }

    /** A metadata string; an error naming the file if absent. */
    public String meta(String key) {
        String v = metadata.get(key);
        if (v == null) {
            throw bad(file, "no metadata entry '" + key + "'");
        }
        return v;
    }

    /** The tensor called {@code name}; an error naming the file if absent. */
    public FixtureTensor tensor(String name) {
        FixtureTensor t = tensors.get(name);
        if (t == null) {
            throw bad(file, "no tensor '" + name + "' (has " + tensors.keySet() + ")");
        }
        return t;
    }

    /** Whether the file holds a tensor called {@code name}. */
    public boolean has(String name) {
        return tensors.containsKey(name);
    }

    /** Input {@code k} ({@code in<k>}). */
    public FixtureTensor input(int k) {
        return tensor("in" + k);
    }

    /** The gradient of input {@code k}, present only when that input required grad. */
    public Optional<FixtureTensor> grad(int k) {
        return Optional.ofNullable(tensors.get("grad_in" + k));
    }

    private static FixtureTensor readTensor(Path file, String name, JsonNode node, ByteBuffer buf, int dataStart) {
        String dtype = node.path("dtype").asText("");
        int elementSize = switch (dtype) {
            case "F64", "I64" -> 8;
            case "F32", "I32" -> 4;
            case "U8", "BOOL" -> 1;
            case "BF16", "F16" -> 2;
            default -> throw bad(file, "tensor '" + name + "': unsupported dtype '" + dtype + "'");
        };
        JsonNode shapeNode = node.path("shape");
        JsonNode offsets = node.path("data_offsets");
        if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw bad(file, "tensor '" + name + "': needs a shape array and two data_offsets");
        }
        int[] shape = new int[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = shapeNode.get(i).asLong(-1);
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw bad(file, "tensor '" + name + "': bad dimension " + shapeNode.get(i) + " in shape " + shapeNode);
            }
            shape[i] = (int) d;
            count = Math.multiplyExact(count, d);
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        long available = buf.capacity() - (long) dataStart;
        if (begin < 0 || end < begin || end > available) {
            throw bad(file, "tensor '" + name + "': data_offsets [" + begin + ", " + end
                    + "] outside the " + available + " data bytes");
        }
        if (end - begin != count * elementSize) {
            throw bad(file, "tensor '" + name + "': " + (end - begin) + " bytes for shape " + shapeNode
                    + " of " + dtype + " (needs " + count * elementSize + ")");
        }
        int n = (int) count;
        int at = dataStart + (int) begin;
        switch (dtype) {
            case "BF16", "F16" -> { // the exact value of each 16-bit pattern
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    short bits = buf.getShort(at + 2 * i);
                    v[i] = dtype.equals("BF16") ? dev.reel.engine.HalfFloats.fromBF16(bits) : dev.reel.engine.HalfFloats.fromF16(bits);
                }
                return new FixtureTensor(dtype, shape, v, null);
            }
            case "F64", "F32" -> {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = dtype.equals("F64") ? buf.getDouble(at + 8 * i) : buf.getFloat(at + 4 * i);
                }
                return new FixtureTensor(dtype, shape, v, null);
            }
            default -> {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = switch (dtype) {
                        case "I64" -> buf.getLong(at + 8 * i);
                        case "I32" -> buf.getInt(at + 4 * i);
                        case "U8" -> buf.get(at + i) & 0xFF;
                        default -> {  // BOOL: one byte, 0 or 1
                            byte b = buf.get(at + i);
                            if (b != 0 && b != 1) {
                                throw bad(file, "tensor '" + name + "': BOOL byte " + b + " at element " + i);
                            }
                            yield b;
                        }
                    };
                }
                return new FixtureTensor(dtype, shape, null, v);
            }
        }
    }

    private static JsonNode parseJson(Path file, String key, String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw bad(file, "metadata '" + key + "' is not valid JSON: " + e.getMessage());
        }
    }

    private static IllegalArgumentException bad(Path file, String what) {
        return new IllegalArgumentException("fixture " + file.getFileName() + ": " + what);
    }
}
