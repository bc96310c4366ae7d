// Scaled dot-product attention, flash-attention style: the (L, S) score matrix never exists in
// device memory. Semantics as dev.reel.engine.ops.AttentionOps (PyTorch 2.5+): scores
// s_ij = q_i·k_j·scale + bias_ij, where the bias is 0 / -inf from a BOOL mask (keep where true), the
// value of a float mask, or -inf above the diagonal when causal (key j > query i, top-left
// aligned). A row whose keys are all masked gives a zero output and lse = -inf.
//
// Shapes: q (n, L, E), k (n, S, E), v (n, S, Ev) with n the flattened batch. Every input comes as
// the storage base pointer, a View of its batch dims (sizes, strides, and the tensor's offset; so
// broadcast batch dims of stride 0 cost nothing) and the stride between rows; the last dim has unit
// stride. The mask is read through its View and both of its strides. Outputs (out, lse, dq, dk,
// dv) and the row sums D are contiguous. E and Ev are at most ATT_MAXD (the host falls back to the
// composite formula beyond).
//
// Forward (attention_forward_*): one block per (batch item, tile of BR queries). The Q tile sits
// in shared memory; tiles of BC keys and values stream through shared memory. Per tile: scores
// S = Q·Kᵀ (4 per thread), then the online softmax, one warp per row: m' = max(m, max_j s_j),
// p_j = e^(s_j - m'), alpha = e^(m - m'), l' = l·alpha + Σp; and the output accumulator (in
// registers) becomes acc·alpha + P·V. At the end out = acc / l and lse = m + log l, which is all
// backward needs. Causal blocks entirely above the diagonal are skipped.
//
// Backward recomputes P = e^(S - lse) tile by tile. With D_i = Σ_c dO_ic·O_ic (attention_rowdot_*):
//   dV = Pᵀ·dO,  dS = P ⊙ (dO·Vᵀ - D)·scale,  dQ = dS·K,  dK = dSᵀ·Q.
// Two kernels, so that every sum has one owner and a fixed order (no atomics, deterministic):
// attention_backward_kv_* owns a tile of keys and walks the query tiles, accumulating dK and dV in
// registers; attention_backward_q_* owns a tile of queries and walks the key tiles for dQ.
#include "common.cuh"

#include <math.h>
#include <stdint.h>

#define ATT_MAXD 128
#define ATT_THREADS 128

// Tile sizes per element type, chosen so the static shared memory of each kernel stays under 48 KB
// (E = Ev = 128: F32 forward ~43 KB, backward ~43 KB).
template <class T> struct AttTiles;
template <> struct AttTiles<float> {
    static constexpr int BR = 16, BC = 32;    // forward: queries per block, keys per tile
    static constexpr int BQ = 8, BK = 32;     // backward: query tile, key tile
};
template <> struct AttTiles<double> {
    static constexpr int BR = 8, BC = 16;
    static constexpr int BQ = 4, BK = 16;
};

__device__ __forceinline__ float a_exp(float x) { return expf(x); }
__device__ __forceinline__ double a_exp(double x) { return exp(x); }
__device__ __forceinline__ float a_log(float x) { return logf(x); }
__device__ __forceinline__ double a_log(double x) { return log(x); }

// The batch-item offset of an operand, through the View of its batch dims.
__device__ __forceinline__ long long batch_offset(const View& v, int b) { return view_offset(v, b); }

enum MaskKind { MASK_NONE = 0, MASK_BOOL = 1, MASK_FLOAT = 2 };

struct MaskArg {
    const void* p;
    int kind, si, sj;
};

// s_ij for query row qs and key row ks (both in shared memory), with the mask or causal bias.
template <class T>
__device__ __forceinline__ T att_score(const T* qs, const T* ks, int E, T scale, const MaskArg& mk, long long moff,
                                       int causal, int i, int j) {
    T dot = 0;
    for (int c = 0; c < E; ++c) dot += qs[c] * ks[c];
    T s = dot * scale;
    if (mk.kind == MASK_BOOL) {
        if (!((const uint8_t*) mk.p)[moff + (long long) i * mk.si + (long long) j * mk.sj]) s = -INFINITY;
    } else if (mk.kind == MASK_FLOAT) {
        s += ((const T*) mk.p)[moff + (long long) i * mk.si + (long long) j * mk.sj];
    } else if (causal && j > i) {
        s = -INFINITY;
    }
    return s;
}

