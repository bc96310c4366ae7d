// Elementwise kernels: fill, copy with cast, unary ops, binary ops, where.
//
// Every kernel takes its tensors as (pointer, View) pairs that all share the output's sizes;
// broadcasting arrives as stride-0 views, already expanded by the caller. When the caller has
// coalesced every view into one contiguous run (`contiguous` = 1), the kernels skip the
// index arithmetic and move four elements per load (a 4-element aligned struct compiles to one
// vector load: ld.global.v4 for 4-byte types).
//
// Ladder: the strided path is the reference; the contiguous path must give the same bits.
#include "common.cuh"
#include "ops.cuh"

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <math.h>
#include <type_traits>

// Four consecutive elements, aligned so that loads and stores are single vector instructions.
template <class T>
struct alignas(sizeof(T) * 4) Pack4 { T v[4]; };

// ---- fill ----------------------------------------------------------------------------------
// out[...] = bits: the host converts the value to the element type and passes its raw bits.

template <class T>
__device__ void fill_impl(T* out, View o, T value, int n) {
    GRID_STRIDE_LOOP(i, n) out[view_offset(o, i)] = value;
}

extern "C" __global__ void fill_s1(uint8_t* out, View o, uint8_t bits, int n) { fill_impl(out, o, bits, n); }
extern "C" __global__ void fill_s2(uint16_t* out, View o, uint16_t bits, int n) { fill_impl(out, o, bits, n); }
extern "C" __global__ void fill_s4(uint32_t* out, View o, uint32_t bits, int n) { fill_impl(out, o, bits, n); }
extern "C" __global__ void fill_s8(uint64_t* out, View o, uint64_t bits, int n) { fill_impl(out, o, bits, n); }

// ---- copy with cast ------------------------------------------------------------------------
// dst[...] = (D) src[...]. Casts follow C++ (and so PyTorch): float to integer truncates toward
// zero; anything to BOOL is `!= 0`.

template <class S, class D> __device__ __forceinline__ D cast_to(S v) { return (D) v; }
template <> __device__ __forceinline__ uint8_t cast_to<float, uint8_t>(float v) { return (uint8_t) (int64_t) v; }
template <> __device__ __forceinline__ uint8_t cast_to<double, uint8_t>(double v) { return (uint8_t) (int64_t) v; }

template <class S, class D, bool BOOL_OUT>
__device__ void copy_impl(const S* src, View s, D* dst, View d, int n) {
    GRID_STRIDE_LOOP(i, n) {
        S v = src[view_offset(s, i)];
        dst[view_offset(d, i)] = BOOL_OUT ? (D) (v != S(0)) : cast_to<S, D>(v);
    }
}

#define COPY_KERNEL(SN, S, DN, D, BOOL_OUT) \
    extern "C" __global__ void copy_##SN##_##DN(const S* src, View s, D* dst, View d, int n) { \
        copy_impl<S, D, BOOL_OUT>(src, s, dst, d, n); \
    }
#define COPY_FROM(SN, S) \
    COPY_KERNEL(SN, S, b8, uint8_t, true)   \
    COPY_KERNEL(SN, S, u8, uint8_t, false)  \
    COPY_KERNEL(SN, S, i32, int32_t, false) \
    COPY_KERNEL(SN, S, i64, int64_t, false) \
    COPY_KERNEL(SN, S, f32, float, false)   \
    COPY_KERNEL(SN, S, f64, double, false)
COPY_FROM(b8, uint8_t)
COPY_FROM(u8, uint8_t)
COPY_FROM(i32, int32_t)
COPY_FROM(i64, int64_t)
COPY_FROM(f32, float)
COPY_FROM(f64, double)

// ---- copy with cast, 16-bit floats ---------------------------------------------------------
// BF16 and F16 are storage types only: every op on them runs in F32 (the engine's HalfAsFloat
// casts in and out with these kernels). Every cast involving one goes through float, as the
// CPU's does: the source is widened to float (F64 and 64-bit integers round to nearest first),
// then narrowed with round-to-nearest-even (__float2bfloat16_rn, __float2half_rn); a half
// source is widened exactly, then cast to the destination as a float would be.

