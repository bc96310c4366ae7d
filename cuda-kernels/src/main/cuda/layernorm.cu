// Layer normalization over the last dimension of a contiguous (rows x C) matrix.
//
// Forward, per row:  mean = sum x / C;  var = sum (x - mean)^2 / C (biased, as PyTorch);
//   rstd = 1 / sqrt(var + eps);  y = (x - mean) * rstd * gamma + beta.
// mean and rstd (one per row) are saved for the backward pass. gamma/beta may be null (no affine).
// The variance is computed from the mean in a second pass over the row (cached in L1/L2), which
// avoids the cancellation of the one-pass sum-of-squares formula.
//
// Backward, with xhat = (x - mean) * rstd and g = dy * gamma:
//   dx = rstd * (g - mean_j(g) - xhat * mean_j(g * xhat))
//   dgamma = sum over rows of dy * xhat;  dbeta = sum over rows of dy.
#include "common.cuh"

#include <math.h>

template <class T>
__device__ void layernorm_impl(const T* x, const T* gamma, const T* beta, T* y, T* mean_out, T* rstd_out,
                               int rows, int C, double eps) {
    __shared__ T shared[32];
    auto sum_op = [](T a, T b) { return a + b; };
    for (int r = blockIdx.x; r < rows; r += gridDim.x) {
        const T* xr = x + (long long) r * C;
        T* yr = y + (long long) r * C;
        T s = 0;
        for (int j = threadIdx.x; j < C; j += blockDim.x) s += xr[j];
        T mean = block_reduce(s, sum_op, T(0), shared) / (T) C;
        T v = 0;
        for (int j = threadIdx.x; j < C; j += blockDim.x) {
            T d = xr[j] - mean;
            v += d * d;
        }
        T var = block_reduce(v, sum_op, T(0), shared) / (T) C;
        T rstd = T(1) / sqrt(var + (T) eps);
        for (int j = threadIdx.x; j < C; j += blockDim.x) {
            T o = (xr[j] - mean) * rstd;
            if (gamma) o *= gamma[j];
            if (beta) o += beta[j];
            yr[j] = o;
        }
        if (threadIdx.x == 0) {
            mean_out[r] = mean;
            rstd_out[r] = rstd;
        }
    }
}

template <class T>
__device__ void layernorm_backward_dx_impl(const T* dy, const T* x, const T* gamma, const T* mean, const T* rstd,
                                           T* dx, int rows, int C) {
    __shared__ T shared[32];
    auto sum_op = [](T a, T b) { return a + b; };
    for (int r = blockIdx.x; r < rows; r += gridDim.x) {
        const T* xr = x + (long long) r * C;
        const T* gr = dy + (long long) r * C;
        T* dr = dx + (long long) r * C;
        T mu = mean[r], rs = rstd[r];
        T sg = 0, sgx = 0;
        for (int j = threadIdx.x; j < C; j += blockDim.x) {
            T g = gamma ? gr[j] * gamma[j] : gr[j];
            sg += g;
            sgx += g * (xr[j] - mu) * rs;
        }
        sg = block_reduce(sg, sum_op, T(0), shared) / (T) C;
        sgx = block_reduce(sgx, sum_op, T(0), shared) / (T) C;
        for (int j = threadIdx.x; j < C; j += blockDim.x) {
            T g = gamma ? gr[j] * gamma[j] : gr[j];
            dr[j] = rs * (g - sg - (xr[j] - mu) * rs * sgx);
        }
    }
}

// One thread per column walking down the rows: neighbouring threads read neighbouring
// addresses, and each sum has a fixed order (deterministic, no atomics).
template <class T>
__device__ void layernorm_backward_params_impl(const T* dy, const T* x, const T* mean, const T* rstd, T* dgamma,
                                               T* dbeta, int rows, int C) {
    GRID_STRIDE_LOOP(j, C) {
        T dg = 0, db = 0;
        for (int r = 0; r < rows; ++r) {
            T g = dy[(long long) r * C + j];
            dg += g * (x[(long long) r * C + j] - mean[r]) * rstd[r];
            db += g;
        }
        if (dgamma) dgamma[j] = dg;
        if (dbeta) dbeta[j] = db;
    }
}

#define LAYERNORM_KERNELS(N, T) \
    extern "C" __global__ void __launch_bounds__(1024) layernorm_##N(const T* x, const T* gamma, const T* beta, T* y, T* mean, T* rstd, \
                                             int rows, int C, double eps) { \
        layernorm_impl<T>(x, gamma, beta, y, mean, rstd, rows, C, eps); \
    } \
    extern "C" __global__ void __launch_bounds__(1024) layernorm_backward_dx_##N(const T* dy, const T* x, const T* gamma, const T* mean, \
                                                         const T* rstd, T* dx, int rows, int C) { \
        layernorm_backward_dx_impl<T>(dy, x, gamma, mean, rstd, dx, rows, C); \
    } \
    extern "C" __global__ void layernorm_backward_params_##N(const T* dy, const T* x, const T* mean, \
                                                             const T* rstd, T* dgamma, T* dbeta, int rows, int C) { \
        layernorm_backward_params_impl<T>(dy, x, mean, rstd, dgamma, dbeta, rows, C); \
    }
LAYERNORM_KERNELS(f32, float)
LAYERNORM_KERNELS(f64, double)
