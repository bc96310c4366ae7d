package dev.reel.engine.ops;

import dev.reel.engine.autograd.AutocastMode;
import dev.reel.engine.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Matrix products. The one primitive is the batched product of 3-D tensors ({@link #bmm});
 * matmul's 1-D / 2-D / broadcast rules and einsum reshape their operands into it.
 */
public final class LinalgOps {
    private LinalgOps() {}

    private static void checkFloat(Tensor a, Tensor b, String op) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": expected both operands to have the same dtype, but got "
                    + a.dtype().torchName() + " and " + b.dtype().torchName());
        }
        if (!a.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected floating point operands, got " + a.dtype().torchName());
        }
        if (!a.device().equals(b.device())) {
            throw new IllegalArgumentException(op + ": expected both operands on the same device, got " + a.device() + " and " + b.device());
        }
    }

    private static IllegalArgumentException mismatch(String op, Tensor a, Tensor b, int ka, int kb) {
        return new IllegalArgumentException(op + ": shapes " + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape())
                + " cannot be multiplied (" + ka + " != " + kb + ")");
    }

    /** (B, M, K) · (B, K, N) → (B, M, N); dA = dC·Bᵀ, dB = Aᵀ·dC. */
    public static Tensor bmm(Tensor a, Tensor b) {
        // autocast: a lower-precision op (PyTorch's list)
        a = AutocastMode.lower(a);
        b = AutocastMode.lower(b);
        if (a.dim() != 3 || b.dim() != 3) {
            throw new IllegalArgumentException("bmm: expected 3-D tensors, got shapes " + Arrays.toString(a.shape()) + " and "
                    + Arrays.toString(b.shape()));
        }
        checkFloat(a, b, "bmm");
        if (a.size(2) != b.size(1)) throw mismatch("bmm", a, b, a.size(2), b.size(1));
        if (a.size(0) != b.size(0)) {
            throw new IllegalArgumentException("bmm: batch sizes differ: " + a.size(0) + " != " + b.size(0));
        }
        Tensor out = Creation.empty(a.dtype(), a.device(), a.size(0), a.size(1), b.size(2));
        a.backend().matmul(a, b, out);
        return Graph.record("BmmBackward0", out, new Tensor[] {a, b}, new Tensor[] {a, b}, (g, s) -> new Tensor[] {
            g.bmm(s[1].transpose(1, 2)), s[0].transpose(1, 2).bmm(g)});
    }

    public static Tensor mm(Tensor a, Tensor b) {
        // autocast: a lower-precision op (PyTorch's list)
        a = AutocastMode.lower(a);
        b = AutocastMode.lower(b);
        if (a.dim() != 2 || b.dim() != 2) {
            throw new IllegalArgumentException("mm: expected 2-D tensors, got shapes " + Arrays.toString(a.shape()) + " and "
                    + Arrays.toString(b.shape()));
        }
        if (a.size(1) != b.size(0)) throw mismatch("mm", a, b, a.size(1), b.size(0));
        return bmm(a.unsqueeze(0), b.unsqueeze(0)).squeeze(0);
    }

    public static Tensor dot(Tensor a, Tensor b) {
        if (a.dim() != 1 || b.dim() != 1) {
            throw new IllegalArgumentException("dot: 1D tensors expected, but got " + a.dim() + "D and " + b.dim() + "D tensors");
        }
        if (a.size(0) != b.size(0)) {
            throw new IllegalArgumentException("dot: inconsistent tensor size, expected tensor [" + a.size(0)
                    + "] and src [" + b.size(0) + "] to have the same number of elements");
        }
        return a.mul(b).sum();
    }

    public static Tensor outer(Tensor a, Tensor b) {
        if (a.dim() != 1 || b.dim() != 1) {
            throw new IllegalArgumentException("outer: 1D tensors expected, got " + a.dim() + "D and " + b.dim() + "D");
        }
        return a.unsqueeze(1).mul(b.unsqueeze(0));
    }

    /** torch.matmul's rules: 1-D·1-D dot, 1-D operands get a temporary dim, batch dims broadcast. */
    public static Tensor matmul(Tensor a, Tensor b) {
        // autocast: a lower-precision op (PyTorch's list)
        a = AutocastMode.lower(a);
        b = AutocastMode.lower(b);
        int ra = a.dim(), rb = b.dim();
        if (ra == 0 || rb == 0) {
            throw new IllegalArgumentException("matmul: both arguments need at least 1 dimension, got " + ra + "D and " + rb + "D");
        }
        if (ra == 1 && rb == 1) return dot(a, b);
        int ka = a.size(-1), kb = rb == 1 ? b.size(0) : b.size(-2);
        if (ka != kb) throw mismatch("matmul", a, b, ka, kb);
        if (ra == 1) return matmul(a.unsqueeze(0), b).squeeze(-2);
        if (rb == 1) return matmul(a, b.unsqueeze(-1)).squeeze(-1);
        if (ra == 2 && rb == 2) return mm(a, b);
        if (rb == 2) {
            // fold a's batch dims into its rows: one big GEMM
            int[] as = a.shape();
            Tensor r = mm(a.reshape(-1, ka), b);
            int[] os = Arrays.copyOf(as, ra);
            os[ra - 1] = b.size(1);
            return r.reshape(os);
        }
        int[] ba = Arrays.copyOf(a.shape(), ra - 2), bb = Arrays.copyOf(b.shape(), rb - 2);
        int[] batch = Shapes.broadcast(ba, bb, "matmul");
        int m = a.size(-2), n = b.size(-1);
        int[] ea = Arrays.copyOf(batch, batch.length + 2), eb = Arrays.copyOf(batch, batch.length + 2);
        ea[batch.length] = m;
        ea[batch.length + 1] = ka;
        eb[batch.length] = kb;
        eb[batch.length + 1] = n;
        Tensor r = bmm(a.expand(ea).reshape(-1, m, ka), b.expand(eb).reshape(-1, kb, n));
        int[] os = Arrays.copyOf(batch, batch.length + 2);
        os[batch.length] = m;
        os[batch.length + 1] = n;
        return r.reshape(os);
    }

    /**
     * Einstein summation over one or more operands (folded pairwise), e.g. {@code "bij,bjk->bik"},
     * {@code "ij->ji"}, {@code "bhqd,bhkd->bhqk"}. Each pair is turned into one batched GEMM.
     * Repeated indices inside one operand (diagonals) are rejected with an error.
     */
    public static Tensor einsum(String equation, Tensor... operands) {
        String eq = equation.replace(" ", "");
        String[] sides = eq.split("->", -1);
        String[] ins = sides[0].split(",", -1);
        if (ins.length != operands.length) {
            throw new IllegalArgumentException("einsum: equation '" + equation + "' names " + ins.length + " operands but "
                    + operands.length + " were given");
        }
        String out;
        if (sides.length == 2) {
            out = sides[1];
        } else { // implicit output: indices that appear once, sorted
            StringBuilder sb = new StringBuilder();
            String all = String.join("", ins);
            all.chars().distinct().sorted().filter(c -> all.indexOf(c) == all.lastIndexOf(c)).forEach(c -> sb.append((char) c));
            out = sb.toString();
        }
        for (int i = 0; i < ins.length; i++) {
            if (ins[i].length() != operands[i].dim()) {
                throw new IllegalArgumentException("einsum: operand " + i + " has " + operands[i].dim() + " dims but subscript '"
                        + ins[i] + "' names " + ins[i].length());
            }
            if (ins[i].chars().distinct().count() != ins[i].length()) {
                throw new IllegalArgumentException("einsum: repeated index in operand subscript '" + ins[i]
                        + "' (diagonals) is not supported");
            }
        }
        Tensor acc = operands[0];
        String accIdx = ins[0];
        for (int i = 1; i < operands.length; i++) {
            StringBuilder later = new StringBuilder(out);
            for (int j = i + 1; j < ins.length; j++) later.append(ins[j]);
            String keep = keepIndices(accIdx, ins[i], later.toString());
            acc = pair(acc, accIdx, operands[i], ins[i], keep);
            accIdx = keep;
        }
        return single(acc, accIdx, out);
    }

    /** Indices of a ∪ b still needed (in the output or a later operand), in first-seen order. */
    private static String keepIndices(String a, String b, String needed) {
        StringBuilder sb = new StringBuilder();
        for (char c : (a + b).toCharArray()) {
            if (needed.indexOf(c) >= 0 && sb.indexOf(String.valueOf(c)) < 0) sb.append(c);
        }
        return sb.toString();
    }

    /** Sums out indices not in out and permutes into out's order. */
    private static Tensor single(Tensor t, String idx, String out) {
        List<Integer> sumDims = new ArrayList<>();
        StringBuilder rest = new StringBuilder();
        for (int i = 0; i < idx.length(); i++) {
            if (out.indexOf(idx.charAt(i)) < 0) sumDims.add(i);
            else rest.append(idx.charAt(i));
        }
        for (char c : out.toCharArray()) {
            if (rest.indexOf(String.valueOf(c)) < 0) {
                throw new IllegalArgumentException("einsum: output index '" + c + "' does not appear in the inputs");
            }
        }
        Tensor r = sumDims.isEmpty() ? t : t.sum(sumDims.stream().mapToInt(Integer::intValue).toArray(), false);
        int[] perm = new int[out.length()];
        for (int i = 0; i < out.length(); i++) perm[i] = rest.indexOf(String.valueOf(out.charAt(i)));
        return perm.length == 0 ? r : r.permute(perm);
    }

    /** One pairwise contraction as a batched GEMM: [batch, aFree, k] · [batch, k, bFree]. */
    private static Tensor pair(Tensor a, String ai, Tensor b, String bi, String keep) {
        Set<Character> batch = new LinkedHashSet<>(), contract = new LinkedHashSet<>(), aFree = new LinkedHashSet<>(),
                bFree = new LinkedHashSet<>();
        for (char c : ai.toCharArray()) {
            boolean inB = bi.indexOf(c) >= 0, kept = keep.indexOf(c) >= 0;
            if (inB && kept) batch.add(c);
            else if (inB) contract.add(c);
            else if (kept) aFree.add(c);
        }
        for (char c : bi.toCharArray()) if (ai.indexOf(c) < 0 && keep.indexOf(c) >= 0) bFree.add(c);
        // sum out indices private to one operand and not kept
        String aOwn = filter(ai, c -> bi.indexOf(c) >= 0 || keep.indexOf(c) >= 0);
        String bOwn = filter(bi, c -> ai.indexOf(c) >= 0 || keep.indexOf(c) >= 0);
        a = single(a, ai, aOwn);
        b = single(b, bi, bOwn);
        String aOrder = join(batch) + join(aFree) + join(contract);
        String bOrder = join(batch) + join(contract) + join(bFree);
        Tensor ap = single(a, aOwn, aOrder), bp = single(b, bOwn, bOrder);
        int nb = size(ap, aOrder, batch), nm = size(ap, aOrder, aFree), nk = size(ap, aOrder, contract), nn = size(bp, bOrder, bFree);
        int nkb = size(bp, bOrder, contract);
        if (nk != nkb) {
            throw new IllegalArgumentException("einsum: contracted dimensions differ in size (" + nk + " != " + nkb + ")");
        }
        Tensor r = bmm(ap.reshape(nb, nm, nk), bp.reshape(nb, nk, nn));
        String rOrder = join(batch) + join(aFree) + join(bFree);
        int[] shape = new int[rOrder.length()];
        for (int i = 0; i < rOrder.length(); i++) {
            char c = rOrder.charAt(i);
            shape[i] = aOrder.indexOf(c) >= 0 ? ap.size(aOrder.indexOf(c)) : bp.size(bOrder.indexOf(c));
        }
        return single(r.reshape(shape), rOrder, keep);
    }

    private static String filter(String s, java.util.function.IntPredicate keep) {
        StringBuilder sb = new StringBuilder();
        s.chars().filter(keep).forEach(c -> sb.append((char) c));
        return sb.toString();
    }

    private static String join(Set<Character> s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s) sb.append(c);
        return sb.toString();
    }

    private static int size(Tensor t, String order, Set<Character> which) {
        int n = 1;
        for (char c : which) n *= t.size(order.indexOf(c));
        return n;
    }
}