template <class S> __device__ __forceinline__ float to_f32(S v) { return (float) v; }
__device__ __forceinline__ float to_f32(__nv_bfloat16 v) { return __bfloat162float(v); }
__device__ __forceinline__ float to_f32(__half v) { return __half2float(v); }

template <class D> __device__ __forceinline__ D from_f32(float v) { return cast_to<float, D>(v); }
template <> __device__ __forceinline__ __nv_bfloat16 from_f32<__nv_bfloat16>(float v) { return __float2bfloat16_rn(v); }
template <> __device__ __forceinline__ __half from_f32<__half>(float v) { return __float2half_rn(v); }

template <class S, class D, bool BOOL_OUT>
__device__ void copy_via_f32(const S* src, View s, D* dst, View d, int n) {
    GRID_STRIDE_LOOP(i, n) {
        float v = to_f32(src[view_offset(s, i)]);
        dst[view_offset(d, i)] = BOOL_OUT ? (D) (v != 0.0f) : from_f32<D>(v);
    }
}

#define COPY_HALF_KERNEL(SN, S, DN, D, BOOL_OUT) \
    extern "C" __global__ void copy_##SN##_##DN(const S* src, View s, D* dst, View d, int n) { \
        copy_via_f32<S, D, BOOL_OUT>(src, s, dst, d, n); \
    }
// one half type to every type but itself, and every type but itself to it
#define COPY_HALF(HN, H) \
    COPY_HALF_KERNEL(HN, H, b8, uint8_t, true)   \
    COPY_HALF_KERNEL(HN, H, u8, uint8_t, false)  \
    COPY_HALF_KERNEL(HN, H, i32, int32_t, false) \
    COPY_HALF_KERNEL(HN, H, i64, int64_t, false) \
    COPY_HALF_KERNEL(HN, H, f32, float, false)   \
    COPY_HALF_KERNEL(HN, H, f64, double, false)  \
    COPY_HALF_KERNEL(b8, uint8_t, HN, H, false)  \
    COPY_HALF_KERNEL(u8, uint8_t, HN, H, false)  \
    COPY_HALF_KERNEL(i32, int32_t, HN, H, false) \
    COPY_HALF_KERNEL(i64, int64_t, HN, H, false) \
    COPY_HALF_KERNEL(f32, float, HN, H, false)   \
    COPY_HALF_KERNEL(f64, double, HN, H, false)
COPY_HALF(bf16, __nv_bfloat16)
COPY_HALF(f16, __half)
COPY_HALF_KERNEL(bf16, __nv_bfloat16, f16, __half, false)
COPY_HALF_KERNEL(f16, __half, bf16, __nv_bfloat16, false)
// the same half type: the bits as they are (a NaN keeps its payload, as on the CPU)
COPY_KERNEL(bf16, uint16_t, bf16, uint16_t, false)
COPY_KERNEL(f16, uint16_t, f16, uint16_t, false)

// ---- unary ---------------------------------------------------------------------------------

