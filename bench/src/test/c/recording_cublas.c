/*
 * A library with cuBLAS's function signatures that records what it receives, so that
 * CublasBindingTest can check the Java downcalls (argument order, types, the alpha/beta pointers)
 * on a machine without libcublas. Compiled by the test with the system's C compiler.
 */
#include <stdint.h>

/* Everything the last calls received, read by the test through the symbol "recorded". */
struct record {
    int64_t stream;
    int32_t math_mode;
    int32_t trans_a, trans_b, m, n, k;
    int64_t a, b, c;
    int32_t lda, ldb, ldc;
    float alpha, beta;
    int32_t handle_ok, destroyed;
};
struct record recorded;

static int handle_storage;

int cublasCreate_v2(void **handle) { *handle = &handle_storage; return 0; }
int cublasDestroy_v2(void *handle) { recorded.destroyed = handle == &handle_storage; return 0; }
int cublasSetStream_v2(void *handle, void *stream) { recorded.stream = (int64_t)(intptr_t)stream; return 0; }
int cublasSetMathMode(void *handle, int mode) { recorded.math_mode = mode; return 0; }
int cublasGetVersion_v2(void *handle, int *version) { *version = 130002; return 0; }

int cublasSgemm_v2(void *handle, int trans_a, int trans_b, int m, int n, int k, const float *alpha,
                   const float *a, int lda, const float *b, int ldb, const float *beta, float *c, int ldc) {
    recorded.handle_ok = handle == &handle_storage;
    recorded.trans_a = trans_a; recorded.trans_b = trans_b;
    recorded.m = m; recorded.n = n; recorded.k = k;
    recorded.a = (int64_t)(intptr_t)a; recorded.lda = lda;
    recorded.b = (int64_t)(intptr_t)b; recorded.ldb = ldb;
    recorded.c = (int64_t)(intptr_t)c; recorded.ldc = ldc;
    recorded.alpha = *alpha; recorded.beta = *beta;
    return m < 0 ? 7 : 0;  /* CUBLAS_STATUS_INVALID_VALUE, as cuBLAS answers a negative size */
}

const char *cublasGetStatusName(int status) { return status == 7 ? "CUBLAS_STATUS_INVALID_VALUE" : "CUBLAS_STATUS_UNKNOWN"; }
const char *cublasGetStatusString(int status) { return "an invalid numeric value was used as an argument"; }
