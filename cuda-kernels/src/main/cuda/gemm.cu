// Batched matrix multiply: out[b] (+)= A[b] (M x K) @ B[b] (K x N), for b in [0, batch).
//
// Every operand comes as a base pointer plus element strides (batch, row, column), so
// transposed and broadcast (stride 0) operands need no copy. `accumulate` = 1 adds into out
// (used by convolution's weight gradient, which sums over the batch), 0 overwrites it.
//
// The ladder, each version checked against the one before:
//   gemm_naive_*   one thread per output element; the reference, and the path for integers.
//   dgemm_tiled    F64, 32 x 32 tiles through shared memory.
//   sgemm_tiled    F32, 128 x 128 block tile, 8 x 8 outputs per thread in registers, the two
//                  shared-memory tiles double-buffered so loads overlap the math.
//   sgemm_tf32     F32 inputs rounded to TF32 on tensor cores (mma.sync m16n8k8), F32 accumulate;
//                  10 bits of mantissa per input, so opt-in (PyTorch's matmul precision "high").
//   sgemm_bf16     F32 inputs rounded to BF16 on tensor cores (mma.sync m16n8k16), F32 accumulate;
//                  7 bits of mantissa per input, opt-in (PyTorch's "medium"). sm_80 and newer only,
//                  as every image Reel builds; __CUDA_ARCH__ guards the tensor-core code anyway.
#include "common.cuh"

#include <stdint.h>

struct Mat {  // strides in elements
    long long batch, row, col;
};

// ---- reference ------------------------------------------------------------------------------

template <class T, class A>
__device__ void gemm_naive_impl(const T* a, Mat sa, const T* b, Mat sb, T* out, Mat so, int batch, int M, int N,
                                int K, int accumulate) {
    long long total = (long long) batch * M * N;
    for (long long t = blockIdx.x * (long long) blockDim.x + threadIdx.x; t < total;
         t += (long long) blockDim.x * gridDim.x) {
        int n = (int) (t % N);
        long long q = t / N;
        int m = (int) (q % M);
        int z = (int) (q / M);
        const T* ar = a + z * sa.batch + m * sa.row;
        const T* bc = b + z * sb.batch + n * sb.col;
        A acc = 0;
        for (int k = 0; k < K; ++k) acc += (A) ar[k * sa.col] * (A) bc[k * sb.row];
        T* o = out + z * so.batch + m * so.row + n * so.col;
        *o = accumulate ? (T) (*o + acc) : (T) acc;
    }
}

#define GEMM_NAIVE_KERNEL(N, T, A) \
    extern "C" __global__ void gemm_naive_##N(const T* a, Mat sa, const T* b, Mat sb, T* out, Mat so, int batch, \
                                              int M, int N_, int K, int accumulate) { \
        gemm_naive_impl<T, A>(a, sa, b, sb, out, so, batch, M, N_, K, accumulate); \
    }
GEMM_NAIVE_KERNEL(u8, uint8_t, int64_t)
GEMM_NAIVE_KERNEL(i32, int32_t, int64_t)
GEMM_NAIVE_KERNEL(i64, int64_t, int64_t)
GEMM_NAIVE_KERNEL(f32, float, float)
GEMM_NAIVE_KERNEL(f64, double, double)

// ---- F64: shared-memory tiles ---------------------------------------------------------------
// Block (32, 8) computes a 32 x 32 tile; each thread owns 4 outputs of one column.

extern "C" __global__ void __launch_bounds__(256) dgemm_tiled(const double* a, Mat sa, const double* b, Mat sb,
        double* out, Mat so, int batch, int M, int N, int K, int accumulate) {
    __shared__ double As[32][33];  // +1 column: no bank conflicts on the column reads
    __shared__ double Bs[32][33];
    int z = blockIdx.z;
    a += z * sa.batch;
    b += z * sb.batch;
    out += z * so.batch;
    int m0 = blockIdx.y * 32, n0 = blockIdx.x * 32;
    int tx = threadIdx.x, ty = threadIdx.y;
    double acc[4] = {0, 0, 0, 0};
    for (int k0 = 0; k0 < K; k0 += 32) {
        for (int r = ty; r < 32; r += 8) {
            int m = m0 + r, k = k0 + tx;
            As[r][tx] = (m < M && k < K) ? a[m * sa.row + k * sa.col] : 0.0;
            int kk = k0 + r, n = n0 + tx;
            Bs[r][tx] = (kk < K && n < N) ? b[kk * sb.row + n * sb.col] : 0.0;
        }
        __syncthreads();
#pragma unroll 8
        for (int k = 0; k < 32; ++k) {
            double bv = Bs[k][tx];
#pragma unroll
            for (int i = 0; i < 4; ++i) acc[i] += As[ty + 8 * i][k] * bv;
        }
        __syncthreads();
    }
#pragma unroll
    for (int i = 0; i < 4; ++i) {
        int m = m0 + ty + 8 * i, n = n0 + tx;
        if (m < M && n < N) {
            double* o = out + m * so.row + n * so.col;
            *o = accumulate ? *o + acc[i] : acc[i];
        }
    }
}