// Copies rows [r0, r0 + rows) of a (count x width) operand into a shared tile with row pitch
// `pitch`; rows past `count` are zero so that they add nothing.
template <class T>
__device__ __forceinline__ void load_tile(T* tile, int pitch, const T* src, long long off, int ld, int r0, int rows,
                                          int count, int width) {
    for (int e = threadIdx.x; e < rows * width; e += blockDim.x) {
        int r = e / width, c = e - r * width;
        tile[r * pitch + c] = r0 + r < count ? src[off + (long long) (r0 + r) * ld + c] : T(0);
    }
}

// ---- forward --------------------------------------------------------------------------------

template <class T>
__device__ void attention_forward_impl(const T* q, View qb, int ldq, const T* k, View kb, int ldk, const T* v,
                                       View vb, int ldv, MaskArg mk, View mb, int causal, double scale_d, T* out,
                                       T* lse, int L, int S, int E, int Ev) {
    constexpr int BR = AttTiles<T>::BR, BC = AttTiles<T>::BC;
    constexpr int ACC = BR * ATT_MAXD / ATT_THREADS;  // output elements a thread owns
    __shared__ T Qs[BR][ATT_MAXD];
    __shared__ T Ks[BC][ATT_MAXD + 1];  // +1: the score loop reads one row per lane, in distinct banks
    __shared__ T Vs[BC][ATT_MAXD];
    __shared__ T Ss[BR][BC + 1];
    __shared__ T row_m[BR], row_l[BR], row_alpha[BR];

    int b = blockIdx.x, i0 = blockIdx.y * BR, t = threadIdx.x, lane = t & 31, warp = t >> 5;
    T scale = (T) scale_d;
    long long qo = batch_offset(qb, b), ko = batch_offset(kb, b), vo = batch_offset(vb, b);
    long long mo = mk.kind != MASK_NONE ? batch_offset(mb, b) : 0;
    int rows = min(BR, L - i0);

    load_tile(&Qs[0][0], ATT_MAXD, q, qo, ldq, i0, BR, L, E);
    if (t < BR) {
        row_m[t] = -INFINITY;
        row_l[t] = 0;
    }
    T acc[ACC];
#pragma unroll
    for (int a = 0; a < ACC; ++a) acc[a] = 0;

    for (int j0 = 0; j0 < S; j0 += BC) {
        if (causal && j0 > i0 + rows - 1) break;  // every later key is in the future of every query here
        __syncthreads();                          // the previous tile is no longer read
        load_tile(&Ks[0][0], ATT_MAXD + 1, k, ko, ldk, j0, BC, S, E);
        load_tile(&Vs[0][0], ATT_MAXD, v, vo, ldv, j0, BC, S, Ev);
        __syncthreads();
        for (int e = t; e < BR * BC; e += ATT_THREADS) {
            int r = e / BC, jj = e - r * BC, i = i0 + r, j = j0 + jj;
            Ss[r][jj] = (i < L && j < S) ? att_score(Qs[r], Ks[jj], E, scale, mk, mo, causal, i, j) : T(-INFINITY);
        }
        __syncthreads();
        // online softmax, one warp per row
        for (int r = warp; r < BR; r += ATT_THREADS / 32) {
            T mx = -INFINITY;
            for (int jj = lane; jj < BC; jj += 32) mx = fmax(mx, Ss[r][jj]);
            mx = warp_reduce(mx, [](T x, T y) { return fmax(x, y); });
            T mOld = row_m[r], mNew = fmax(mOld, mx);
            if (mNew == T(-INFINITY)) {  // nothing kept in this row so far: contribute nothing
                for (int jj = lane; jj < BC; jj += 32) Ss[r][jj] = 0;
                if (lane == 0) row_alpha[r] = 1;
                continue;
            }
            T sum = 0;
            for (int jj = lane; jj < BC; jj += 32) {
                T p = a_exp(Ss[r][jj] - mNew);
                Ss[r][jj] = p;
                sum += p;
            }
            sum = warp_reduce(sum, [](T x, T y) { return x + y; });
            if (lane == 0) {
                T alpha = a_exp(mOld - mNew);  // 0 when mOld was -inf
                row_alpha[r] = alpha;
                row_l[r] = row_l[r] * alpha + sum;
                row_m[r] = mNew;
            }
        }
        __syncthreads();
#pragma unroll
        for (int a = 0; a < ACC; ++a) {
            int e = t + a * ATT_THREADS;
            if (e < BR * Ev) {
                int r = e / Ev, c = e - r * Ev;
                T o = acc[a] * row_alpha[r];
                for (int jj = 0; jj < BC; ++jj) o += Ss[r][jj] * Vs[jj][c];
                acc[a] = o;
            }
        }
    }
    __syncthreads();
    long long base = (long long) b * L;
#pragma unroll
    for (int a = 0; a < ACC; ++a) {
        int e = t + a * ATT_THREADS;
        if (e < BR * Ev) {
            int r = e / Ev, c = e - r * Ev;
            if (i0 + r < L) {
                T l = row_l[r];
                out[(base + i0 + r) * Ev + c] = l > T(0) ? acc[a] / l : T(0);
            }
        }
    }
    if (t < rows) {
        T l = row_l[t];
        lse[base + i0 + t] = l > T(0) ? row_m[t] + a_log(l) : T(-INFINITY);
    }
}

