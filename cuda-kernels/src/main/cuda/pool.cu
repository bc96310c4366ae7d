// 3-D pooling over planes: x is (P, D, H, W) and y is (P, oD, oH, oW), contiguous, where
// P = N * C. 1-D and 2-D pools arrive with leading sizes 1. One thread per output element.
//
// Fixed windows: output o along an axis covers inputs o*stride - pad + j*dilation, j < k.
// Adaptive windows (adaptive = 1): output o of O over an input of size I covers
// [floor(o*I/O), ceil((o+1)*I/O)), as PyTorch's adaptive pools.
#include "common.cuh"

#include <math.h>

struct PoolShape {
    int D, H, W, oD, oH, oW;
    int kD, kH, kW, sD, sH, sW, pD, pH, pW, dD, dH, dW;
    int countIncludePad, divisorOverride, adaptive;
};

// The window of output o along one axis: first input, count of taps, tap step.
struct Range { int start, count, step; };

__device__ __forceinline__ Range window(int o, int in, int out, int k, int s, int p, int dil, int adaptive) {
    if (adaptive) {
        int a = (int) (((long long) o * in) / out);
        int b = (int) (((long long) (o + 1) * in + out - 1) / out);
        return {a, b - a, 1};
    }
    return {o * s - p, k, dil};
}

template <class T>
__device__ void max_pool_impl(const T* x, PoolShape s, T* y, int64_t* indices, int P) {
    long long L = (long long) s.oD * s.oH * s.oW, total = L * P;
    for (long long t = blockIdx.x * (long long) blockDim.x + threadIdx.x; t < total;
         t += (long long) blockDim.x * gridDim.x) {
        int ow = (int) (t % s.oW), oh = (int) ((t / s.oW) % s.oH), od = (int) ((t / ((long long) s.oW * s.oH)) % s.oD);
        long long p = t / L;
        Range rd = window(od, s.D, s.oD, s.kD, s.sD, s.pD, s.dD, s.adaptive);
        Range rh = window(oh, s.H, s.oH, s.kH, s.sH, s.pH, s.dH, s.adaptive);
        Range rw = window(ow, s.W, s.oW, s.kW, s.sW, s.pW, s.dW, s.adaptive);
        const T* plane = x + p * s.D * s.H * s.W;
        T best = -INFINITY;
        long long bi = -1;
        for (int i = 0; i < rd.count; ++i) {
            int d = rd.start + i * rd.step;
            if (d < 0 || d >= s.D) continue;
            for (int j = 0; j < rh.count; ++j) {
                int h = rh.start + j * rh.step;
                if (h < 0 || h >= s.H) continue;
                for (int k = 0; k < rw.count; ++k) {
                    int w = rw.start + k * rw.step;
                    if (w < 0 || w >= s.W) continue;
                    long long idx = ((long long) d * s.H + h) * s.W + w;
                    T v = plane[idx];
                    // The first maximum wins; a NaN replaces anything (as PyTorch: `v > best || isnan(v)`).
                    if (bi < 0 || v > best || v != v) {
                        best = v;
                        bi = idx;
                    }
                }
            }
        }
        y[t] = best;
        indices[t] = bi;
    }
}

// dx (zero-filled) += dy at the winners' positions; windows overlap, hence the atomics.
template <class T>
__device__ void max_pool_backward_impl(const T* dy, const int64_t* indices, T* dx, long long outPlane,
                                       long long inPlane, int P) {
    long long total = outPlane * P;
    for (long long t = blockIdx.x * (long long) blockDim.x + threadIdx.x; t < total;
         t += (long long) blockDim.x * gridDim.x) {
        long long p = t / outPlane;
        atomic_add(dx + p * inPlane + indices[t], dy[t]);
    }
}

// The averaging divisor follows PyTorch's avg_pool3d: the window clipped to the padded input
// counts when countIncludePad, the window clipped to the real input otherwise, and a nonzero
// divisorOverride replaces both. Adaptive windows divide by their own size.
struct AvgWindow { int d0, d1, h0, h1, w0, w1; int divisor; };