// ---- F32: register-blocked, double-buffered -------------------------------------------------
// Block tile BM x BN = 128 x 128, depth BK = 8, 256 threads as a 16 x 16 grid. Thread (ty, tx)
// owns the 8 x 8 outputs at rows {ty*4 + i, 64 + ty*4 + i} and columns {tx*4 + j, 64 + tx*4 + j}
// (i, j < 4): two 4-wide groups 64 apart, so the float4 reads of a warp from shared memory hit
// distinct banks. Per k step a thread reads 8 A values and 8 B values and does 64 FMAs.
//
// A's tile is stored transposed (As[k][m]) so that a thread's 8 rows are two float4 reads; the
// +4 padding keeps the transposing stores from landing in one bank. While the block computes on
// one buffer, each thread has already loaded its share of the next tile into registers, and
// stores it into the other buffer afterwards: one __syncthreads per k step.

#define SG_BM 128
#define SG_BN 128
#define SG_BK 8
#define SG_PAD 4

extern "C" __global__ void __launch_bounds__(256) sgemm_tiled(const float* a, Mat sa, const float* b, Mat sb,
        float* out, Mat so, int batch, int M, int N, int K, int accumulate) {
    __shared__ __align__(16) float As[2][SG_BK][SG_BM + SG_PAD];
    __shared__ __align__(16) float Bs[2][SG_BK][SG_BN + SG_PAD];
    int z = blockIdx.z;
    a += z * sa.batch;
    b += z * sb.batch;
    out += z * so.batch;
    int m0 = blockIdx.y * SG_BM, n0 = blockIdx.x * SG_BN;
    int t = threadIdx.x, tx = t & 15, ty = t >> 4;

    // Each thread loads 4 elements of each tile. A: element e = t + 256 * i covers row e / 8,
    // depth e % 8 (consecutive threads walk k, contiguous in a row-major A). B: depth e / 128,
    // column e % 128 (consecutive threads walk n, contiguous in a row-major B).
    float ra[4], rb[4];
    auto load = [&](int k0) {
#pragma unroll
        for (int i = 0; i < 4; ++i) {
            int e = t + 256 * i;
            int m = m0 + (e >> 3), k = k0 + (e & 7);
            ra[i] = (m < M && k < K) ? a[m * sa.row + k * sa.col] : 0.f;
            int kb = k0 + (e >> 7), n = n0 + (e & 127);
            rb[i] = (kb < K && n < N) ? b[kb * sb.row + n * sb.col] : 0.f;
        }
    };
    auto store = [&](int buf) {
#pragma unroll
        for (int i = 0; i < 4; ++i) {
            int e = t + 256 * i;
            As[buf][e & 7][e >> 3] = ra[i];
            Bs[buf][e >> 7][e & 127] = rb[i];
        }
    };

    float acc[8][8];
#pragma unroll
    for (int i = 0; i < 8; ++i)
#pragma unroll
        for (int j = 0; j < 8; ++j) acc[i][j] = 0.f;

    load(0);
    store(0);
    __syncthreads();
    int buf = 0;
    for (int k0 = 0; k0 < K; k0 += SG_BK) {
        bool more = k0 + SG_BK < K;
        if (more) load(k0 + SG_BK);  // in flight while we compute
#pragma unroll
        for (int k = 0; k < SG_BK; ++k) {
            float4 a0 = *(const float4*) &As[buf][k][ty * 4];
            float4 a1 = *(const float4*) &As[buf][k][64 + ty * 4];
            float4 b0 = *(const float4*) &Bs[buf][k][tx * 4];
            float4 b1 = *(const float4*) &Bs[buf][k][64 + tx * 4];
            float av[8] = {a0.x, a0.y, a0.z, a0.w, a1.x, a1.y, a1.z, a1.w};
            float bv[8] = {b0.x, b0.y, b0.z, b0.w, b1.x, b1.y, b1.z, b1.w};
#pragma unroll
            for (int i = 0; i < 8; ++i)
#pragma unroll
                for (int j = 0; j < 8; ++j) acc[i][j] = fmaf(av[i], bv[j], acc[i][j]);
        }
        if (more) {
            store(buf ^ 1);  // the other buffer: nobody reads it during this step
            __syncthreads();
            buf ^= 1;
        }
    }

#pragma unroll
    for (int i = 0; i < 8; ++i) {
        int m = m0 + (i < 4 ? ty * 4 + i : 64 + ty * 4 + i - 4);
        if (m >= M) continue;
#pragma unroll
        for (int j = 0; j < 8; ++j) {
            int n = n0 + (j < 4 ? tx * 4 + j : 64 + tx * 4 + j - 4);
            if (n < N) {
                float* o = out + m * so.row + n * so.col;
                *o = accumulate ? *o + acc[i][j] : acc[i][j];
            }
        }
    }
}