// ---- backward -------------------------------------------------------------------------------

// D_i = Σ_c dO_ic · O_ic, one warp per row of the n·L rows.
template <class T>
__device__ void attention_rowdot_impl(const T* dout, View gb, int ldg, const T* o, View ob, int ldo, T* d, int n,
                                      int L, int Ev) {
    int lane = threadIdx.x & 31;
    int warps = (blockDim.x >> 5) * gridDim.x;
    for (long long row = (blockIdx.x * (long long) blockDim.x + threadIdx.x) >> 5; row < (long long) n * L;
         row += warps) {
        int b = (int) (row / L), i = (int) (row - (long long) b * L);
        const T* g = dout + batch_offset(gb, b) + (long long) i * ldg;
        const T* y = o + batch_offset(ob, b) + (long long) i * ldo;
        T s = 0;
        for (int c = lane; c < Ev; c += 32) s += g[c] * y[c];
        s = warp_reduce(s, [](T x, T z) { return x + z; });
        if (lane == 0) d[row] = s;
    }
}

// P and dS of one (query tile, key tile) pair into shared memory:
//   P_ij = e^(s_ij - lse_i) (0 for padding and fully masked rows), dS_ij = P_ij·(dO_i·V_j - D_i)·scale.
template <class T, int BQ, int BK>
__device__ __forceinline__ void att_probs_and_dscores(T (*Qs)[ATT_MAXD], T (*Gs)[ATT_MAXD], T (*Ks)[ATT_MAXD + 1],
                                                      T (*Vs)[ATT_MAXD + 1], T (*Ps)[BK + 1], T (*dSs)[BK + 1],
                                                      const T* lse_s, const T* d_s, int i0, int j0, int L, int S,
                                                      int E, int Ev, T scale, const MaskArg& mk, long long mo,
                                                      int causal) {
    for (int e = threadIdx.x; e < BQ * BK; e += blockDim.x) {
        int r = e / BK, jj = e - r * BK, i = i0 + r, j = j0 + jj;
        T p = 0, ds = 0;
        if (i < L && j < S && lse_s[r] != T(-INFINITY)) {
            p = a_exp(att_score(Qs[r], Ks[jj], E, scale, mk, mo, causal, i, j) - lse_s[r]);
            if (p != T(0)) {
                T dp = 0;
                for (int c = 0; c < Ev; ++c) dp += Gs[r][c] * Vs[jj][c];
                ds = p * (dp - d_s[r]) * scale;
            }
        }
        if (Ps) Ps[r][jj] = p;
        dSs[r][jj] = ds;
    }
}