// Floating-point math in the precision of T (float functions for F32, double for F64).
__device__ __forceinline__ float m_exp(float x) { return expf(x); }
__device__ __forceinline__ double m_exp(double x) { return exp(x); }
__device__ __forceinline__ float m_expm1(float x) { return expm1f(x); }
__device__ __forceinline__ double m_expm1(double x) { return expm1(x); }
__device__ __forceinline__ float m_log(float x) { return logf(x); }
__device__ __forceinline__ double m_log(double x) { return log(x); }
__device__ __forceinline__ float m_log1p(float x) { return log1pf(x); }
__device__ __forceinline__ double m_log1p(double x) { return log1p(x); }
__device__ __forceinline__ float m_sqrt(float x) { return sqrtf(x); }
__device__ __forceinline__ double m_sqrt(double x) { return sqrt(x); }
__device__ __forceinline__ float m_rsqrt(float x) { return rsqrtf(x); }
__device__ __forceinline__ double m_rsqrt(double x) { return rsqrt(x); }
__device__ __forceinline__ float m_sin(float x) { return sinf(x); }
__device__ __forceinline__ double m_sin(double x) { return sin(x); }
__device__ __forceinline__ float m_cos(float x) { return cosf(x); }
__device__ __forceinline__ double m_cos(double x) { return cos(x); }
__device__ __forceinline__ float m_tanh(float x) { return tanhf(x); }
__device__ __forceinline__ double m_tanh(double x) { return tanh(x); }
__device__ __forceinline__ float m_erf(float x) { return erff(x); }
__device__ __forceinline__ double m_erf(double x) { return erf(x); }
__device__ __forceinline__ float m_floor(float x) { return floorf(x); }
__device__ __forceinline__ double m_floor(double x) { return floor(x); }
__device__ __forceinline__ float m_ceil(float x) { return ceilf(x); }
__device__ __forceinline__ double m_ceil(double x) { return ceil(x); }
__device__ __forceinline__ float m_rint(float x) { return rintf(x); }  // half to even, as torch.round
__device__ __forceinline__ double m_rint(double x) { return rint(x); }
__device__ __forceinline__ float m_trunc(float x) { return truncf(x); }
__device__ __forceinline__ double m_trunc(double x) { return trunc(x); }
__device__ __forceinline__ float m_pow(float x, float y) { return powf(x, y); }
__device__ __forceinline__ double m_pow(double x, double y) { return pow(x, y); }
__device__ __forceinline__ float m_atan2(float y, float x) { return atan2f(y, x); }
__device__ __forceinline__ double m_atan2(double y, double x) { return atan2(y, x); }

template <class T>
__device__ __forceinline__ T unary_float(int op, T x, T p1, T p2) {
    switch (op) {
        case NEG: return -x;
        case ABS: return x < T(0) ? -x : x == T(0) ? T(0) : x;  // abs(-0) = +0
        case SIGN: return x > T(0) ? T(1) : x < T(0) ? T(-1) : x;  // keeps 0 and NaN
        case EXP: return m_exp(x);
        case EXPM1: return m_expm1(x);
        case LOG: return m_log(x);
        case LOG1P: return m_log1p(x);
        case SQRT: return m_sqrt(x);
        case RSQRT: return m_rsqrt(x);
        case SQUARE: return x * x;
        case RECIPROCAL: return T(1) / x;
        case SIN: return m_sin(x);
        case COS: return m_cos(x);
        case TANH: return m_tanh(x);
        // 1 / (1 + e^-x) overflows gracefully: e^-x = inf gives 0, never NaN.
        case SIGMOID: return T(1) / (T(1) + m_exp(-x));
        case RELU: return x > T(0) ? x : (x != x ? x : T(0));  // NaN stays NaN, as PyTorch
        case ERF: return m_erf(x);
        case FLOOR: return m_floor(x);
        case CEIL: return m_ceil(x);
        case ROUND: return m_rint(x);
        case TRUNC: return m_trunc(x);
        case CLAMP: {
            // NaN bounds mean "none"; a NaN input stays NaN.
            T r = x;
            if (p1 == p1 && r < p1) r = p1;
            if (p2 == p2 && r > p2) r = p2;
            return r;
        }
        default: return m_pow(x, p1);  // POW_SCALAR
    }
}

// x < 0, written so that unsigned types compile to `false` without a "pointless comparison".
template <class T>
__device__ __forceinline__ bool is_negative(T x) {
    if constexpr (std::is_signed_v<T>) return x < T(0);
    else return false;
}

template <class T>
__device__ __forceinline__ T ipow(T base, int64_t e, long long* err, int i);

