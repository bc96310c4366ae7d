// Convolution by lowering to GEMM: im2col unfolds the input windows into columns, a GEMM with
// the weights does the sums, col2im folds column gradients back onto the input.
//
// Everything is 3-D (1-D and 2-D convolutions arrive with leading sizes 1). For one sample and
// one group of C input channels (the pointer already at the group's first channel, planes
// contiguous: x[c][d][h][w]):
//   col has C*kD*kH*kW rows and L = oD*oH*oW columns;
//   row r = ((c*kD + kd)*kH + kh)*kW + kw, column l = (od*oH + oh)*oW + ow;
//   col[r][l] = x[c][od*sD - pD + kd*dD][oh*sH - pH + kh*dH][ow*sW - pW + kw*dW], or 0 in the padding.
// Forward:   y[g] (Cout_g x L)  = w[g] (Cout_g x C*k) @ col
// dInput:    dcol (C*k x L)     = w[g]^T @ dy[g], then col2im(dcol) += into dx
// dWeight:   dw[g] (Cout_g x C*k) += dy[g] @ col^T, summed over the batch
#include "common.cuh"

struct ConvShape {
    int C, D, H, W;        // input channels (of the group) and spatial size
    int kD, kH, kW;        // kernel
    int sD, sH, sW;        // stride
    int pD, pH, pW;        // padding
    int dD, dH, dW;        // dilation
    int oD, oH, oW;        // output size
};

// One thread per col element, l fastest: consecutive threads write consecutive addresses.
template <class T>
__device__ void im2col_impl(const T* x, ConvShape s, T* col) {
    int L = s.oD * s.oH * s.oW;
    int rows = s.C * s.kD * s.kH * s.kW;
    long long total = (long long) rows * L;
    for (long long t = blockIdx.x * (long long) blockDim.x + threadIdx.x; t < total;
         t += (long long) blockDim.x * gridDim.x) {
        int l = (int) (t % L), r = (int) (t / L);
        int ow = l % s.oW, oh = (l / s.oW) % s.oH, od = l / (s.oW * s.oH);
        int kw = r % s.kW, kh = (r / s.kW) % s.kH, kd = (r / (s.kW * s.kH)) % s.kD, c = r / (s.kW * s.kH * s.kD);
        int d = od * s.sD - s.pD + kd * s.dD;
        int h = oh * s.sH - s.pH + kh * s.dH;
        int w = ow * s.sW - s.pW + kw * s.dW;
        bool inside = d >= 0 && d < s.D && h >= 0 && h < s.H && w >= 0 && w < s.W;
        col[t] = inside ? x[(((long long) c * s.D + d) * s.H + h) * s.W + w] : T(0);
    }
}

// One thread per input element: it gathers every (kernel tap, output position) that read it,
// so no two threads write the same address and the sum order is fixed (deterministic).
template <class T>
__device__ void col2im_impl(const T* col, ConvShape s, T* dx) {
    int L = s.oD * s.oH * s.oW;
    long long total = (long long) s.C * s.D * s.H * s.W;
    for (long long t = blockIdx.x * (long long) blockDim.x + threadIdx.x; t < total;
         t += (long long) blockDim.x * gridDim.x) {
        int w = (int) (t % s.W), h = (int) ((t / s.W) % s.H), d = (int) ((t / ((long long) s.W * s.H)) % s.D);
        int c = (int) (t / ((long long) s.W * s.H * s.D));
        T sum = T(0);
        for (int kd = 0; kd < s.kD; ++kd) {
            // d = od*sD - pD + kd*dD  =>  od = (d + pD - kd*dD) / sD when that divides exactly
            int nd = d + s.pD - kd * s.dD;
            if (nd < 0 || nd % s.sD != 0 || nd / s.sD >= s.oD) continue;
            int od = nd / s.sD;
            for (int kh = 0; kh < s.kH; ++kh) {
                int nh = h + s.pH - kh * s.dH;
                if (nh < 0 || nh % s.sH != 0 || nh / s.sH >= s.oH) continue;
                int oh = nh / s.sH;
                for (int kw = 0; kw < s.kW; ++kw) {
                    int nw = w + s.pW - kw * s.dW;
                    if (nw < 0 || nw % s.sW != 0 || nw / s.sW >= s.oW) continue;
                    int ow = nw / s.sW;
                    long long r = ((c * s.kD + kd) * s.kH + kh) * s.kW + kw;
                    sum += col[r * L + (od * s.oH + oh) * s.oW + ow];
                }
            }
        }
        dx[t] += sum;
    }
}

extern "C" __global__ void im2col_f32(const float* x, ConvShape s, float* col) { im2col_impl(x, s, col); }
extern "C" __global__ void im2col_f64(const double* x, ConvShape s, double* col) { im2col_impl(x, s, col); }
extern "C" __global__ void col2im_f32(const float* col, ConvShape s, float* dx) { col2im_impl(col, s, dx); }
extern "C" __global__ void col2im_f64(const double* col, ConvShape s, double* dx) { col2im_impl(col, s, dx); }
