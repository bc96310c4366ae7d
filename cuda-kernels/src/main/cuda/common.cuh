// Shared definitions for Reel's CUDA kernels: the strided view descriptor, element types,
// and the warp/block reduction helpers.
//
// Conventions every kernel file follows:
//  - Entry points are extern "C" so that their PTX names are the plain names the Java side
//    looks up with cuModuleGetFunction (no C++ mangling).
//  - Names end with the element type they work on: b8 (BOOL, 0/1 in a byte), u8, i32, i64, f32,
//    f64; or with the element size (s1, s4, s8) when the kernel only moves bytes around.
//  - Tensors arrive as a base pointer plus a View (sizes, strides, offset in elements), so any
//    strided or broadcast (stride 0) view works without a copy.
//  - Element counts fit in 32 bits: a Reel storage holds at most 2^31 - 1 elements.
#pragma once

#include <stdint.h>

#define REEL_MAX_DIMS 8

// A strided view, passed to kernels by value. The Java side (dev.reel.cuda.View) writes the same
// layout: int32 ndim, int32 offset, int32 sizes[8], int32 strides[8] = 72 bytes.
struct View {
    int ndim;
    int offset;
    int sizes[REEL_MAX_DIMS];
    int strides[REEL_MAX_DIMS];
};

// Element offset of the i-th element of v in row-major order of its sizes.
__device__ __forceinline__ int view_offset(const View& v, int i) {
    int off = v.offset;
    for (int d = v.ndim - 1; d > 0; --d) {
        int s = v.sizes[d];
        int q = i / s;
        off += (i - q * s) * v.strides[d];
        i = q;
    }
    if (v.ndim > 0) off += i * v.strides[0];
    return off;
}

// Grid-stride loop over [0, n): every thread of the grid visits n / (grid size) indices.
#define GRID_STRIDE_LOOP(i, n) \
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += blockDim.x * gridDim.x)

// DType codes, in the order of dev.reel.engine.DType.
enum DTypeCode { DT_BOOL = 0, DT_U8 = 1, DT_I32 = 2, DT_I64 = 3, DT_F32 = 4, DT_F64 = 5 };

// Stores v into p[i] converted to the dtype named by code (casts as PyTorch's: BOOL is v != 0).
template <class T>
__device__ __forceinline__ void store_as(void* p, int code, int i, T v) {
    switch (code) {
        case DT_BOOL: ((uint8_t*) p)[i] = v != T(0) ? 1 : 0; break;
        case DT_U8: ((uint8_t*) p)[i] = (uint8_t) (int64_t) v; break;
        case DT_I32: ((int32_t*) p)[i] = (int32_t) (int64_t) v; break;
        case DT_I64: ((int64_t*) p)[i] = (int64_t) v; break;
        case DT_F32: ((float*) p)[i] = (float) v; break;
        default: ((double*) p)[i] = (double) v; break;
    }
}

// ---- reductions inside a warp and a block -------------------------------------------------

// Combines the values of the 32 lanes of a warp with f; every lane gets the result.
// Each step folds in the value of the lane `offset` away (butterfly), so log2(32) = 5 shuffles.
template <class T, class F>
__device__ __forceinline__ T warp_reduce(T v, F f) {
    for (int offset = 16; offset > 0; offset >>= 1) v = f(v, __shfl_xor_sync(0xffffffffu, v, offset));
    return v;
}

// Combines one value per thread of the block; the result is returned to every thread.
// Warps reduce with shuffles, their results meet in shared memory, and warp 0 reduces those.
// `shared` needs 32 slots. blockDim.x must be a multiple of 32.
template <class T, class F>
__device__ T block_reduce(T v, F f, T identity, T* shared) {
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    v = warp_reduce(v, f);
    __syncthreads();  // shared may still be read by a previous call
    if (lane == 0) shared[warp] = v;
    __syncthreads();
    int warps = blockDim.x >> 5;
    v = threadIdx.x < warps ? shared[threadIdx.x] : identity;
    if (warp == 0) v = warp_reduce(v, f);
    if (threadIdx.x == 0) shared[0] = v;
    __syncthreads();
    return shared[0];
}

// ---- atomics the hardware lacks ------------------------------------------------------------

// atomicAdd on a byte, through a compare-and-swap on the aligned 32-bit word that holds it.
__device__ __forceinline__ void atomic_add_u8(uint8_t* p, uint8_t v) {
    uintptr_t addr = (uintptr_t) p;
    unsigned int* word = (unsigned int*) (addr & ~(uintptr_t) 3);
    unsigned int shift = (unsigned int) (addr & 3) * 8;
    unsigned int old = *word, assumed;
    do {
        assumed = old;
        unsigned int byte = ((assumed >> shift) + v) & 0xffu;
        old = atomicCAS(word, assumed, (assumed & ~(0xffu << shift)) | (byte << shift));
    } while (old != assumed);
}

__device__ __forceinline__ void atomic_add(float* p, float v) { atomicAdd(p, v); }
__device__ __forceinline__ void atomic_add(double* p, double v) { atomicAdd(p, v); }
__device__ __forceinline__ void atomic_add(int32_t* p, int32_t v) { atomicAdd(p, v); }
// Two's-complement addition is the same for signed and unsigned 64-bit words.
__device__ __forceinline__ void atomic_add(int64_t* p, int64_t v) {
    atomicAdd((unsigned long long*) p, (unsigned long long) v);
}
__device__ __forceinline__ void atomic_add(uint8_t* p, uint8_t v) { atomic_add_u8(p, v); }

// Records the first bad index a kernel met, for the host to report after the launch.
// err[0] = 1 + position of the element in the index tensor, err[1] = the index value.
__device__ __forceinline__ void report_bad_index(long long* err, int position, int64_t index) {
    unsigned long long* e = (unsigned long long*) err;
    if (atomicCAS(e, 0ull, (unsigned long long) position + 1) == 0ull) err[1] = index;
}