// ---- F32 inputs on tensor cores: TF32 and BF16 ----------------------------------------------
// Block tile 128 x 128, depth 16; 8 warps as 2 (rows) x 4 (columns), each warp a 64 x 32 tile
// = 4 x 4 mma tiles of 16 x 8. Shared tiles hold F32 (As[m][k], Bs[n][k], k contiguous, padded
// to 20 so the fragment reads of a warp spread over the banks); values are rounded to TF32
// (cvt.rna) or BF16 (cvt.rn) as fragments are loaded, and the products are summed in F32.
//
// Fragment layouts (PTX ISA, "Matrix fragments for mma.m16n8k8 / m16n8k16"), g = lane / 4,
// c = lane % 4; (row, column) of the element each register holds:
//   TF32 m16n8k8   A: a0 (g, c), a1 (g+8, c), a2 (g, c+4), a3 (g+8, c+4);   B: b0 (c, g), b1 (c+4, g)
//   BF16 m16n8k16  A: a0 (g, 2c..2c+1), a1 (g+8, 2c..2c+1), a2 (g, 2c+8..2c+9), a3 (g+8, 2c+8..2c+9)
//                  B: b0 (2c..2c+1, g), b1 (2c+8..2c+9, g)     (two BF16 per register, low half first)
//   C (both, F32): c0 (g, 2c), c1 (g, 2c+1), c2 (g+8, 2c), c3 (g+8, 2c+1)

#define TC_BM 128
#define TC_BN 128
#define TC_BK 16
#define TC_LD (TC_BK + 4)

enum TensorCoreKind { TC_TF32, TC_BF16 };

#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800
__device__ __forceinline__ uint32_t to_tf32(float x) {
    uint32_t r;
    asm("cvt.rna.tf32.f32 %0, %1;" : "=r"(r) : "f"(x));
    return r;
}

// Two F32 values rounded to BF16 and packed: lo in bits 0-15, hi in bits 16-31 (cvt puts its
// first source in the upper half).
__device__ __forceinline__ uint32_t to_bf16x2(float lo, float hi) {
    uint32_t r;
    asm("cvt.rn.bf16x2.f32 %0, %1, %2;" : "=r"(r) : "f"(hi), "f"(lo));
    return r;
}

