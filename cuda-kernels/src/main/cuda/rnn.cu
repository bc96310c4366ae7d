// The fused pointwise steps of the LSTM and GRU cells, forward and backward. The GEMMs of a cell
// (x·W_ihᵀ, h·W_hhᵀ and their gradients) are ordinary matmuls; these kernels do everything between
// them in one pass: one thread per (batch row b, hidden unit j), grid-stride over B·H.
//
// Layout (as dev.reel.engine.cpu.CpuRnn, the specification): a gate projection (B, G·H) holds gate
// q's pre-activation for unit j at column q·H + j. Every 2-D operand arrives as a pointer to its
// first element plus (row, column) strides in elements, so the row-strided views the recurrent
// layers pass (h and c as narrow views of the previous step's [h | c]) are read in place. A bias
// is a pointer plus its stride, or null for none. Outputs are contiguous.
//
// LSTM forward, gates [i | f | g | o]:
//   i = σ(pre_i), f = σ(pre_f), g = tanh(pre_g), o = σ(pre_o)    pre = gi + gh + b_ih + b_hh
//   c' = f·c + i·g,  h' = o·tanh(c')
//   writes hc = [h' | c'] (B, 2H) and acts = [i | f | g | o] (B, 4H), what backward needs.
// LSTM backward, from dhc = [dh' | dc']:
//   dcT = dc' + dh'·o·(1 - tanh²c')       (the total gradient reaching c')
//   di = dcT·g·i(1-i), df = dcT·c·f(1-f), dg = dcT·i·(1-g²), do = dh'·tanh(c')·o(1-o);  dc = dcT·f
// GRU forward, gates [r | z | n]:
//   r = σ(gi_r + b_ir + gh_r + b_hr), z = σ(gi_z + b_iz + gh_z + b_hz), hn = gh_n + b_hn
//   n = tanh(gi_n + b_in + r·hn),  h' = n + z·(h - n) = (1-z)·n + z·h
//   writes h' (B, H) and acts = [r | z | n | hn] (B, 4H).
// GRU backward, from dh':
//   dn = dh'·(1-z)·(1-n²), dz = dh'·(h-n)·z(1-z), dr = dn·hn·r(1-r)
//   dGi = [dr | dz | dn], dGh = [dr | dz | dn·r], dh = dh'·z
#include "common.cuh"

#include <math.h>

struct Mat2 {  // strides in elements of a 2-D operand
    long long row, col;
};

__device__ __forceinline__ float r_tanh(float x) { return tanhf(x); }
__device__ __forceinline__ double r_tanh(double x) { return tanh(x); }
__device__ __forceinline__ float r_exp(float x) { return expf(x); }
__device__ __forceinline__ double r_exp(double x) { return exp(x); }

// σ(x) = 1/(1 + e^-x) for x >= 0 and e^x/(1 + e^x) below, so e^-x never overflows into a 0·∞.
template <class T>
__device__ __forceinline__ T r_sigmoid(T x) {
    T e = r_exp(-fabs(x));
    return x >= T(0) ? T(1) / (T(1) + e) : e / (T(1) + e);
}

template <class T>
__device__ __forceinline__ T at(const T* p, Mat2 s, int r, int j) {
    return p[r * s.row + j * s.col];
}

template <class T>
__device__ __forceinline__ T bias_at(const T* b, long long stride, int k) {
    return b ? b[k * stride] : T(0);
}

// ---- LSTM -----------------------------------------------------------------------------------

template <class T>
__device__ void lstm_forward_impl(const T* gi, Mat2 sgi, const T* gh, Mat2 sgh, const T* b_ih, long long sbi,
                                  const T* b_hh, long long sbh, const T* c, Mat2 sc, T* hc, T* acts, int B, int H) {
    GRID_STRIDE_LOOP(t, B * H) {
        int r = t / H, j = t - r * H;
        T a[4];
#pragma unroll
        for (int q = 0; q < 4; ++q) {
            int k = q * H + j;
            T pre = at(gi, sgi, r, k) + at(gh, sgh, r, k) + bias_at(b_ih, sbi, k) + bias_at(b_hh, sbh, k);
            a[q] = q == 2 ? r_tanh(pre) : r_sigmoid(pre);
        }
        T* ar = acts + (long long) r * 4 * H;
#pragma unroll
        for (int q = 0; q < 4; ++q) ar[q * H + j] = a[q];
        T c2 = a[1] * at(c, sc, r, j) + a[0] * a[2];
        T* hr = hc + (long long) r * 2 * H;
        hr[j] = a[3] * r_tanh(c2);
        hr[H + j] = c2;
    }
}

