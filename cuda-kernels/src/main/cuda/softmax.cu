// Softmax and log-softmax over the last dimension of a contiguous (rows x cols) matrix, and
// their backward passes. One block per row (grid-stride over rows); the block size is chosen by
// the host (a multiple of 32, up to 1024: hence __launch_bounds__(1024)) to fit the row length.
//
// Forward, for numerical stability:  m = max_j x_j (0 when that is not finite, as the engine's
//   composite op: a row of -inf then gives NaN from 0/0 rather than from -inf - -inf);
//   s = sum_j e^(x_j - m);  softmax y_j = e^(x_j - m) / s;  log-softmax y_j = (x_j - m) - log s
//   (not x_j - (m + log s), which would round away the low bits of log s when |m| is large).
// Backward from y and dy:  softmax dx = y * (dy - sum_j dy_j y_j);
//                          log-softmax dx = dy - e^y * sum_j dy_j.
#include "common.cuh"

#include <math.h>

__device__ __forceinline__ float m_exp(float x) { return expf(x); }
__device__ __forceinline__ double m_exp(double x) { return exp(x); }
__device__ __forceinline__ float m_log(float x) { return logf(x); }
__device__ __forceinline__ double m_log(double x) { return log(x); }

template <class T>
__device__ void softmax_impl(const T* x, T* y, int rows, int cols, int log_softmax) {
    __shared__ T shared[32];
    auto max_op = [](T a, T b) { return (a != a || a > b) ? a : b; };  // NaN propagates
    auto sum_op = [](T a, T b) { return a + b; };
    for (int r = blockIdx.x; r < rows; r += gridDim.x) {
        const T* xr = x + (long long) r * cols;
        T* yr = y + (long long) r * cols;
        T m = -INFINITY;
        for (int j = threadIdx.x; j < cols; j += blockDim.x) m = max_op(m, xr[j]);
        m = block_reduce(m, max_op, (T) -INFINITY, shared);
        if (!isfinite(m)) m = T(0);
        T s = 0;
        for (int j = threadIdx.x; j < cols; j += blockDim.x) s += m_exp(xr[j] - m);
        s = block_reduce(s, sum_op, T(0), shared);
        if (log_softmax) {
            T ls = m_log(s);
            for (int j = threadIdx.x; j < cols; j += blockDim.x) yr[j] = (xr[j] - m) - ls;
        } else {
            T inv = T(1) / s;
            for (int j = threadIdx.x; j < cols; j += blockDim.x) yr[j] = m_exp(xr[j] - m) * inv;
        }
    }
}

template <class T>
__device__ void softmax_backward_impl(const T* y, const T* dy, T* dx, int rows, int cols, int log_softmax) {
    __shared__ T shared[32];
    auto sum_op = [](T a, T b) { return a + b; };
    for (int r = blockIdx.x; r < rows; r += gridDim.x) {
        const T* yr = y + (long long) r * cols;
        const T* gr = dy + (long long) r * cols;
        T* dr = dx + (long long) r * cols;
        T dot = 0;
        for (int j = threadIdx.x; j < cols; j += blockDim.x) dot += log_softmax ? gr[j] : gr[j] * yr[j];
        dot = block_reduce(dot, sum_op, T(0), shared);
        for (int j = threadIdx.x; j < cols; j += blockDim.x)
            dr[j] = log_softmax ? gr[j] - m_exp(yr[j]) * dot : yr[j] * (gr[j] - dot);
    }
}

extern "C" __global__ void __launch_bounds__(1024) softmax_f32(const float* x, float* y, int rows, int cols, int log_softmax) {
    softmax_impl(x, y, rows, cols, log_softmax);
}
extern "C" __global__ void __launch_bounds__(1024) softmax_f64(const double* x, double* y, int rows, int cols, int log_softmax) {
    softmax_impl(x, y, rows, cols, log_softmax);
}
extern "C" __global__ void __launch_bounds__(1024) softmax_backward_f32(const float* y, const float* dy, float* dx, int rows, int cols,
                                                int log_softmax) {
    softmax_backward_impl(y, dy, dx, rows, cols, log_softmax);
}
extern "C" __global__ void __launch_bounds__(1024) softmax_backward_f64(const double* y, const double* dy, double* dx, int rows, int cols,
                                                int log_softmax) {
    softmax_backward_impl(y, dy, dx, rows, cols, log_softmax);
}