__device__ __forceinline__ void mma_tf32(float* d, const uint32_t* a, const uint32_t* b) {
    asm volatile(
        "mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 "
        "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%0, %1, %2, %3};"
        : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
        : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
}

__device__ __forceinline__ void mma_bf16(float* d, const uint32_t* a, const uint32_t* b) {
    asm volatile(
        "mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 "
        "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%0, %1, %2, %3};"
        : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
        : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
}
#endif

template <TensorCoreKind KIND>
__device__ void sgemm_tensor_core(const float* a, Mat sa, const float* b, Mat sb, float* out, Mat so, int M, int N,
                                  int K, int accumulate) {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800
    __shared__ float As[TC_BM][TC_LD];
    __shared__ float Bs[TC_BN][TC_LD];
    int z = blockIdx.z;
    a += z * sa.batch;
    b += z * sb.batch;
    out += z * so.batch;
    int m0 = blockIdx.y * TC_BM, n0 = blockIdx.x * TC_BN;
    int t = threadIdx.x, lane = t & 31, warp = t >> 5;
    int wm = (warp >> 2) * 64, wn = (warp & 3) * 32;  // the warp's tile inside the block tile
    int g = lane >> 2, c = lane & 3;

    float acc[4][4][4];
#pragma unroll
    for (int i = 0; i < 4; ++i)
#pragma unroll
        for (int j = 0; j < 4; ++j)
#pragma unroll
            for (int r = 0; r < 4; ++r) acc[i][j][r] = 0.f;

    for (int k0 = 0; k0 < K; k0 += TC_BK) {
        // 2048 elements per tile, 8 per thread. A: consecutive threads walk k; B: walk n.
#pragma unroll
        for (int i = 0; i < 8; ++i) {
            int e = t + 256 * i;
            int m = e >> 4, k = e & 15;
            As[m][k] = (m0 + m < M && k0 + k < K) ? a[(m0 + m) * sa.row + (k0 + k) * sa.col] : 0.f;
            int kb = e >> 7, n = e & 127;
            Bs[n][kb] = (k0 + kb < K && n0 + n < N) ? b[(k0 + kb) * sb.row + (n0 + n) * sb.col] : 0.f;
        }
        __syncthreads();
        if constexpr (KIND == TC_TF32) {
#pragma unroll
            for (int kk = 0; kk < TC_BK; kk += 8) {
                uint32_t af[4][4], bf[4][2];
#pragma unroll
                for (int i = 0; i < 4; ++i) {
                    int r = wm + i * 16 + g;
                    af[i][0] = to_tf32(As[r][kk + c]);
                    af[i][1] = to_tf32(As[r + 8][kk + c]);
                    af[i][2] = to_tf32(As[r][kk + c + 4]);
                    af[i][3] = to_tf32(As[r + 8][kk + c + 4]);
                }
#pragma unroll
                for (int j = 0; j < 4; ++j) {
                    int n = wn + j * 8 + g;
                    bf[j][0] = to_tf32(Bs[n][kk + c]);
                    bf[j][1] = to_tf32(Bs[n][kk + c + 4]);
                }
#pragma unroll
                for (int i = 0; i < 4; ++i)
#pragma unroll
                    for (int j = 0; j < 4; ++j) mma_tf32(acc[i][j], af[i], bf[j]);
            }
        } else {
            uint32_t af[4][4], bf[4][2];
#pragma unroll
            for (int i = 0; i < 4; ++i) {
                int r = wm + i * 16 + g;
                af[i][0] = to_bf16x2(As[r][2 * c], As[r][2 * c + 1]);
                af[i][1] = to_bf16x2(As[r + 8][2 * c], As[r + 8][2 * c + 1]);
                af[i][2] = to_bf16x2(As[r][2 * c + 8], As[r][2 * c + 9]);
                af[i][3] = to_bf16x2(As[r + 8][2 * c + 8], As[r + 8][2 * c + 9]);
            }
#pragma unroll
            for (int j = 0; j < 4; ++j) {
                int n = wn + j * 8 + g;
                bf[j][0] = to_bf16x2(Bs[n][2 * c], Bs[n][2 * c + 1]);
                bf[j][1] = to_bf16x2(Bs[n][2 * c + 8], Bs[n][2 * c + 9]);
            }
#pragma unroll
            for (int i = 0; i < 4; ++i)
#pragma unroll
                for (int j = 0; j < 4; ++j) mma_bf16(acc[i][j], af[i], bf[j]);
        }
        __syncthreads();
    }

#pragma unroll
    for (int i = 0; i < 4; ++i)
#pragma unroll
        for (int j = 0; j < 4; ++j)
#pragma unroll
            for (int r = 0; r < 4; ++r) {
                int m = m0 + wm + i * 16 + g + (r >> 1) * 8;
                int n = n0 + wn + j * 8 + 2 * c + (r & 1);
                if (m < M && n < N) {
                    float* o = out + m * so.row + n * so.col;
                    *o = accumulate ? *o + acc[i][j][r] : acc[i][j][r];
                }
            }
#else
    __trap();  // unreachable: Reel builds no image below sm_80, and the host refuses such GPUs
#endif
}

extern "C" __global__ void __launch_bounds__(256) sgemm_tf32(const float* a, Mat sa, const float* b, Mat sb,
        float* out, Mat so, int batch, int M, int N, int K, int accumulate) {
    sgemm_tensor_core<TC_TF32>(a, sa, b, sb, out, so, M, N, K, accumulate);
}

extern "C" __global__ void __launch_bounds__(256) sgemm_bf16(const float* a, Mat sa, const float* b, Mat sb,
        float* out, Mat so, int batch, int M, int N, int K, int accumulate) {
    sgemm_tensor_core<TC_BF16>(a, sa, b, sb, out, so, M, N, K, accumulate);
}