template <class T>
__device__ void attention_backward_kv_impl(const T* q, View qb, int ldq, const T* k, View kb, int ldk, const T* v,
                                           View vb, int ldv, MaskArg mk, View mb, int causal, double scale_d,
                                           const T* dout, View gb, int ldg, const T* lse, const T* d, T* dk, T* dv,
                                           int L, int S, int E, int Ev) {
    constexpr int BQ = AttTiles<T>::BQ, BK = AttTiles<T>::BK;
    constexpr int ACC = BK * ATT_MAXD / ATT_THREADS;
    __shared__ T Ks[BK][ATT_MAXD + 1];
    __shared__ T Vs[BK][ATT_MAXD + 1];
    __shared__ T Qs[BQ][ATT_MAXD];
    __shared__ T Gs[BQ][ATT_MAXD];
    __shared__ T Ps[BQ][BK + 1];
    __shared__ T dSs[BQ][BK + 1];
    __shared__ T lse_s[BQ], d_s[BQ];

    int b = blockIdx.x, j0 = blockIdx.y * BK, t = threadIdx.x;
    T scale = (T) scale_d;
    long long qo = batch_offset(qb, b), ko = batch_offset(kb, b), vo = batch_offset(vb, b), go = batch_offset(gb, b);
    long long mo = mk.kind != MASK_NONE ? batch_offset(mb, b) : 0;
    long long rowBase = (long long) b * L;

    load_tile(&Ks[0][0], ATT_MAXD + 1, k, ko, ldk, j0, BK, S, E);
    load_tile(&Vs[0][0], ATT_MAXD + 1, v, vo, ldv, j0, BK, S, Ev);
    T accK[ACC], accV[ACC];
#pragma unroll
    for (int a = 0; a < ACC; ++a) accK[a] = accV[a] = 0;

    // causal: queries before j0 see none of these keys
    int first = causal ? (j0 / BQ) * BQ : 0;
    for (int i0 = first; i0 < L; i0 += BQ) {
        __syncthreads();
        load_tile(&Qs[0][0], ATT_MAXD, q, qo, ldq, i0, BQ, L, E);
        load_tile(&Gs[0][0], ATT_MAXD, dout, go, ldg, i0, BQ, L, Ev);
        if (t < BQ) {
            bool in = i0 + t < L;
            lse_s[t] = in ? lse[rowBase + i0 + t] : T(-INFINITY);
            d_s[t] = in ? d[rowBase + i0 + t] : T(0);
        }
        __syncthreads();
        att_probs_and_dscores<T, BQ, BK>(Qs, Gs, Ks, Vs, Ps, dSs, lse_s, d_s, i0, j0, L, S, E, Ev, scale, mk, mo, causal);
        __syncthreads();
#pragma unroll
        for (int a = 0; a < ACC; ++a) {
            int e = t + a * ATT_THREADS;
            int jj = e / ATT_MAXD, c = e - jj * ATT_MAXD;  // thread owns (key jj, column c)
            T sv = 0, sk = 0;
            if (c < Ev)
                for (int r = 0; r < BQ; ++r) sv += Ps[r][jj] * Gs[r][c];
            if (c < E)
                for (int r = 0; r < BQ; ++r) sk += dSs[r][jj] * Qs[r][c];
            accV[a] += sv;
            accK[a] += sk;
        }
    }
    long long keyBase = (long long) b * S;
#pragma unroll
    for (int a = 0; a < ACC; ++a) {
        int e = t + a * ATT_THREADS;
        int jj = e / ATT_MAXD, c = e - jj * ATT_MAXD;
        if (j0 + jj < S) {
            if (c < E) dk[(keyBase + j0 + jj) * E + c] = accK[a];
            if (c < Ev) dv[(keyBase + j0 + jj) * Ev + c] = accV[a];
        }
    }
}

