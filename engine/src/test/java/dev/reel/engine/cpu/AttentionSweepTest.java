package dev.reel.engine.cpu;

import static dev.reel.engine.cpu.Sweep.U;
import static dev.reel.engine.cpu.Sweep.gamma;

import dev.reel.engine.F;
import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Fused scaled dot-product attention (blocked, flash-attention style) and its backward, through
 * {@code F.scaledDotProductAttention}, against the F64 formulas softmax(q·kᵀ·s)·v: q, k, v of
 * (B, heads, L or S, E) seen as transposes of (B, L, heads, E), as MultiheadAttention hands them
 * over, L and S from {@link Sweep#SIZES}, causal or not, 1..4 threads.
 *
 * <p>Bounds per element, from the magnitudes of its own terms (γ(k) for a sum of k terms): a
 * score is within δ = γ(E + 2)·s·Σ|q·k|; a probability p within relP = 2δ + (S + 8)u relatively
 * (exp, the row sum, the division; δ the largest of the row); an output Σ p·v within
 * (relP + γ(S + 2))·Σ p·|v|. Backward: dP = dO·vᵀ within γ(Ev + 2)·Σ|dO·v|; D = Σ p·dP within the
 * propagated errors plus γ(S + 2)·Σ p·|dP| (or, as dO·O, within Σ|dO|·err(O) + γ(Ev + 2)·Σ|dO·O|,
 * whichever is larger); dS = p·(dP - D) within p·(relP·|dP - D| + err(dP) + err(D) + 2u·|dP - D|);
 * dq, dk and dv sum S, L and L such terms, each term's error carried plus γ(length + 2) of the sum
 * of magnitudes. Every bound is doubled as margin.
 */
class AttentionSweepTest {
    @Test
    void fusedAttentionAndItsGradientsMatchTheF64Formulas() {
        Sweep.forThreads(threads -> {
            SplittableRandom rnd = new SplittableRandom(800 + threads);
            Generator g = new Generator(80 + threads);
            for (int c = 0; c < 4; c++) {
                int b = Sweep.pick(rnd, 1, 2), heads = Sweep.pick(rnd, 1, 3), l = Sweep.size(rnd, 129), s = Sweep.size(rnd, 129);
                int e = Sweep.size(rnd, 33), ev = Sweep.size(rnd, 33);
                boolean causal = rnd.nextBoolean();
                Tensor qLeaf = Tensor.randn(g, b, l, heads, e).requiresGrad_(true);
                Tensor kLeaf = Tensor.randn(g, b, s, heads, e).requiresGrad_(true);
                Tensor vLeaf = Tensor.randn(g, b, s, heads, ev).requiresGrad_(true);
                Tensor q = qLeaf.transpose(1, 2), k = kLeaf.transpose(1, 2), v = vLeaf.transpose(1, 2);
                Sweep.Input dOut = Sweep.Input.of(g, rnd.nextInt(3), false, b, heads, l, ev);
                Tensor out = F.scaledDotProductAttention(q, k, v, null, 0, causal, Double.NaN);
                out.backward(dOut.view());
                String what = "attention B=" + b + " heads=" + heads + " L=" + l + " S=" + s + " E=" + e + " Ev=" + ev
                        + (causal ? " causal" : "") + " threads=" + threads;
                Oracle o = new Oracle(b * heads, l, s, e, ev, causal, q.toDoubleArray(), k.toDoubleArray(), v.toDoubleArray(), dOut.values());
                Sweep.assertWithin(o.out, out.toDoubleArray(), o.tOut, what + " output");
                Sweep.assertWithin(o.dq, qLeaf.grad().transpose(1, 2).toDoubleArray(), o.tDq, what + " grad q");
                Sweep.assertWithin(o.dk, kLeaf.grad().transpose(1, 2).toDoubleArray(), o.tDk, what + " grad k");
                Sweep.assertWithin(o.dv, vLeaf.grad().transpose(1, 2).toDoubleArray(), o.tDv, what + " grad v");
            }
        });
    }

    /** Attention and its gradients in F64 over bh = B·heads independent (L, E), (S, E), (S, Ev) problems. */
    private static final class Oracle {
        final double[] out, dq, dk, dv, tOut, tDq, tDk, tDv;

        Oracle(int bh, int l, int s, int e, int ev, boolean causal, double[] q, double[] k, double[] v, double[] dO) {
            double scale = 1 / Math.sqrt(e);
            out = new double[bh * l * ev];
            tOut = new double[out.length];
            dq = new double[bh * l * e];
            tDq = new double[dq.length];
            dk = new double[bh * s * e];
            tDk = new double[dk.length];
            dv = new double[bh * s * ev];
            tDv = new double[dv.length];
            for (int t = 0; t < bh; t++) {
                for (int i = 0; i < l; i++) {
                    // scores and probabilities of row i
                    double[] p = new double[s];
                    double m = Double.NEGATIVE_INFINITY, sum = 0, delta = 0;
                    for (int j = 0; j < s; j++) {
                        if (causal && j > i) {
                            p[j] = Double.NEGATIVE_INFINITY;
                            continue;
                        }
                        double dot = 0, abs = 0;
                        for (int d = 0; d < e; d++) {
                            double x = q[(t * l + i) * e + d] * k[(t * s + j) * e + d];
                            dot += x;
                            abs += Math.abs(x);
                        }
                        p[j] = dot * scale;
                        delta = Math.max(delta, gamma(e + 2) * scale * abs);
                        m = Math.max(m, p[j]);
                    }
                    for (int j = 0; j < s; j++) {
                        p[j] = p[j] == Double.NEGATIVE_INFINITY ? 0 : Math.exp(p[j] - m);
                        sum += p[j];
                    }
                    for (int j = 0; j < s; j++) p[j] /= sum;
                    double relP = 2 * delta + (s + 8) * U;
                    // output, dP and D
                    int oi = (t * l + i) * ev;
                    double[] pv = new double[ev];
                    for (int j = 0; j < s; j++) {
                        for (int d = 0; d < ev; d++) {
                            out[oi + d] += p[j] * v[(t * s + j) * ev + d];
                            pv[d] += p[j] * Math.abs(v[(t * s + j) * ev + d]);
                        }
                    }
                    double dOAbsErrO = 0, dOOAbs = 0;
                    for (int d = 0; d < ev; d++) {
                        tOut[oi + d] = (relP + gamma(s + 2)) * pv[d];
                        dOAbsErrO += Math.abs(dO[oi + d]) * tOut[oi + d];
                        dOOAbs += Math.abs(dO[oi + d] * out[oi + d]);
                    }
                    double[] dP = new double[s], eP = new double[s];
                    double dDot = 0, dDotAbs = 0, dDotErr = 0;
                    for (int j = 0; j < s; j++) {
                        double abs = 0;
                        for (int d = 0; d < ev; d++) {
                            double x = dO[oi + d] * v[(t * s + j) * ev + d];
                            dP[j] += x;
                            abs += Math.abs(x);
                        }
                        eP[j] = gamma(ev + 2) * abs;
                        dDot += p[j] * dP[j];
                        dDotAbs += p[j] * Math.abs(dP[j]);
                        dDotErr += p[j] * (relP * Math.abs(dP[j]) + eP[j]);
                    }
                    double eD = Math.max(dDotErr + gamma(s + 2) * dDotAbs, dOAbsErrO + gamma(ev + 2) * dOOAbs);
                    // dS and its contributions to dq, dk, dv
                    for (int j = 0; j < s; j++) {
                        double diff = dP[j] - dDot;
                        double dS = p[j] * diff * scale;
                        double eS = p[j] * (relP * Math.abs(diff) + eP[j] + eD + 2 * U * Math.abs(diff)) * scale;
                        for (int d = 0; d < e; d++) {
                            double kv = k[(t * s + j) * e + d], qv = q[(t * l + i) * e + d];
                            dq[(t * l + i) * e + d] += dS * kv;
                            tDq[(t * l + i) * e + d] += eS * Math.abs(kv) + gamma(s + 2) * Math.abs(dS * kv);
                            dk[(t * s + j) * e + d] += dS * qv;
                            tDk[(t * s + j) * e + d] += eS * Math.abs(qv) + gamma(l + 2) * Math.abs(dS * qv);
                        }
                        for (int d = 0; d < ev; d++) {
                            double g = dO[oi + d];
                            dv[(t * s + j) * ev + d] += p[j] * g;
                            tDv[(t * s + j) * ev + d] += (relP + gamma(l + 2)) * p[j] * Math.abs(g);
                        }
                    }
                }
            }
            for (double[] tol : new double[][] {tOut, tDq, tDk, tDv}) {
                for (int i = 0; i < tol.length; i++) tol[i] *= 2;
            }
        }
    }
}
