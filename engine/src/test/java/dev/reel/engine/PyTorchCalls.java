package dev.reel.engine;

import dev.reel.engine.testing.Fixture;
import dev.reel.engine.testing.FixtureArgs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a PyTorch call recorded in a {@link Fixture} (its {@code op}, tensor inputs by parameter
 * name, and {@code args}) to the Reel call that should give the same result.
 *
 * <p>Missing arguments take PyTorch's defaults. The table reads as a dictionary from PyTorch to
 * Reel: {@code torch.nn.functional.conv2d(input, weight, bias, stride, ...)} is
 * {@code F.conv2d(input, weight, bias, stride, ...)}.
 */
final class PyTorchCalls {

    private PyTorchCalls() {}

    /** The tensor inputs of a call by PyTorch parameter name, and its non-tensor arguments. */
    record Call(Map<String, Tensor> in, List<Tensor> list, FixtureArgs args) {
        Tensor x() {
            for (String name : List.of("input", "self", "tensor", "input1", "x1", "anchor")) {
                if (in.containsKey(name)) {
                    return in.get(name);
                }
            }
            throw new IllegalArgumentException("no input, self or tensor among " + in.keySet());
        }

        Tensor get(String name) {
            return in.get(name);
        }

        /** The list argument {@code name} (PyTorch's {@code tensors} of cat and stack). */
        List<Tensor> items(String name) {
            List<Tensor> items = new ArrayList<>();
            for (Map.Entry<String, Tensor> e : in.entrySet()) {
                if (e.getKey().startsWith(name + ".")) {
                    items.add(e.getValue());
                }
            }
            return items;
        }
    }

    /** Runs the fixture's op on {@code inputs}; the first result is {@code out}, then {@code out1}, ... */
    static List<Tensor> call(Fixture f, List<Tensor> inputs) {
        Map<String, Tensor> named = new LinkedHashMap<>();
        for (int k = 0; k < inputs.size(); k++) {
            named.put(f.inputs().get(k), inputs.get(k));
        }
        Call c = new Call(named, inputs, new FixtureArgs(f));
        String op = f.op();
        if (op.startsWith("torch.nn.functional.")) {
            return PyTorchFunctional.call(op.substring("torch.nn.functional.".length()), c);
        }
        if (op.startsWith("torch.Tensor.")) {
            return List.of(method(op.substring("torch.Tensor.".length()), c));
        }
        if (op.startsWith("torch.")) {
            return torch(op.substring("torch.".length()), c);
        }
        throw new IllegalArgumentException("no Reel mapping for " + op);
    }

    private static Tensor method(String name, Call c) {
        FixtureArgs a = c.args();
        Tensor x = c.x();
        return switch (name) {
            case "unfold" -> x.unfold(a.integer("dimension", 0), a.integer("size", 0), a.integer("step", 0));
            case "repeat" -> x.repeat(a.ints("repeats", new int[0]));
            case "expand" -> x.expand(a.ints("size", new int[0]));
            default -> throw new IllegalArgumentException("no Reel mapping for torch.Tensor." + name);
        };
    }

    private static List<Tensor> torch(String name, Call c) {
        FixtureArgs a = c.args();
        return switch (name) {
            case "cat" -> List.of(Tensor.cat(c.items("tensors"), a.integer("dim", 0)));
            case "stack" -> List.of(Tensor.stack(c.items("tensors"), a.integer("dim", 0)));
            case "einsum" -> List.of(Tensor.einsum(a.string("equation", ""), c.items("operands").toArray(Tensor[]::new)));
            default -> withInput(name, c, c.x(), a);
        };
    }

    private static List<Tensor> withInput(String name, Call c, Tensor x, FixtureArgs a) {
        return switch (name) {
            case "max", "min" -> {
                var r = name.equals("max") ? x.max(a.integer("dim", 0), a.bool("keepdim", false))
                        : x.min(a.integer("dim", 0), a.bool("keepdim", false));
                yield List.of(r.values(), r.indices());
            }
            case "split" -> a.node("split_size_or_sections").isArray()
                    ? x.split(a.ints("split_size_or_sections", new int[0]), a.integer("dim", 0))
                    : x.split(a.integer("split_size_or_sections", 1), a.integer("dim", 0));
            case "chunk" -> x.chunk(a.integer("chunks", 1), a.integer("dim", 0));
            default -> List.of(single(name, c, x, a));
        };
    }