// The double-precision math of integer inputs lives in one out-of-line copy: inlining it into
// every integer kernel's loops would multiply the code size for ops that integers rarely see.
__device__ __noinline__ double unary_double(int op, double x, double p1, double p2) {
    return unary_float<double>(op, x, p1, p2);
}
__device__ __noinline__ double pow_double(double a, double b) { return m_pow(a, b); }
__device__ __noinline__ double atan2_double(double a, double b) { return m_atan2(a, b); }

// Integer types: the ops that stay exact in integers are done in T; the others (exp, log, ...)
// go through double and are cast back, which is what a cast of PyTorch's float result gives.
template <class T>
__device__ __forceinline__ T unary_int(int op, T x, double p1, double p2, long long* err, int i) {
    switch (op) {
        case NEG: return (T) -x;
        case ABS: return is_negative(x) ? (T) -x : x;
        case SIGN: return x > T(0) ? T(1) : is_negative(x) ? (T) -1 : T(0);
        case SQUARE: return (T) (x * x);
        case RELU: return x > T(0) ? x : T(0);
        case FLOOR: case CEIL: case ROUND: case TRUNC: return x;
        case CLAMP: {
            // As the CPU: an integer below a fractional minimum becomes ceil(min), above a
            // fractional maximum floor(max).
            T r = x;
            if (p1 == p1 && (double) r < p1) r = (T) (int64_t) ceil(p1);
            if (p2 == p2 && (double) r > p2) r = (T) (int64_t) floor(p2);
            return r;
        }
        case POW_SCALAR: return ipow<T>(x, (int64_t) p1, err, i);
        default: return (T) (int64_t) unary_double(op, (double) x, p1, p2);
    }
}

template <class T>
__device__ __forceinline__ T unary_apply(int op, T x, double p1, double p2, long long* err, int i) {
    return unary_int<T>(op, x, p1, p2, err, i);
}
template <>
__device__ __forceinline__ float unary_apply<float>(int op, float x, double p1, double p2, long long*, int) {
    return unary_float<float>(op, x, (float) p1, (float) p2);
}
template <>
__device__ __forceinline__ double unary_apply<double>(int op, double x, double p1, double p2, long long*, int) {
    return unary_float<double>(op, x, p1, p2);
}

// Predicates of one input write BOOL.
template <class T> __device__ __forceinline__ bool is_finite(T) { return true; }
template <> __device__ __forceinline__ bool is_finite<float>(float x) { return isfinite(x); }
template <> __device__ __forceinline__ bool is_finite<double>(double x) { return isfinite(x); }

template <class T>
__device__ void unary_impl(int op, const T* x, View xv, void* out, View ov, int n, double p1, double p2,
                           int contiguous, long long* err) {
    if (op == LOGICAL_NOT || op == IS_FINITE) {
        uint8_t* o = (uint8_t*) out;
        GRID_STRIDE_LOOP(i, n) {
            T v = x[view_offset(xv, i)];
            o[view_offset(ov, i)] = op == LOGICAL_NOT ? (v == T(0)) : is_finite(v);
        }
        return;
    }
    T* o = (T*) out;
    if (contiguous) {
        // Vector path: one Pack4 load and store per thread and step; the tail goes one by one.
        const T* xs = x + xv.offset;
        T* os = o + ov.offset;
        int packs = n / 4;
        if (((uintptr_t) xs | (uintptr_t) os) % sizeof(Pack4<T>) == 0) {
            GRID_STRIDE_LOOP(p, packs) {
                Pack4<T> v = ((const Pack4<T>*) xs)[p];
#pragma unroll
                for (int k = 0; k < 4; ++k) v.v[k] = unary_apply<T>(op, v.v[k], p1, p2, err, p * 4 + k);
                ((Pack4<T>*) os)[p] = v;
            }
        } else {
            packs = 0;
        }
        GRID_STRIDE_LOOP(j, n - packs * 4) {
            int i = packs * 4 + j;
            os[i] = unary_apply<T>(op, xs[i], p1, p2, err, i);
        }
        return;
    }
    GRID_STRIDE_LOOP(i, n) o[view_offset(ov, i)] = unary_apply<T>(op, x[view_offset(xv, i)], p1, p2, err, i);
}

