// Random fills from the Philox 4x32-10 counter-based generator (Salmon et al., "Parallel random
// numbers: as easy as 1, 2, 3", SC'11), the same stream as the CPU backend's.
//
// The stream of a seed is a sequence of 32-bit words; word j (j >= 0, 64-bit) is
//   block  c    = j / 4           (the Philox counter: c0 = low 32 bits of c, c1 = high 32 bits,
//                                   c2 = c3 = 0)
//   key         = (k0, k1) = (low 32 bits of seed, high 32 bits of seed)
//   word(j)     = philox4x32_10(counter, key)[j % 4]
// Element i of a fill that starts at word `offset` uses words offset + i*w .. offset + i*w + w-1:
//   F32 uniform (w = 1):  u = (word >> 8) * 2^-24                       in [0, 1)
//   F64 uniform (w = 2):  u = ((word0 << 32 | word1) >> 11) * 2^-53     in [0, 1)
//   normal      (w = 2):  u1 = ((word0 >> 8) + 1) * 2^-24 in (0, 1],  u2 = (word1 >> 8) * 2^-24
//                         z  = sqrt(-2 ln u1) * cos(2 pi u2)            (Box-Muller)
// and the value is a + (b - a) * u (uniform in [a, b); a result that rounds up to b becomes the
// double just below b) or a + b * z (mean a, std b), computed in double with no fused
// multiply-add, then rounded to the element type. This is dev.reel.engine.Philox and CpuRandom
// step for step: uniform values are bit-identical to the CPU's; normal values can differ in the
// last bit where the device's log/cos round differently from the JDK's.
#include "common.cuh"

#include <math.h>

#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u  // golden ratio
#define PHILOX_W1 0xBB67AE85u  // sqrt(3) - 1

// Ten rounds; each multiplies two counter words, mixes the halves with the key, and the key
// is bumped by the Weyl constants between rounds.
__device__ __forceinline__ uint4 philox4x32_10(uint4 c, uint32_t k0, uint32_t k1) {
#pragma unroll
    for (int round = 0; round < 10; ++round) {
        uint32_t hi0 = __umulhi(PHILOX_M0, c.x), lo0 = PHILOX_M0 * c.x;
        uint32_t hi1 = __umulhi(PHILOX_M1, c.z), lo1 = PHILOX_M1 * c.z;
        c = make_uint4(hi1 ^ c.y ^ k0, lo1, hi0 ^ c.w ^ k1, lo0);
        k0 += PHILOX_W0;
        k1 += PHILOX_W1;
    }
    return c;
}

__device__ __forceinline__ uint32_t philox_word(unsigned long long j, uint32_t k0, uint32_t k1) {
    unsigned long long c = j >> 2;
    uint4 r = philox4x32_10(make_uint4((uint32_t) c, (uint32_t) (c >> 32), 0u, 0u), k0, k1);
    switch (j & 3) {
        case 0: return r.x;
        case 1: return r.y;
        case 2: return r.z;
        default: return r.w;
    }
}

// The largest double below b (Java's Math.nextDown), for finite b.
__device__ __forceinline__ double next_down(double b) {
    if (b == 0.0) return -0x1p-1074;
    long long bits = __double_as_longlong(b);
    return __longlong_as_double(b > 0.0 ? bits - 1 : bits + 1);
}

// The value of element i, in double, following the mapping above.
__device__ __forceinline__ double random_value(unsigned long long j, int words, int normal, uint32_t k0,
                                               uint32_t k1, double a, double b) {
    if (normal) {
        double u1 = (double) ((philox_word(j, k0, k1) >> 8) + 1) * 0x1p-24;
        double u2 = (double) (philox_word(j + 1, k0, k1) >> 8) * 0x1p-24;
        double z = __dmul_rn(sqrt(-2.0 * log(u1)), cos(__dmul_rn(2.0 * M_PI, u2)));
        return __dadd_rn(a, __dmul_rn(b, z));
    }
    double u;
    if (words == 1) {
        u = (double) (philox_word(j, k0, k1) >> 8) * 0x1p-24;
    } else {
        unsigned long long hi = philox_word(j, k0, k1), lo = philox_word(j + 1, k0, k1);
        u = (double) ((hi << 32 | lo) >> 11) * 0x1p-53;
    }
    double v = __dadd_rn(a, __dmul_rn(b - a, u));
    return (v >= b && b > a) ? next_down(b) : v;
}

// out (a view of n elements) gets elements 0..n-1 of the stream, element i at view position i.
extern "C" __global__ void random_f32(float* out, View ov, int n, int normal, unsigned long long seed,
                                      unsigned long long offset, double a, double b) {
    uint32_t k0 = (uint32_t) seed, k1 = (uint32_t) (seed >> 32);
    int words = normal ? 2 : 1;
    GRID_STRIDE_LOOP(i, n) {
        out[view_offset(ov, i)] = (float) random_value(offset + (unsigned long long) i * words, words, normal, k0, k1, a, b);
    }
}

extern "C" __global__ void random_f64(double* out, View ov, int n, int normal, unsigned long long seed,
                                      unsigned long long offset, double a, double b) {
    uint32_t k0 = (uint32_t) seed, k1 = (uint32_t) (seed >> 32);
    GRID_STRIDE_LOOP(i, n) {
        out[view_offset(ov, i)] = random_value(offset + (unsigned long long) i * 2, 2, normal, k0, k1, a, b);
    }
}

// Dropout mask and scale in one pass: keep element i when its F32 uniform u >= p, and write
// x * scale (scale = 1 / (1 - p)) or 0. Same words as random_f32, so the mask matches the CPU's.
extern "C" __global__ void dropout_f32(const float* x, float* y, uint8_t* mask, int n, float p, float scale,
                                       unsigned long long seed, unsigned long long offset) {
    uint32_t k0 = (uint32_t) seed, k1 = (uint32_t) (seed >> 32);
    GRID_STRIDE_LOOP(i, n) {
        float u = (float) ((philox_word(offset + i, k0, k1) >> 8) * 0x1p-24);
        bool keep = u >= p;
        mask[i] = keep;
        y[i] = keep ? x[i] * scale : 0.f;
    }
}
