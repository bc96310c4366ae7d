// Optimizer updates, one thread per parameter element, all arrays contiguous and of length n.
// The formulas are PyTorch's (torch.optim.SGD and torch.optim.Adam / AdamW).
#include "common.cuh"

#include <math.h>

// SGD with momentum:  g = grad + weight_decay * p
//   first step: buf = g;  later: buf = momentum * buf + (1 - dampening) * g
//   step direction d = nesterov ? g + momentum * buf : buf  (d = g when momentum == 0)
//   p -= lr * d
extern "C" __global__ void sgd_f32(float* p, const float* grad, float* buf, int n, float lr, float momentum,
                                   float dampening, float weight_decay, int nesterov, int first_step) {
    GRID_STRIDE_LOOP(i, n) {
        float g = grad[i] + weight_decay * p[i];
        if (momentum != 0.f) {
            float b = first_step ? g : momentum * buf[i] + (1.f - dampening) * g;
            buf[i] = b;
            g = nesterov ? g + momentum * b : b;
        }
        p[i] -= lr * g;
    }
}

// Adam (decoupled = 0) and AdamW (decoupled = 1), step t >= 1:
//   Adam:  g = grad + weight_decay * p;   AdamW: p *= 1 - lr * weight_decay, g = grad
//   m = beta1 * m + (1 - beta1) * g;  v = beta2 * v + (1 - beta2) * g^2
//   p -= lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)
// The host passes the bias corrections bc1 = 1 - beta1^t and bc2 = 1 - beta2^t, computed in double.
extern "C" __global__ void adam_f32(float* p, const float* grad, float* m, float* v, int n, float lr, float beta1,
                                    float beta2, float eps, float weight_decay, int decoupled, float bc1, float bc2) {
    GRID_STRIDE_LOOP(i, n) {
        float g = grad[i], w = p[i];
        if (decoupled) w *= 1.f - lr * weight_decay;
        else g += weight_decay * w;
        float mi = beta1 * m[i] + (1.f - beta1) * g;
        float vi = beta2 * v[i] + (1.f - beta2) * g * g;
        m[i] = mi;
        v[i] = vi;
        p[i] = w - lr * (mi / bc1) / (sqrtf(vi / bc2) + eps);
    }
}