    private static Tensor single(String name, Call c, Tensor x, FixtureArgs a) {
        Tensor other = c.get("other");
        int[] dims = a.has("dim") ? a.ints("dim", (int[]) null) : allDims(x);
        boolean keep = a.bool("keepdim", false);
        return switch (name) {
            case "neg" -> x.neg();
            case "abs" -> x.abs();
            case "sign" -> x.sign();
            case "exp" -> x.exp();
            case "expm1" -> x.expm1();
            case "log" -> x.log();
            case "log1p" -> x.log1p();
            case "sqrt" -> x.sqrt();
            case "rsqrt" -> x.rsqrt();
            case "square" -> x.square();
            case "reciprocal" -> x.reciprocal();
            case "sin" -> x.sin();
            case "cos" -> x.cos();
            case "tanh" -> x.tanh();
            case "sigmoid" -> x.sigmoid();
            case "relu" -> x.relu();
            case "floor" -> x.floor();
            case "ceil" -> x.ceil();
            case "round" -> x.round();
            case "clamp" -> x.clamp(a.real("min", Double.NaN), a.real("max", Double.NaN));
            case "pow" -> c.get("exponent") != null ? x.pow(c.get("exponent")) : x.pow(a.real("exponent", 1));
            case "add" -> x.add(other, a.real("alpha", 1));
            case "sub" -> x.sub(other);
            case "mul" -> x.mul(other);
            case "div" -> x.div(other);
            case "maximum" -> x.maximum(other);
            case "minimum" -> x.minimum(other);
            case "atan2" -> x.atan2(other);
            case "gt" -> x.gt(other);
            case "where" -> Tensor.where(c.get("condition"), x, other);
            case "sum" -> x.sum(dims, keep);
            case "mean" -> x.mean(dims, keep);
            case "var" -> x.var(dims, a.real("correction", 1), keep);
            case "std" -> x.std(dims, a.real("correction", 1), keep);
            case "logsumexp" -> x.logsumexp(dims, keep);
            case "norm" -> x.norm(a.real("p", 2), dims, keep);
            case "cumsum" -> x.cumsum(a.integer("dim", 0));
            case "prod" -> a.has("dim") ? x.prod(a.integer("dim", 0), keep) : x.prod();
            case "amax" -> x.amax(dims, keep);
            case "amin" -> x.amin(dims, keep);
            case "argmax" -> x.argmax(a.integer("dim", 0), keep);
            case "matmul" -> x.matmul(other);
            case "bmm" -> x.bmm(c.get("mat2"));
            case "gather" -> x.gather(a.integer("dim", 0), c.get("index"));
            case "scatter_add" -> x.scatterAdd(a.integer("dim", 0), c.get("index"), c.get("src"));
            case "index_select" -> x.indexSelect(a.integer("dim", 0), c.get("index"));
            case "flip" -> x.flip(a.ints("dims", new int[0]));
            // torch.roll without dims rolls the flattened tensor; Reel's roll always names its dims.
            case "roll" -> a.has("dims") ? x.roll(a.ints("shifts", new int[0]), a.ints("dims", new int[0]))
                    : x.flatten().roll(a.integer("shifts", 0), 0).view(x.shape());
            case "tril" -> x.tril(a.integer("diagonal", 0));
            case "triu" -> x.triu(a.integer("diagonal", 0));
            case "tile" -> x.tile(a.ints("dims", new int[0]));
            case "repeat_interleave" -> x.repeatInterleave(a.integer("repeats", 1), a.integer("dim", 0));
            case "masked_fill" -> x.maskedFill(c.get("mask"), a.real("value", 0));
            case "nonzero" -> x.nonzero();
            case "narrow" -> x.narrow(a.integer("dim", 0), a.integer("start", 0), a.integer("length", 0));
            case "permute" -> x.permute(a.ints("dims", new int[0]));
            case "transpose" -> x.transpose(a.integer("dim0", 0), a.integer("dim1", 0));
            case "mm" -> x.mm(c.get("mat2"));
            case "mv" -> x.mv(c.get("vec"));
            case "dot" -> x.dot(c.get("tensor"));
            case "outer" -> x.outer(c.get("vec2"));
            default -> throw new IllegalArgumentException("no Reel mapping for torch." + name);
        };
    }

    private static int[] allDims(Tensor x) {
        int[] d = new int[x.dim()];
        for (int i = 0; i < d.length; i++) {
            d[i] = i;
        }
        return d;
    }
}
