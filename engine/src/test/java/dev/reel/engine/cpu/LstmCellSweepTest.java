package dev.reel.engine.cpu;

import static dev.reel.engine.cpu.Sweep.U;
import static dev.reel.engine.cpu.Sweep.gamma;

import dev.reel.engine.Generator;
import dev.reel.engine.Tensor;
import dev.reel.engine.ops.RnnOps;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fused LSTM cell ({@link RnnOps#lstmPointwise}: gates, new cell and hidden state in one pass,
 * and its fused backward) against the F64 formulas: batch and hidden sizes from
 * {@link Sweep#SIZES}, the two gate projections transposed or row-strided views, the old cell
 * strided, 1..4 threads.
 *
 * <p>Bounds per element, carried through each step of the formula: a pre-activation sums 4 terms
 * (γ(4)·Σ|terms|); a gate adds its slope times that (σ' = a(1 - a), tanh' = 1 - g²) and 4u; then
 * c' = f·c + i·g, tanh(c'), h = o·tanh(c'), and in the backward each product of the chain rule,
 * take the errors of their factors (first order) plus 2-4u of rounding. Bias gradients sum the
 * gate gradients over the batch, plus γ(B + 1) of the sum of magnitudes. All doubled as margin.
 */
class LstmCellSweepTest {
    @Test
    void fusedCellAndItsGradientsMatchTheF64Formulas() {
        Sweep.forThreads(threads -> {
            SplittableRandom rnd = new SplittableRandom(700 + threads);
            Generator g = new Generator(70 + threads);
            for (int c = 0; c < 5; c++) {
                int b = Sweep.size(rnd, 17), h = Sweep.size(rnd, 129);
                Sweep.Input gi = Sweep.Input.of(g, 1 + rnd.nextInt(2), true, b, 4 * h);
                Sweep.Input gh = Sweep.Input.of(g, 1 + rnd.nextInt(2), true, b, 4 * h);
                Sweep.Input cPrev = Sweep.Input.of(g, 2, true, b, h);
                Sweep.Input bIh = Sweep.Input.of(g, 0, true, 4 * h), bHh = Sweep.Input.of(g, 2, true, 4 * h);
                Tensor dh = Tensor.randn(g, b, h), dc = Tensor.randn(g, b, h);
                RnnOps.LstmState st = RnnOps.lstmPointwise(gi.view(), gh.view(), cPrev.view(), bIh.view(), bHh.view());
                // d/dh and d/dc of Σ h·dh + Σ c·dc are exactly dh and dc
                st.h().mul(dh).sum().add(st.c().mul(dc).sum()).backward();
                String what = "lstm cell B=" + b + " H=" + h + " threads=" + threads;

                double[] a = gi.values(), r = gh.values(), cv = cPrev.values(), b1 = bIh.values(), b2 = bHh.values();
                double[] dhv = dh.toDoubleArray(), dcv = dc.toDoubleArray();
                double[] eh = new double[b * h], th = new double[b * h], ec = new double[b * h], tc = new double[b * h];
                double[] eg = new double[b * 4 * h], tg = new double[eg.length], edc = new double[b * h], tdc = new double[b * h];
                double[] ebias = new double[4 * h], tbias = new double[4 * h];
                for (int n = 0; n < b; n++) {
                    for (int j = 0; j < h; j++) {
                        double[] act = new double[4], err = new double[4];
                        for (int q = 0; q < 4; q++) {
                            int k = n * 4 * h + q * h + j, col = q * h + j;
                            double pre = a[k] + r[k] + b1[col] + b2[col];
                            double preErr = gamma(4) * (Math.abs(a[k]) + Math.abs(r[k]) + Math.abs(b1[col]) + Math.abs(b2[col]));
                            act[q] = q == 2 ? Math.tanh(pre) : 1 / (1 + Math.exp(-pre));
                            double slope = q == 2 ? 1 - act[q] * act[q] : act[q] * (1 - act[q]);
                            err[q] = slope * preErr + 4 * U * Math.abs(act[q]);
                        }
                        double ig = act[0], fg = act[1], gg = act[2], og = act[3], cOld = cv[n * h + j];
                        double ei = err[0], ef = err[1], eG = err[2], eo = err[3];
                        double c2 = fg * cOld + ig * gg, tc2 = Math.tanh(c2), hNew = og * tc2;
                        double eC = Math.abs(cOld) * ef + Math.abs(gg) * ei + Math.abs(ig) * eG
                                + 2 * U * (Math.abs(fg * cOld) + Math.abs(ig * gg)) + U * Math.abs(c2);
                        double eT = (1 - tc2 * tc2) * eC + 4 * U * Math.abs(tc2);
                        int o = n * h + j;
                        ec[o] = c2;
                        tc[o] = 2 * eC;
                        eh[o] = hNew;
                        th[o] = 2 * (Math.abs(tc2) * eo + og * eT + U * Math.abs(hNew));
                        // gradients of the pre-activations and of the old cell
                        double dh1 = dhv[o], dPath = dh1 * og * (1 - tc2 * tc2), dcTotal = dcv[o] + dPath;
                        double eDct = Math.abs(dh1) * (eo * (1 - tc2 * tc2) + og * 2 * Math.abs(tc2) * eT) + 3 * U * (Math.abs(dPath) + Math.abs(dcTotal));
                        double[] dGate = {dcTotal * gg * ig * (1 - ig), dcTotal * cOld * fg * (1 - fg), dcTotal * ig * (1 - gg * gg),
                                          dh1 * tc2 * og * (1 - og)};
                        double[] eGate = {
                            Math.abs(gg * ig * (1 - ig)) * eDct + Math.abs(dcTotal) * (ig * (1 - ig) * eG + Math.abs(gg) * Math.abs(1 - 2 * ig) * ei),
                            Math.abs(cOld * fg * (1 - fg)) * eDct + Math.abs(dcTotal * cOld) * Math.abs(1 - 2 * fg) * ef,
                            ig * (1 - gg * gg) * eDct + Math.abs(dcTotal) * ((1 - gg * gg) * ei + ig * 2 * Math.abs(gg) * eG),
                            Math.abs(dh1) * (og * (1 - og) * eT + Math.abs(tc2) * Math.abs(1 - 2 * og) * eo)};
                        for (int q = 0; q < 4; q++) {
                            double t = 2 * (eGate[q] + 4 * U * Math.abs(dGate[q]));
                            eg[n * 4 * h + q * h + j] = dGate[q];
                            tg[n * 4 * h + q * h + j] = t;
                            ebias[q * h + j] += dGate[q];
                            tbias[q * h + j] += t + 2 * gamma(b + 1) * Math.abs(dGate[q]);
                        }
                        double gradErr = 2 * (fg * eDct + Math.abs(dcTotal) * ef + U * Math.abs(dcTotal * fg));
                        edc[o] = dcTotal * fg;
                        tdc[o] = gradErr;
                    }
                }
                Sweep.assertWithin(eh, st.h().toDoubleArray(), th, what + " h'");
                Sweep.assertWithin(ec, st.c().toDoubleArray(), tc, what + " c'");
                Sweep.assertWithin(eg, gi.grad(), tg, what + " grad gi");
                Sweep.assertWithin(eg, gh.grad(), tg, what + " grad gh");
                Sweep.assertWithin(edc, cPrev.grad(), tdc, what + " grad c");
                Sweep.assertWithin(ebias, bIh.grad(), tbias, what + " grad b_ih");
                Sweep.assertWithin(ebias, bHh.grad(), tbias, what + " grad b_hh");
            }
        });
    }
}