#define UNARY_KERNEL(N, T) \
    extern "C" __global__ void unary_##N(int op, const T* x, View xv, void* out, View ov, int n, \
                                         double p1, double p2, int contiguous, long long* err) { \
        unary_impl<T>(op, x, xv, out, ov, n, p1, p2, contiguous, err); \
    }
UNARY_KERNEL(b8, uint8_t)
UNARY_KERNEL(u8, uint8_t)
UNARY_KERNEL(i32, int32_t)
UNARY_KERNEL(i64, int64_t)
UNARY_KERNEL(f32, float)
UNARY_KERNEL(f64, double)

// ---- binary --------------------------------------------------------------------------------

// Integer power by squaring, as the CPU's powLong: a negative exponent is defined only for the
// bases 1 and -1; for any other base it is reported through err (the element gets 0).
template <class T>
__device__ __forceinline__ T ipow(T base, int64_t e, long long* err, int i) {
    if (e < 0) {
        if (base == T(1)) return T(1);
        if constexpr (std::is_signed_v<T>) {
            if (base == T(-1)) return (e & 1) ? T(-1) : T(1);
        }
        report_bad_index(err, i, e);
        return T(0);
    }
    T r = 1;
    while (e > 0) {
        if (e & 1) r = (T) (r * base);
        base = (T) (base * base);
        e >>= 1;
    }
    return r;
}

template <class T> constexpr bool is_floating = false;
template <> constexpr bool is_floating<float> = true;
template <> constexpr bool is_floating<double> = true;

// Arithmetic ops (ADD .. ATAN2) in T. For integers, DIV rounds toward negative infinity (the
// CPU's Math.floorDiv); a zero divisor, or a negative exponent in POW of a base other than 1
// and -1, is reported through err (the host throws) and the element gets 0.
template <class T>
__device__ __forceinline__ T binary_arith(int op, T a, T b, long long* err, int i) {
    switch (op) {
        case ADD: return (T) (a + b);
        case SUB: return (T) (a - b);
        case MUL: return (T) (a * b);
        case DIV:
            if constexpr (!is_floating<T>) {
                if (b == T(0)) {
                    report_bad_index(err, i, 0);
                    return T(0);
                }
                T q = (T) (a / b);
                // C++ truncates; step down when the signs differ and the division was inexact.
                if constexpr (std::is_signed_v<T>) {
                    if ((a % b != 0) && ((a < 0) != (b < 0))) q = (T) (q - 1);
                }
                return q;
            }
            return (T) (a / b);
        case POW:
            if constexpr (is_floating<T>) {
                return (T) pow_double((double) a, (double) b);
            } else {
                return ipow<T>(a, (int64_t) b, err, i);
            }
        // NaN wins in maximum/minimum, as PyTorch.
        case MAXIMUM: return (a != a || a > b) ? a : b;
        case MINIMUM: return (a != a || a < b) ? a : b;
        default: return (T) atan2_double((double) a, (double) b);  // ATAN2
    }
}
// F32 uses float math (the double detour above is only for integers and F64).
template <>
__device__ __forceinline__ float binary_arith<float>(int op, float a, float b, long long* err, int i) {
    switch (op) {
        case POW: return m_pow(a, b);
        case ATAN2: return m_atan2(a, b);
        default: break;
    }
    switch (op) {
        case ADD: return a + b;
        case SUB: return a - b;
        case MUL: return a * b;
        case DIV: return a / b;
        case MAXIMUM: return (a != a || a > b) ? a : b;
        default: return (a != a || a < b) ? a : b;  // MINIMUM
    }
}

template <class T>
__device__ __forceinline__ bool binary_pred(int op, T a, T b) {
    switch (op) {
        case EQ: return a == b;
        case NE: return a != b;
        case LT: return a < b;
        case LE: return a <= b;
        case GT: return a > b;
        case GE: return a >= b;
        case LOGICAL_AND: return (a != T(0)) && (b != T(0));
        case LOGICAL_OR: return (a != T(0)) || (b != T(0));
        default: return (a != T(0)) != (b != T(0));  // LOGICAL_XOR
    }
}