template <class T>
__device__ void attention_backward_q_impl(const T* q, View qb, int ldq, const T* k, View kb, int ldk, const T* v,
                                          View vb, int ldv, MaskArg mk, View mb, int causal, double scale_d,
                                          const T* dout, View gb, int ldg, const T* lse, const T* d, T* dq, int L,
                                          int S, int E, int Ev) {
    constexpr int BQ = AttTiles<T>::BQ, BK = AttTiles<T>::BK;
    constexpr int ACC = BQ * ATT_MAXD / ATT_THREADS;
    __shared__ T Qs[BQ][ATT_MAXD];
    __shared__ T Gs[BQ][ATT_MAXD];
    __shared__ T Ks[BK][ATT_MAXD + 1];
    __shared__ T Vs[BK][ATT_MAXD + 1];
    __shared__ T dSs[BQ][BK + 1];
    __shared__ T lse_s[BQ], d_s[BQ];

    int b = blockIdx.x, i0 = blockIdx.y * BQ, t = threadIdx.x;
    T scale = (T) scale_d;
    long long qo = batch_offset(qb, b), ko = batch_offset(kb, b), vo = batch_offset(vb, b), go = batch_offset(gb, b);
    long long mo = mk.kind != MASK_NONE ? batch_offset(mb, b) : 0;
    long long rowBase = (long long) b * L;
    int rows = min(BQ, L - i0);

    load_tile(&Qs[0][0], ATT_MAXD, q, qo, ldq, i0, BQ, L, E);
    load_tile(&Gs[0][0], ATT_MAXD, dout, go, ldg, i0, BQ, L, Ev);
    if (t < BQ) {
        bool in = i0 + t < L;
        lse_s[t] = in ? lse[rowBase + i0 + t] : T(-INFINITY);
        d_s[t] = in ? d[rowBase + i0 + t] : T(0);
    }
    T acc[ACC];
#pragma unroll
    for (int a = 0; a < ACC; ++a) acc[a] = 0;

    for (int j0 = 0; j0 < S; j0 += BK) {
        if (causal && j0 > i0 + rows - 1) break;
        __syncthreads();
        load_tile(&Ks[0][0], ATT_MAXD + 1, k, ko, ldk, j0, BK, S, E);
        load_tile(&Vs[0][0], ATT_MAXD + 1, v, vo, ldv, j0, BK, S, Ev);
        __syncthreads();
        att_probs_and_dscores<T, BQ, BK>(Qs, Gs, Ks, Vs, nullptr, dSs, lse_s, d_s, i0, j0, L, S, E, Ev, scale, mk, mo,
                                         causal);
        __syncthreads();
#pragma unroll
        for (int a = 0; a < ACC; ++a) {
            int e = t + a * ATT_THREADS;
            int r = e / ATT_MAXD, c = e - r * ATT_MAXD;
            if (c < E) {
                T s = 0;
                for (int jj = 0; jj < BK; ++jj) s += dSs[r][jj] * Ks[jj][c];
                acc[a] += s;
            }
        }
    }
#pragma unroll
    for (int a = 0; a < ACC; ++a) {
        int e = t + a * ATT_THREADS;
        int r = e / ATT_MAXD, c = e - r * ATT_MAXD;
        if (r < rows && c < E) dq[(rowBase + i0 + r) * E + c] = acc[a];
    }
}

#define ATTENTION_KERNELS(N, T) \
    extern "C" __global__ void __launch_bounds__(128) attention_forward_##N(const T* q, View qb, int ldq, \
            const T* k, View kb, int ldk, const T* v, View vb, int ldv, const void* mask, int mkind, int msi, int msj, View mb, int causal, \
            double scale, T* out, T* lse, int L, int S, int E, int Ev) { \
        attention_forward_impl<T>(q, qb, ldq, k, kb, ldk, v, vb, ldv, MaskArg{mask, mkind, msi, msj}, mb, causal, scale, out, lse, L, S, E, Ev); \
    } \
    extern "C" __global__ void attention_rowdot_##N(const T* dout, View gb, int ldg, const T* o, View ob, int ldo, \
                                                    T* d, int n, int L, int Ev) { \
        attention_rowdot_impl<T>(dout, gb, ldg, o, ob, ldo, d, n, L, Ev); \
    } \
    extern "C" __global__ void __launch_bounds__(128) attention_backward_kv_##N(const T* q, View qb, \
            int ldq, const T* k, View kb, int ldk, const T* v, View vb, int ldv, const void* mask, int mkind, int msi, int msj, View mb, int causal, \
            double scale, const T* dout, View gb, int ldg, const T* lse, const T* d, T* dk, T* dv, int L, int S, \
            int E, int Ev) { \
        attention_backward_kv_impl<T>(q, qb, ldq, k, kb, ldk, v, vb, ldv, MaskArg{mask, mkind, msi, msj}, mb, causal, scale, dout, gb, ldg, lse, \
                                      d, dk, dv, L, S, E, Ev); \
    } \
    extern "C" __global__ void __launch_bounds__(128) attention_backward_q_##N(const T* q, View qb, int ldq, \
            const T* k, View kb, int ldk, const T* v, View vb, int ldv, const void* mask, int mkind, int msi, int msj, View mb, int causal, \
            double scale, const T* dout, View gb, int ldg, const T* lse, const T* d, T* dq, int L, int S, int E, \
            int Ev) { \
        attention_backward_q_impl<T>(q, qb, ldq, k, kb, ldk, v, vb, ldv, MaskArg{mask, mkind, msi, msj}, mb, causal, scale, dout, gb, ldg, lse, \
                                     d, dq, L, S, E, Ev); \
    }
ATTENTION_KERNELS(f32, float)
ATTENTION_KERNELS(f64, double)
