package dev.reel.engine.cpu;

import dev.reel.engine.DType;
import dev.reel.engine.Tensor;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused optimizer steps (Adam/AdamW, SGD) over contiguous F32/F64 arrays: one pass reading
 * each parameter, gradient and state element once and writing it once, where the composite
 * formula makes about eight passes and five full-size temporaries.
 *
 * <p>The arithmetic is the composite formula's, operation for operation, in the tensor's dtype
 * with the scalars rounded to it first (as the tensor ops do), and uses only exactly rounded
 * operations (add, mul, div, sqrt, max): the vector lanes and the scalar tail give the same bits,
 * compiled or interpreted, so results depend neither on the JIT nor on how the range is split
 * across the pool. Callers check {@link #supports} and fall back to the composite otherwise.
 *
 * <pre>{@code
 * if (CpuOptim.supports(p, g, m, v)) CpuOptim.adam(p, g, m, v, null, 1e-3, 0.9, 0.999, 1e-8, 0, false, 1);
 * }</pre>
 */
final class CpuOptim {
    private CpuOptim() {}

    private static final VectorSpecies<Float> FS = VectorLoops.FS;
    private static final VectorSpecies<Double> DS = VectorLoops.DS;

    /** Elements per pool chunk: below this the step is memory-light enough to stay on the caller's thread. */
    private static final int GRAIN = 1 << 15;

    /** True when every non-null tensor is contiguous and has p's dtype, F32 or F64. */
    static boolean supports(Tensor p, Tensor... others) {
        if (p.dtype() != DType.F32 && p.dtype() != DType.F64 || !p.isContiguous()) return false;
        for (Tensor t : others) {
            if (t != null && (t.dtype() != p.dtype() || !t.isContiguous())) return false;
        }
        return true;
    }

    private static Object array(Tensor t) { return t == null ? null : ((CpuStorage) t.storage()).array(); }

    private static int offset(Tensor t) { return t == null ? 0 : t.offset(); }

    // ---------------------------------------------------------------- Adam

    /** The scalars of one Adam step, each computed as the composite formula computes it (in double, then rounded). */
    private record AdamScalars(double b1, double omb1, double b2, double omb2, double eps, double wd, double decay,
                               double bc2Sqrt, double stepNeg, boolean coupled, boolean decoupled) {
        static AdamScalars of(double lr, double beta1, double beta2, double eps, double wd, boolean decoupled, double step) {
            return new AdamScalars(beta1, 1 - beta1, beta2, 1 - beta2, eps, wd, 1 - lr * wd,
                    Math.sqrt(1 - Math.pow(beta2, step)), -lr / (1 - Math.pow(beta1, step)), wd != 0 && !decoupled, wd != 0 && decoupled);
        }
    }

    static void adam(Tensor p, Tensor g, Tensor m, Tensor v, Tensor vMax, double lr, double beta1, double beta2, double eps,
                     double weightDecay, boolean decoupled, double step) {
        AdamScalars s = AdamScalars.of(lr, beta1, beta2, eps, weightDecay, decoupled, step);
        Object pa = array(p), ga = array(g), ma = array(m), va = array(v), xa = array(vMax);
        int po = offset(p), go = offset(g), mo = offset(m), vo = offset(v), xo = offset(vMax);
        boolean f32 = p.dtype() == DType.F32, simd = VectorLoops.SIMD;
        Parallel.forRange(0, p.numel(), GRAIN, (lo, hi) -> {
            if (f32) adamF32((float[]) pa, po, (float[]) ga, go, (float[]) ma, mo, (float[]) va, vo, (float[]) xa, xo, lo, hi, s, simd);
            else adamF64((double[]) pa, po, (double[]) ga, go, (double[]) ma, mo, (double[]) va, vo, (double[]) xa, xo, lo, hi, s, simd);
        });
    }

    private static void adamF32(float[] p, int po, float[] g, int go, float[] m, int mo, float[] v, int vo, float[] x, int xo,
                                int lo, int hi, AdamScalars s, boolean simd) {
        float b1 = (float) s.b1, omb1 = (float) s.omb1, b2 = (float) s.b2, omb2 = (float) s.omb2, eps = (float) s.eps;
        float wd = (float) s.wd, decay = (float) s.decay, bc2 = (float) s.bc2Sqrt, stepNeg = (float) s.stepNeg;
        boolean amsgrad = x != null;
        int i = lo;
        if (simd) {
            for (int bound = lo + FS.loopBound(hi - lo); i < bound; i += FS.length()) {
                FloatVector pv = FloatVector.fromArray(FS, p, po + i), gv = FloatVector.fromArray(FS, g, go + i);
                if (s.coupled) gv = gv.add(pv.mul(wd));
                else if (s.decoupled) pv = pv.mul(decay);
                FloatVector mv = FloatVector.fromArray(FS, m, mo + i).mul(b1).add(gv.mul(omb1));
                FloatVector vv = FloatVector.fromArray(FS, v, vo + i).mul(b2).add(gv.mul(gv).mul(omb2));
                mv.intoArray(m, mo + i);
                vv.intoArray(v, vo + i);
                if (amsgrad) {
                    vv = FloatVector.fromArray(FS, x, xo + i).max(vv);
                    vv.intoArray(x, xo + i);
                }
                FloatVector denom = vv.sqrt().div(bc2).add(eps);
                pv.add(mv.div(denom).mul(stepNeg)).intoArray(p, po + i);
            }
        }
        for (; i < hi; i++) {
            float pi = p[po + i], gi = g[go + i];
            if (s.coupled) gi = gi + pi * wd;
            else if (s.decoupled) pi = pi * decay;
            float mi = m[mo + i] * b1 + gi * omb1, vi = v[vo + i] * b2 + gi * gi * omb2;
            m[mo + i] = mi;
            v[vo + i] = vi;
            if (amsgrad) {
                vi = Math.max(x[xo + i], vi);
                x[xo + i] = vi;
            }
            float denom = (float) Math.sqrt(vi) / bc2 + eps;
            p[po + i] = pi + mi / denom * stepNeg;
        }
    }

    private static void adamF64(double[] p, int po, double[] g, int go, double[] m, int mo, double[] v, int vo, double[] x, int xo,
                                int lo, int hi, AdamScalars s, boolean simd) {
        boolean amsgrad = x != null;
        int i = lo;
        if (simd) {
            for (int bound = lo + DS.loopBound(hi - lo); i < bound; i += DS.length()) {
                DoubleVector pv = DoubleVector.fromArray(DS, p, po + i), gv = DoubleVector.fromArray(DS, g, go + i);
                if (s.coupled) gv = gv.add(pv.mul(s.wd));
                else if (s.decoupled) pv = pv.mul(s.decay);
                DoubleVector mv = DoubleVector.fromArray(DS, m, mo + i).mul(s.b1).add(gv.mul(s.omb1));
                DoubleVector vv = DoubleVector.fromArray(DS, v, vo + i).mul(s.b2).add(gv.mul(gv).mul(s.omb2));
                mv.intoArray(m, mo + i);
                vv.intoArray(v, vo + i);
                if (amsgrad) {
                    vv = DoubleVector.fromArray(DS, x, xo + i).max(vv);
                    vv.intoArray(x, xo + i);
                }
                DoubleVector denom = vv.sqrt().div(s.bc2Sqrt).add(s.eps);
                pv.add(mv.div(denom).mul(s.stepNeg)).intoArray(p, po + i);
            }
        }
        for (; i < hi; i++) {
            double pi = p[po + i], gi = g[go + i];
            if (s.coupled) gi = gi + pi * s.wd;
            else if (s.decoupled) pi = pi * s.decay;
            double mi = m[mo + i] * s.b1 + gi * s.omb1, vi = v[vo + i] * s.b2 + gi * gi * s.omb2;
            m[mo + i] = mi;
            v[vo + i] = vi;
            if (amsgrad) {
                vi = Math.max(x[xo + i], vi);
                x[xo + i] = vi;
            }
            double denom = Math.sqrt(vi) / s.bc2Sqrt + s.eps;
            p[po + i] = pi + mi / denom * s.stepNeg;
        }
    }

    // ---------------------------------------------------------------- SGD

    static void sgd(Tensor p, Tensor g, Tensor buf, double lr, double momentum, double dampening, double weightDecay,
                    boolean nesterov, boolean firstStep) {
        Object pa = array(p), ga = array(g), ba = array(buf);
        int po = offset(p), go = offset(g), bo = offset(buf);
        boolean f32 = p.dtype() == DType.F32, simd = VectorLoops.SIMD;
        // the composite's scalars: 1 - dampening and -lr are computed in double before rounding to the dtype
        double omd = 1 - dampening, lrNeg = -lr;
        Parallel.forRange(0, p.numel(), GRAIN, (lo, hi) -> {
            if (f32) {
                sgdF32((float[]) pa, po, (float[]) ga, go, (float[]) ba, bo, lo, hi, (float) lrNeg, (float) momentum, (float) omd,
                        (float) weightDecay, nesterov, firstStep, simd);
            } else {
                sgdF64((double[]) pa, po, (double[]) ga, go, (double[]) ba, bo, lo, hi, lrNeg, momentum, omd, weightDecay, nesterov,
                        firstStep, simd);
            }
        });
    }

    private static void sgdF32(float[] p, int po, float[] g, int go, float[] b, int bo, int lo, int hi, float lrNeg, float mom,
                               float omd, float wd, boolean nesterov, boolean first, boolean simd) {
        boolean momentum = b != null;
        int i = lo;
        if (simd) {
            for (int bound = lo + FS.loopBound(hi - lo); i < bound; i += FS.length()) {
                FloatVector pv = FloatVector.fromArray(FS, p, po + i), d = FloatVector.fromArray(FS, g, go + i);
                if (wd != 0) d = d.add(pv.mul(wd));
                if (momentum) {
                    FloatVector bv = first ? d : FloatVector.fromArray(FS, b, bo + i).mul(mom).add(d.mul(omd));
                    bv.intoArray(b, bo + i);
                    d = nesterov ? d.add(bv.mul(mom)) : bv;
                }
                pv.add(d.mul(lrNeg)).intoArray(p, po + i);
            }
        }
        for (; i < hi; i++) {
            float pi = p[po + i], d = g[go + i];
            if (wd != 0) d = d + pi * wd;
            if (momentum) {
                float bi = first ? d : b[bo + i] * mom + d * omd;
                b[bo + i] = bi;
                d = nesterov ? d + bi * mom : bi;
            }
            p[po + i] = pi + d * lrNeg;
        }
    }

    private static void sgdF64(double[] p, int po, double[] g, int go, double[] b, int bo, int lo, int hi, double lrNeg, double mom,
                               double omd, double wd, boolean nesterov, boolean first, boolean simd) {
        boolean momentum = b != null;
        int i = lo;
        if (simd) {
            for (int bound = lo + DS.loopBound(hi - lo); i < bound; i += DS.length()) {
                DoubleVector pv = DoubleVector.fromArray(DS, p, po + i), d = DoubleVector.fromArray(DS, g, go + i);
                if (wd != 0) d = d.add(pv.mul(wd));
                if (momentum) {
                    DoubleVector bv = first ? d : DoubleVector.fromArray(DS, b, bo + i).mul(mom).add(d.mul(omd));
                    bv.intoArray(b, bo + i);
                    d = nesterov ? d.add(bv.mul(mom)) : bv;
                }
                pv.add(d.mul(lrNeg)).intoArray(p, po + i);
            }
        }
        for (; i < hi; i++) {
            double pi = p[po + i], d = g[go + i];
            if (wd != 0) d = d + pi * wd;
            if (momentum) {
                double bi = first ? d : b[bo + i] * mom + d * omd;
                b[bo + i] = bi;
                d = nesterov ? d + bi * mom : bi;
            }
            p[po + i] = pi + d * lrNeg;
        }
    }
}
