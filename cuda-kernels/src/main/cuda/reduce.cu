// Reductions: sum/prod/max/min/all/any over a set of dimensions, arg-max/min along one
// dimension, and the inclusive prefix sum.
//
// Shape letters: O = number of outputs (the kept dims), R = number of elements reduced into each.
// The host splits x's view in two: `outer` walks the kept dims (O elements) and `inner` the
// reduced dims (R elements, offset 0), so element (o, r) of x sits at
// view_offset(outer, o) + view_offset(inner, r).
//
// reduce_*: one block of 256 threads per (output, split). Each thread folds a strided slice of
// the split's chunk, then warp shuffles and one shared-memory step combine the 256 values.
// Two passes for large tensors: when O is too small to fill the GPU the host cuts each output's
// R elements into S splits of `chunk`; pass 1 writes O*S partials in the accumulator type, and
// pass 2 is the same kernel run over the partials (outer = O rows of stride S, inner = S).
#include "common.cuh"
#include "ops.cuh"

#include <math.h>

// The accumulator of each input type: float sums stay in float (as PyTorch's CUDA sum, with a
// tree order that keeps the error at O(log R) ulps), doubles in double, integers in int64.
template <class T> struct Acc { typedef int64_t type; };
template <> struct Acc<float> { typedef float type; };
template <> struct Acc<double> { typedef double type; };

template <class A>
__device__ __forceinline__ A reduce_identity(int op) {
    switch (op) {
        case SUM: case ANY: return A(0);
        case PROD: case ALL: return A(1);
        case MAX: return -INFINITY;
        default: return INFINITY;  // MIN
    }
}
// Integer identities for max/min are the extreme values rather than infinities.
template <>
__device__ __forceinline__ int64_t reduce_identity<int64_t>(int op) {
    switch (op) {
        case SUM: case ANY: return 0;
        case PROD: case ALL: return 1;
        case MAX: return (int64_t) 0x8000000000000000ull;
        default: return 0x7fffffffffffffffll;
    }
}

// Combines two partial results; NaN wins in max/min, as PyTorch.
template <class A>
__device__ __forceinline__ A reduce_combine(int op, A a, A b) {
    switch (op) {
        case SUM: return a + b;
        case PROD: return a * b;
        case MAX: return (a != a || a > b) ? a : b;
        case MIN: return (a != a || a < b) ? a : b;
        case ALL: return (a != A(0) && b != A(0)) ? A(1) : A(0);
        default: return (a != A(0) || b != A(0)) ? A(1) : A(0);  // ANY
    }
}

template <class T>
__device__ void reduce_impl(int op, const T* x, View outer, View inner, void* out, int out_dtype, View ov,
                            int O, int R, int S, int chunk) {
    typedef typename Acc<T>::type A;
    __shared__ A shared[32];
    A identity = reduce_identity<A>(op);
    for (int b = blockIdx.x; b < O * S; b += gridDim.x) {
        int o = b / S, s = b - o * S;
        int r0 = s * chunk, r1 = min(R, r0 + chunk);
        const T* row = x + view_offset(outer, o);
        A acc = identity;
        for (int r = r0 + threadIdx.x; r < r1; r += blockDim.x) acc = reduce_combine<A>(op, acc, (A) row[view_offset(inner, r)]);
        acc = block_reduce(acc, [op](A p, A q) { return reduce_combine<A>(op, p, q); }, identity, shared);
        if (threadIdx.x == 0) {
            // One split: the final value, converted into out's dtype at its view position.
            // Several: a partial, stored contiguously as A at o*S + s for pass 2.
            if (S == 1) store_as<A>(out, out_dtype, view_offset(ov, o), acc);
            else ((A*) out)[b] = acc;
        }
    }
}

#define REDUCE_KERNEL(N, T) \
    extern "C" __global__ void __launch_bounds__(256) reduce_##N(int op, const T* x, View outer, View inner, \
            void* out, int out_dtype, View ov, int O, int R, int S, int chunk) { \
        reduce_impl<T>(op, x, outer, inner, out, out_dtype, ov, O, R, S, chunk); \
    }
REDUCE_KERNEL(b8, uint8_t)
REDUCE_KERNEL(u8, uint8_t)
REDUCE_KERNEL(i32, int32_t)
REDUCE_KERNEL(i64, int64_t)
REDUCE_KERNEL(f32, float)
REDUCE_KERNEL(f64, double)

// ---- arg max / arg min ---------------------------------------------------------------------
// One warp per output: lanes scan the line with stride 32, keeping (value, index); then five
// shuffles merge the lanes. Ties take the smaller index; NaN beats every number.