template <class T>
__device__ void lstm_backward_impl(const T* acts, const T* c, Mat2 sc, const T* hc, Mat2 shc, const T* dhc, Mat2 sd,
                                   T* dgates, T* dc, int B, int H) {
    GRID_STRIDE_LOOP(t, B * H) {
        int r = t / H, j = t - r * H;
        const T* ar = acts + (long long) r * 4 * H;
        T i = ar[j], f = ar[H + j], g = ar[2 * H + j], o = ar[3 * H + j];
        T tc = r_tanh(at(hc, shc, r, H + j));
        T dh = at(dhc, sd, r, j);
        T dcT = at(dhc, sd, r, H + j) + dh * o * (T(1) - tc * tc);
        T* dr = dgates + (long long) r * 4 * H;
        dr[j] = dcT * g * i * (T(1) - i);
        dr[H + j] = dcT * at(c, sc, r, j) * f * (T(1) - f);
        dr[2 * H + j] = dcT * i * (T(1) - g * g);
        dr[3 * H + j] = dh * tc * o * (T(1) - o);
        dc[(long long) r * H + j] = dcT * f;
    }
}

// ---- GRU ------------------------------------------------------------------------------------

template <class T>
__device__ void gru_forward_impl(const T* gi, Mat2 sgi, const T* gh, Mat2 sgh, const T* b_ih, long long sbi,
                                 const T* b_hh, long long sbh, const T* h, Mat2 sh, T* out, T* acts, int B, int H) {
    GRID_STRIDE_LOOP(t, B * H) {
        int r = t / H, j = t - r * H;
        int kz = H + j, kn = 2 * H + j;
        T rg = r_sigmoid(at(gi, sgi, r, j) + bias_at(b_ih, sbi, j) + at(gh, sgh, r, j) + bias_at(b_hh, sbh, j));
        T z = r_sigmoid(at(gi, sgi, r, kz) + bias_at(b_ih, sbi, kz) + at(gh, sgh, r, kz) + bias_at(b_hh, sbh, kz));
        T hn = at(gh, sgh, r, kn) + bias_at(b_hh, sbh, kn);
        T n = r_tanh(at(gi, sgi, r, kn) + bias_at(b_ih, sbi, kn) + rg * hn);
        out[(long long) r * H + j] = n + z * (at(h, sh, r, j) - n);
        T* ar = acts + (long long) r * 4 * H;
        ar[j] = rg;
        ar[kz] = z;
        ar[kn] = n;
        ar[3 * H + j] = hn;
    }
}

template <class T>
__device__ void gru_backward_impl(const T* acts, const T* h, Mat2 sh, const T* dout, Mat2 sd, T* dgi, T* dgh, T* dh,
                                  int B, int H) {
    GRID_STRIDE_LOOP(t, B * H) {
        int r = t / H, j = t - r * H;
        const T* ar = acts + (long long) r * 4 * H;
        T rg = ar[j], z = ar[H + j], n = ar[2 * H + j], hn = ar[3 * H + j];
        T g = at(dout, sd, r, j);
        T dn = g * (T(1) - z) * (T(1) - n * n);
        T dz = g * (at(h, sh, r, j) - n) * z * (T(1) - z);
        T dr = dn * hn * rg * (T(1) - rg);
        T* di = dgi + (long long) r * 3 * H;
        T* dhh = dgh + (long long) r * 3 * H;
        di[j] = dr;
        di[H + j] = dz;
        di[2 * H + j] = dn;
        dhh[j] = dr;
        dhh[H + j] = dz;
        dhh[2 * H + j] = dn * rg;
        dh[(long long) r * H + j] = g * z;
    }
}

#define RNN_KERNELS(N, T) \
    extern "C" __global__ void lstm_forward_##N(const T* gi, Mat2 sgi, const T* gh, Mat2 sgh, const T* b_ih, \
                                                long long sbi, const T* b_hh, long long sbh, const T* c, Mat2 sc, \
                                                T* hc, T* acts, int B, int H) { \
        lstm_forward_impl<T>(gi, sgi, gh, sgh, b_ih, sbi, b_hh, sbh, c, sc, hc, acts, B, H); \
    } \
    extern "C" __global__ void lstm_backward_##N(const T* acts, const T* c, Mat2 sc, const T* hc, Mat2 shc, \
                                                 const T* dhc, Mat2 sd, T* dgates, T* dc, int B, int H) { \
        lstm_backward_impl<T>(acts, c, sc, hc, shc, dhc, sd, dgates, dc, B, H); \
    } \
    extern "C" __global__ void gru_forward_##N(const T* gi, Mat2 sgi, const T* gh, Mat2 sgh, const T* b_ih, \
                                               long long sbi, const T* b_hh, long long sbh, const T* h, Mat2 sh, \
                                               T* out, T* acts, int B, int H) { \
        gru_forward_impl<T>(gi, sgi, gh, sgh, b_ih, sbi, b_hh, sbh, h, sh, out, acts, B, H); \
    } \
    extern "C" __global__ void gru_backward_##N(const T* acts, const T* h, Mat2 sh, const T* dout, Mat2 sd, T* dgi, \
                                                T* dgh, T* dh, int B, int H) { \
        gru_backward_impl<T>(acts, h, sh, dout, sd, dgi, dgh, dh, B, H); \
    }
RNN_KERNELS(f32, float)
RNN_KERNELS(f64, double)