template <class T>
__device__ void binary_impl(int op, const T* a, View av, const T* b, View bv, void* out, View ov, int n,
                            int contiguous, long long* err) {
    if (op >= EQ) {
        uint8_t* o = (uint8_t*) out;
        GRID_STRIDE_LOOP(i, n) o[view_offset(ov, i)] = binary_pred<T>(op, a[view_offset(av, i)], b[view_offset(bv, i)]);
        return;
    }
    T* o = (T*) out;
    if (contiguous) {
        const T* as = a + av.offset;
        const T* bs = b + bv.offset;
        T* os = o + ov.offset;
        int packs = n / 4;
        if (((uintptr_t) as | (uintptr_t) bs | (uintptr_t) os) % sizeof(Pack4<T>) == 0) {
            GRID_STRIDE_LOOP(p, packs) {
                Pack4<T> x = ((const Pack4<T>*) as)[p], y = ((const Pack4<T>*) bs)[p];
#pragma unroll
                for (int k = 0; k < 4; ++k) x.v[k] = binary_arith<T>(op, x.v[k], y.v[k], err, p * 4 + k);
                ((Pack4<T>*) os)[p] = x;
            }
        } else {
            packs = 0;
        }
        GRID_STRIDE_LOOP(j, n - packs * 4) {
            int i = packs * 4 + j;
            os[i] = binary_arith<T>(op, as[i], bs[i], err, i);
        }
        return;
    }
    GRID_STRIDE_LOOP(i, n) {
        o[view_offset(ov, i)] = binary_arith<T>(op, a[view_offset(av, i)], b[view_offset(bv, i)], err, i);
    }
}

#define BINARY_KERNEL(N, T) \
    extern "C" __global__ void binary_##N(int op, const T* a, View av, const T* b, View bv, void* out, \
                                          View ov, int n, int contiguous, long long* err) { \
        binary_impl<T>(op, a, av, b, bv, out, ov, n, contiguous, err); \
    }
BINARY_KERNEL(u8, uint8_t)
BINARY_KERNEL(i32, int32_t)
BINARY_KERNEL(i64, int64_t)
BINARY_KERNEL(f32, float)
BINARY_KERNEL(f64, double)

// BOOL arithmetic as PyTorch: computed on 0/1 and written back as `!= 0` (so ADD is OR).
extern "C" __global__ void binary_b8(int op, const uint8_t* a, View av, const uint8_t* b, View bv, void* out,
                                     View ov, int n, int contiguous, long long* err) {
    uint8_t* o = (uint8_t*) out;
    GRID_STRIDE_LOOP(i, n) {
        int x = a[view_offset(av, i)], y = b[view_offset(bv, i)];
        o[view_offset(ov, i)] = op >= EQ ? binary_pred<int>(op, x, y) : binary_arith<int>(op, x, y, err, i) != 0;
    }
}

// ---- where ---------------------------------------------------------------------------------
// out = cond ? a : b; only bytes move, so one kernel per element size.

template <class T>
__device__ void where_impl(const uint8_t* c, View cv, const T* a, View av, const T* b, View bv, T* o, View ov,
                           int n) {
    GRID_STRIDE_LOOP(i, n) o[view_offset(ov, i)] = c[view_offset(cv, i)] ? a[view_offset(av, i)] : b[view_offset(bv, i)];
}

#define WHERE_KERNEL(N, T) \
    extern "C" __global__ void where_##N(const uint8_t* c, View cv, const T* a, View av, const T* b, View bv, \
                                         T* o, View ov, int n) { \
        where_impl<T>(c, cv, a, av, b, bv, o, ov, n); \
    }
WHERE_KERNEL(s1, uint8_t)
WHERE_KERNEL(s4, uint32_t)
WHERE_KERNEL(s8, uint64_t)