template <class T>
__device__ __forceinline__ bool arg_better(bool max, T v, int i, T best, int bi) {
    if (bi < 0) return true;
    bool vn = v != v, bn = best != best;
    if (vn || bn) return vn && (!bn || i < bi);
    if (v == best) return i < bi;
    return max ? v > best : v < best;
}

template <class T>
__device__ void arg_reduce_impl(int max, const T* x, View outer, int len, int stride, T* values, View vv,
                                int64_t* indices, View iv, int O) {
    int lane = threadIdx.x & 31;
    int warps = (gridDim.x * blockDim.x) >> 5;
    for (int o = (blockIdx.x * blockDim.x + threadIdx.x) >> 5; o < O; o += warps) {
        const T* line = x + view_offset(outer, o);
        T best = T(0);
        int bi = -1;
        for (int i = lane; i < len; i += 32) {
            T v = line[(long long) i * stride];
            if (arg_better(max != 0, v, i, best, bi)) {
                best = v;
                bi = i;
            }
        }
        for (int off = 16; off > 0; off >>= 1) {
            T ov = __shfl_xor_sync(0xffffffffu, best, off);
            int oi = __shfl_xor_sync(0xffffffffu, bi, off);
            if (oi >= 0 && arg_better(max != 0, ov, oi, best, bi)) {
                best = ov;
                bi = oi;
            }
        }
        if (lane == 0) {
            values[view_offset(vv, o)] = best;
            indices[view_offset(iv, o)] = bi;
        }
    }
}

#define ARG_REDUCE_KERNEL(N, T) \
    extern "C" __global__ void arg_reduce_##N(int max, const T* x, View outer, int len, int stride, T* values, \
                                              View vv, int64_t* indices, View iv, int O) { \
        arg_reduce_impl<T>(max, x, outer, len, stride, values, vv, indices, iv, O); \
    }
ARG_REDUCE_KERNEL(u8, uint8_t)
ARG_REDUCE_KERNEL(i32, int32_t)
ARG_REDUCE_KERNEL(i64, int64_t)
ARG_REDUCE_KERNEL(f32, float)
ARG_REDUCE_KERNEL(f64, double)

// ---- cumulative sum ------------------------------------------------------------------------
// One block per line. The line is walked in chunks of blockDim.x elements: each chunk gets an
// inclusive scan (Hillis-Steele inside each warp with shuffles, then a scan of the warp totals),
// plus the running total of the chunks before it.

template <class T>
__device__ void cumsum_impl(const T* x, View xouter, int len, int xstride, void* out, int out_dtype,
                            View oouter, int ostride, int O) {
    typedef typename Acc<T>::type A;
    __shared__ A warp_sums[32];
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
    for (int o = blockIdx.x; o < O; o += gridDim.x) {
        const T* line = x + view_offset(xouter, o);
        int obase = view_offset(oouter, o);
        A carry = A(0);
        for (int c0 = 0; c0 < len; c0 += blockDim.x) {
            int i = c0 + threadIdx.x;
            A v = i < len ? (A) line[(long long) i * xstride] : A(0);
            for (int off = 1; off < 32; off <<= 1) {
                A up = __shfl_up_sync(0xffffffffu, v, off);
                if (lane >= off) v += up;
            }
            if (lane == 31) warp_sums[warp] = v;
            __syncthreads();
            if (warp == 0) {
                A w = lane < warps ? warp_sums[lane] : A(0);
                for (int off = 1; off < 32; off <<= 1) {
                    A up = __shfl_up_sync(0xffffffffu, w, off);
                    if (lane >= off) w += up;
                }
                warp_sums[lane] = w;  // inclusive scan of the warp totals
            }
            __syncthreads();
            A before = warp == 0 ? A(0) : warp_sums[warp - 1];
            if (i < len) store_as<A>(out, out_dtype, obase + i * ostride, carry + before + v);
            carry += warp_sums[warps - 1];
            __syncthreads();  // warp_sums is rewritten by the next chunk
        }
    }
}

#define CUMSUM_KERNEL(N, T) \
    extern "C" __global__ void cumsum_##N(const T* x, View xouter, int len, int xstride, void* out, \
                                          int out_dtype, View oouter, int ostride, int O) { \
        cumsum_impl<T>(x, xouter, len, xstride, out, out_dtype, oouter, ostride, O); \
    }
CUMSUM_KERNEL(b8, uint8_t)
CUMSUM_KERNEL(u8, uint8_t)
CUMSUM_KERNEL(i32, int32_t)
CUMSUM_KERNEL(i64, int64_t)
CUMSUM_KERNEL(f32, float)
CUMSUM_KERNEL(f64, double)
