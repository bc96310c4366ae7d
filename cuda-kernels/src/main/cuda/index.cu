// Indexing kernels: gather, scatter (store or accumulate), index_select, index_add.
//
// Indices are I64. An index outside [0, size) is not followed: the kernel records the first bad
// one through report_bad_index and the host turns it into an exception naming the op. Kernels
// that only move elements exist per element size (s1, s4, s8); those that add exist per dtype.
#include "common.cuh"

// Offsets of the i-th element of the iteration space `it` (its sizes) in three views that share
// those sizes, except that `skip` (a dim of the third view) is left out of the third offset.
struct Offsets { int a, b, c, coord; };

__device__ __forceinline__ Offsets offsets3(const View& it, const View& a, const View& b, const View& c, int skip,
                                            int i) {
    Offsets o = {a.offset, b.offset, c.offset, 0};
    for (int d = it.ndim - 1; d >= 0; --d) {
        int s = it.sizes[d];
        int q = i / s, k = i - q * s;
        o.a += k * a.strides[d];
        o.b += k * b.strides[d];
        if (d == skip) o.coord = k;
        else o.c += k * c.strides[d];
        i = q;
    }
    return o;
}

// gather: out[pos] = x[pos with coordinate `dim` replaced by index[pos]]; iteration over out.
template <class T>
__device__ void gather_impl(const T* x, View xv, int dim, const int64_t* index, View iv, T* out, View ov, int n,
                            long long* err) {
    int size = xv.sizes[dim];
    GRID_STRIDE_LOOP(i, n) {
        Offsets o = offsets3(ov, ov, iv, xv, dim, i);
        int64_t k = index[o.b];
        if (k < 0 || k >= size) {
            report_bad_index(err, i, k);
            continue;
        }
        out[o.a] = x[o.c + k * xv.strides[dim]];
    }
}

// scatter: out[pos with `dim` replaced by index[pos]] = src[pos]; iteration over index.
// Duplicate indices leave one of the written values (unspecified which), as PyTorch.
template <class T>
__device__ void scatter_impl(T* out, View ov, int dim, const int64_t* index, View iv, const T* src, View sv, int n,
                             long long* err) {
    int size = ov.sizes[dim];
    GRID_STRIDE_LOOP(i, n) {
        Offsets o = offsets3(iv, iv, sv, ov, dim, i);
        int64_t k = index[o.a];
        if (k < 0 || k >= size) {
            report_bad_index(err, i, k);
            continue;
        }
        out[o.c + k * ov.strides[dim]] = src[o.b];
    }
}

// scatter with accumulate: the adds of duplicate indices meet in atomics. BOOL accumulates as OR.
template <class T>
__device__ void scatter_add_impl(T* out, View ov, int dim, const int64_t* index, View iv, const T* src, View sv,
                                 int n, long long* err, bool logical) {
    int size = ov.sizes[dim];
    GRID_STRIDE_LOOP(i, n) {
        Offsets o = offsets3(iv, iv, sv, ov, dim, i);
        int64_t k = index[o.a];
        if (k < 0 || k >= size) {
            report_bad_index(err, i, k);
            continue;
        }
        T* dst = out + o.c + k * ov.strides[dim];
        if (logical) {
            if (src[o.b] != T(0)) *dst = T(1);  // every writer writes 1: no race to lose
        } else {
            atomic_add(dst, src[o.b]);
        }
    }
}

// index_select: out = x.index_select(dim, index); iteration over out, whose coordinate at dim
// picks index[coord].
template <class T>
__device__ void index_select_impl(const T* x, View xv, int dim, const int64_t* index, View iv, T* out, View ov,
                                  int n, long long* err) {
    int size = xv.sizes[dim];
    GRID_STRIDE_LOOP(i, n) {
        Offsets o = offsets3(ov, ov, ov, xv, dim, i);
        int64_t k = index[iv.offset + o.coord * iv.strides[0]];
        if (k < 0 || k >= size) {
            report_bad_index(err, o.coord, k);
            continue;
        }
        out[o.a] = x[o.c + k * xv.strides[dim]];
    }
}

// index_add: out's slice index[j] along dim += src's slice j; iteration over src.
template <class T>
__device__ void index_add_impl(T* out, View ov, int dim, const int64_t* index, View iv, const T* src, View sv,
                               int n, long long* err, bool logical) {
    int size = ov.sizes[dim];
    GRID_STRIDE_LOOP(i, n) {
        Offsets o = offsets3(sv, sv, sv, ov, dim, i);
        int64_t k = index[iv.offset + o.coord * iv.strides[0]];
        if (k < 0 || k >= size) {
            report_bad_index(err, o.coord, k);
            continue;
        }
        T* dst = out + o.c + k * ov.strides[dim];
        if (logical) {
            if (src[o.a] != T(0)) *dst = T(1);
        } else {
            atomic_add(dst, src[o.a]);
        }
    }
}

#define MOVE_KERNELS(N, T) \
    extern "C" __global__ void gather_##N(const T* x, View xv, int dim, const int64_t* index, View iv, T* out, \
                                          View ov, int n, long long* err) { \
        gather_impl<T>(x, xv, dim, index, iv, out, ov, n, err); \
    } \
    extern "C" __global__ void scatter_##N(T* out, View ov, int dim, const int64_t* index, View iv, const T* src, \
                                           View sv, int n, long long* err) { \
        scatter_impl<T>(out, ov, dim, index, iv, src, sv, n, err); \
    } \
    extern "C" __global__ void index_select_##N(const T* x, View xv, int dim, const int64_t* index, View iv, \
                                                T* out, View ov, int n, long long* err) { \
        index_select_impl<T>(x, xv, dim, index, iv, out, ov, n, err); \
    }
MOVE_KERNELS(s1, uint8_t)
MOVE_KERNELS(s4, uint32_t)
MOVE_KERNELS(s8, uint64_t)

#define ADD_KERNELS(N, T, LOGICAL) \
    extern "C" __global__ void scatter_add_##N(T* out, View ov, int dim, const int64_t* index, View iv, \
                                               const T* src, View sv, int n, long long* err) { \
        scatter_add_impl<T>(out, ov, dim, index, iv, src, sv, n, err, LOGICAL); \
    } \
    extern "C" __global__ void index_add_##N(T* out, View ov, int dim, const int64_t* index, View iv, const T* src, \
                                             View sv, int n, long long* err) { \
        index_add_impl<T>(out, ov, dim, index, iv, src, sv, n, err, LOGICAL); \
    }
ADD_KERNELS(b8, uint8_t, true)
ADD_KERNELS(u8, uint8_t, false)
ADD_KERNELS(i32, int32_t, false)
ADD_KERNELS(i64, int64_t, false)
ADD_KERNELS(f32, float, false)
ADD_KERNELS(f64, double, false)