__device__ __forceinline__ AvgWindow avg_window(const PoolShape& s, int od, int oh, int ow) {
    AvgWindow a;
    if (s.adaptive) {
        Range rd = window(od, s.D, s.oD, 1, 1, 0, 1, 1), rh = window(oh, s.H, s.oH, 1, 1, 0, 1, 1),
              rw = window(ow, s.W, s.oW, 1, 1, 0, 1, 1);
        a = {rd.start, rd.start + rd.count, rh.start, rh.start + rh.count, rw.start, rw.start + rw.count, 0};
        a.divisor = rd.count * rh.count * rw.count;
        return a;
    }
    int d0 = od * s.sD - s.pD, h0 = oh * s.sH - s.pH, w0 = ow * s.sW - s.pW;
    int d1 = min(d0 + s.kD, s.D + s.pD), h1 = min(h0 + s.kH, s.H + s.pH), w1 = min(w0 + s.kW, s.W + s.pW);
    int padded = (d1 - d0) * (h1 - h0) * (w1 - w0);
    d0 = max(d0, 0); h0 = max(h0, 0); w0 = max(w0, 0);
    d1 = min(d1, s.D); h1 = min(h1, s.H); w1 = min(w1, s.W);
    a = {d0, d1, h0, h1, w0, w1, 0};
    a.divisor = s.divisorOverride ? s.divisorOverride
              : s.countIncludePad ? padded : (d1 - d0) * (h1 - h0) * (w1 - w0);
    return a;
}

template <class T>
__device__ void avg_pool_impl(const T* x, PoolShape s, T* y, int P) {
    long long L = (long long) s.oD * s.oH * s.oW, total = L * P;
    for (long long t = blockIdx.x * (long long) blockDim.x + threadIdx.x; t < total;
         t += (long long) blockDim.x * gridDim.x) {
        int ow = (int) (t % s.oW), oh = (int) ((t / s.oW) % s.oH), od = (int) ((t / ((long long) s.oW * s.oH)) % s.oD);
        const T* plane = x + (t / L) * s.D * s.H * s.W;
        AvgWindow a = avg_window(s, od, oh, ow);
        T sum = T(0);
        for (int d = a.d0; d < a.d1; ++d)
            for (int h = a.h0; h < a.h1; ++h)
                for (int w = a.w0; w < a.w1; ++w) sum += plane[((long long) d * s.H + h) * s.W + w];
        y[t] = sum / (T) a.divisor;
    }
}

// The transpose of avg_pool: every output spreads dy / divisor over its window.
template <class T>
__device__ void avg_pool_backward_impl(const T* dy, PoolShape s, T* dx, int P) {
    long long L = (long long) s.oD * s.oH * s.oW, total = L * P;
    for (long long t = blockIdx.x * (long long) blockDim.x + threadIdx.x; t < total;
         t += (long long) blockDim.x * gridDim.x) {
        int ow = (int) (t % s.oW), oh = (int) ((t / s.oW) % s.oH), od = (int) ((t / ((long long) s.oW * s.oH)) % s.oD);
        T* plane = dx + (t / L) * s.D * s.H * s.W;
        AvgWindow a = avg_window(s, od, oh, ow);
        T g = dy[t] / (T) a.divisor;
        for (int d = a.d0; d < a.d1; ++d)
            for (int h = a.h0; h < a.h1; ++h)
                for (int w = a.w0; w < a.w1; ++w) atomic_add(plane + ((long long) d * s.H + h) * s.W + w, g);
    }
}

#define POOL_KERNELS(N, T) \
    extern "C" __global__ void max_pool_##N(const T* x, PoolShape s, T* y, int64_t* indices, int P) { \
        max_pool_impl<T>(x, s, y, indices, P); \
    } \
    extern "C" __global__ void max_pool_backward_##N(const T* dy, const int64_t* indices, T* dx, \
                                                     long long outPlane, long long inPlane, int P) { \
        max_pool_backward_impl<T>(dy, indices, dx, outPlane, inPlane, P); \
    } \
    extern "C" __global__ void avg_pool_##N(const T* x, PoolShape s, T* y, int P) { avg_pool_impl<T>(x, s, y, P); } \
    extern "C" __global__ void avg_pool_backward_##N(const T* dy, PoolShape s, T* dx, int P) { \
        avg_pool_backward_impl<T>(dy, s, dx, P); \
    }
POOL_KERNELS(f32, float)
POOL_KERNELS(f64, double)
