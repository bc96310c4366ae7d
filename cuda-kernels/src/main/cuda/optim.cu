// Optimizer updates (Backend.adamStep / sgdStep), one thread per parameter element, all arrays
// contiguous and of length n. The formulas are PyTorch's (torch.optim.SGD, Adam and AdamW) in the
// operation order of the CPU backend (dev.reel.engine.cpu.CpuOptim); the host computes every
// scalar in double (bias corrections included) and passes it rounded to the element type.
#include "common.cuh"

#include <math.h>

// SGD:  d = grad + weight_decay * p
//   with momentum (buf != nullptr): buf = first_step ? d : momentum * buf + (1 - dampening) * d
//                                   d = nesterov ? d + momentum * buf : buf
//   p += (-lr) * d
template <class T>
__device__ __forceinline__ void sgd_step(T* p, const T* grad, T* buf, int n, T lr_neg, T momentum,
                                         T one_minus_dampening, T weight_decay, int nesterov, int first_step) {
    GRID_STRIDE_LOOP(i, n) {
        T w = p[i], d = grad[i];
        if (weight_decay != T(0)) d = d + w * weight_decay;
        if (buf != nullptr) {
            T b = first_step ? d : buf[i] * momentum + d * one_minus_dampening;
            buf[i] = b;
            d = nesterov ? d + b * momentum : b;
        }
        p[i] = w + d * lr_neg;
    }
}

// Adam (mode 1: weight decay added to the gradient) and AdamW (mode 2: p *= decay = 1 - lr * wd);
// mode 0: no weight decay.
//   m = beta1 * m + (1 - beta1) * g;   v = beta2 * v + (1 - beta2) * g^2
//   amsgrad (vmax != nullptr): vmax = max(vmax, v), used in place of v below
//   p += step_neg * m / (sqrt(v) / bc2_sqrt + eps),  step_neg = -lr / (1 - beta1^t), bc2_sqrt = sqrt(1 - beta2^t)
template <class T>
__device__ __forceinline__ void adam_step(T* p, const T* grad, T* m, T* v, T* vmax, int n, T beta1, T one_minus_beta1,
                                          T beta2, T one_minus_beta2, T eps, T weight_decay, T decay, T bc2_sqrt,
                                          T step_neg, int mode) {
    GRID_STRIDE_LOOP(i, n) {
        T w = p[i], g = grad[i];
        if (mode == 1) g = g + w * weight_decay;
        else if (mode == 2) w = w * decay;
        T mi = m[i] * beta1 + g * one_minus_beta1;
        T vi = v[i] * beta2 + g * g * one_minus_beta2;
        m[i] = mi;
        v[i] = vi;
        if (vmax != nullptr) {
            T a = vmax[i];
            vi = (a != a || a > vi) ? a : vi;  // NaN propagates, as torch.maximum and the CPU backend
            vmax[i] = vi;
        }
        p[i] = w + mi / (sqrt(vi) / bc2_sqrt + eps) * step_neg;
    }
}

#define SGD_KERNEL(N, T)                                                                                    \
    extern "C" __global__ void sgd_##N(T* p, const T* grad, T* buf, int n, T lr_neg, T momentum,                \
                                    T one_minus_dampening, T weight_decay, int nesterov, int first_step) {   \
        sgd_step<T>(p, grad, buf, n, lr_neg, momentum, one_minus_dampening, weight_decay, nesterov, first_step); \
    }
SGD_KERNEL(f32, float)
SGD_KERNEL(f64, double)

#define ADAM_KERNEL(N, T)                                                                                         \
    extern "C" __global__ void adam_##N(T* p, const T* grad, T* m, T* v, T* vmax, int n, T beta1, T one_minus_beta1,     \
                                    T beta2, T one_minus_beta2, T eps, T weight_decay, T decay, T bc2_sqrt,          \
                                    T step_neg, int mode) {                                                          \
        adam_step<T>(p, grad, m, v, vmax, n, beta1, one_minus_beta1, beta2, one_minus_beta2, eps, weight_decay,      \
                     decay, bc2_sqrt, step_neg, mode);                                                               \
    }
ADAM_KERNEL(f32, float)
ADAM_KERNEL(f64, double)
