#!/usr/bin/env python3
"""PyTorch's side of bench/run-kernels.sh: the issue's kernel shapes, one JSON line per
(case, mode, layout, threads) with the median ms per call over rounds (and the best round).

The twins of the Reel JMH benchmarks, same shapes and the same work per call:
  sgemm      torch.mm, n x n (SgemmBench)
  conv2d     nn.Conv2d 3x3 pad 1 with bias: c3to32 (N32, 3->32, 64x64), c32to64 (N32, 32->64,
             32x32); fwd under no_grad, fwd+bwd = out.backward(g) into input, weight and bias
             (ConvBench); NCHW and channels-last
  max_pool2d 2x2 on (32, 32, 64, 64); fwd, fwd+bwd into the input (PoolBench); NCHW, channels-last
  lstm       nn.LSTM time-major, B8_T16_I512_H256 and B32_T64_I128_H128; fwd+bwd = h_n.sum()
             back to the weights, the input needs no gradient (LstmBench impl=nn)
  mha        nn.MultiheadAttention(256, 8, batch_first=True), x of (8, 64, 256), self-attention,
             need_weights=False; fwd in eval mode (PyTorch's fused fast path), fwd+bwd =
             out.backward(g) into x and every parameter (MhaBench)
  softmax    torch.softmax over the rows of 4096x1024 (RowKernelsBench)
  mul_add    x*y+z on 16M floats (ElementwiseBench.mulAddSimd); layout "addcmul" is
             torch.addcmul(z, x, y), the one-pass form, shown as PyTorch's best if faster

Run it as bench/run-kernels.sh does, with OpenMP OpenBLAS and jemalloc:
  LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp \\
  LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2 python3 bench/compare/kernels_torch.py --threads 1 2
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

CONV_SHAPES = {"c3to32": (32, 3, 32, 64), "c32to64": (32, 32, 64, 32)}  # N, Cin, Cout, H (= W)
LSTM_SHAPES = ["B8_T16_I512_H256", "B32_T64_I128_H128"]


def timed(fn, min_time, rounds, clock=time.perf_counter):
    """Median and best ms per call over `rounds` rounds of back-to-back calls (>= min_time each)."""
    for _ in range(3):  # warm-up: thread pool start, allocator caches, page faults
        fn()
    times = []
    for _ in range(rounds):
        reps, start = 0, clock()
        while True:
            fn()
            reps += 1
            elapsed = clock() - start
            if elapsed >= min_time:
                break
        times.append(elapsed / reps * 1e3)
    return statistics.median(times), min(times)


def sgemm_cases(sizes):
    for n in sizes:
        a, b = torch.randn(n, n), torch.randn(n, n)
        c = torch.empty(n, n)
        torch.mm(a, b, out=c)
        ref = float((a[n // 3].double() * b[:, n // 2].double()).sum())
        assert abs(float(c[n // 3, n // 2]) - ref) <= 1e-3 * max(1.0, abs(ref)), "torch.mm result wrong"
        yield ("sgemm", f"n={n}", "fwd", "-", lambda a=a, b=b, c=c: torch.mm(a, b, out=c))


def conv_cases():
    for name, (n, cin, cout, hw) in CONV_SHAPES.items():
        for layout in ("nchw", "nhwc"):
            fmt = torch.channels_last if layout == "nhwc" else torch.contiguous_format
            conv = nn.Conv2d(cin, cout, 3, padding=1).to(memory_format=fmt)
            x = torch.randn(n, cin, hw, hw).contiguous(memory_format=fmt).requires_grad_(True)
            g = torch.randn(n, cout, hw, hw).contiguous(memory_format=fmt)

            def fwd(conv=conv, x=x):
                with torch.no_grad():
                    conv(x)

            def fwd_bwd(conv=conv, x=x, g=g):
                x.grad = None
                conv.zero_grad(set_to_none=True)
                conv(x).backward(g)

            yield ("conv2d", name, "fwd", layout, fwd)
            yield ("conv2d", name, "fwd+bwd", layout, fwd_bwd)


def pool_cases():
    for layout in ("nchw", "nhwc"):
        fmt = torch.channels_last if layout == "nhwc" else torch.contiguous_format
        x = torch.randn(32, 32, 64, 64).contiguous(memory_format=fmt).requires_grad_(True)
        g = torch.randn(32, 32, 32, 32).contiguous(memory_format=fmt)

        def fwd(x=x):
            with torch.no_grad():
                F.max_pool2d(x, 2)

        def fwd_bwd(x=x, g=g):
            x.grad = None
            F.max_pool2d(x, 2).backward(g)

        yield ("max_pool2d", "32x32x64x64", "fwd", layout, fwd)
        yield ("max_pool2d", "32x32x64x64", "fwd+bwd", layout, fwd_bwd)


def lstm_cases():
    for shape in LSTM_SHAPES:
        b, t, i, h = (int(p[1:]) for p in shape.split("_"))
        lstm = nn.LSTM(i, h)
        x = torch.randn(t, b, i)

        def fwd(lstm=lstm, x=x):
            with torch.no_grad():
                lstm(x)

        def fwd_bwd(lstm=lstm, x=x):
            lstm.zero_grad(set_to_none=True)
            _, (hn, _) = lstm(x)
            hn.sum().backward()

        yield ("lstm", shape, "fwd", "-", fwd)
        yield ("lstm", shape, "fwd+bwd", "-", fwd_bwd)


def mha_cases():
    mha = nn.MultiheadAttention(256, 8, batch_first=True)
    x = torch.randn(8, 64, 256, requires_grad=True)
    g = torch.randn(8, 64, 256)

    def fwd():
        with torch.no_grad():
            mha(x, x, x, need_weights=False)

    def fwd_bwd():
        x.grad = None
        mha.zero_grad(set_to_none=True)
        mha(x, x, x, need_weights=False)[0].backward(g)

    mha.eval()  # forward in eval mode: PyTorch's fused inference fast path (no dropout here either way)
    yield ("mha", "B8_T64_E256_H8", "fwd", "-", fwd)
    mha.train()
    yield ("mha", "B8_T64_E256_H8", "fwd+bwd", "-", fwd_bwd)


def memory_cases():
    x = torch.randn(4096, 1024)
    yield ("softmax", "4096x1024", "fwd", "-", lambda: torch.softmax(x, -1))
    a, b, c = torch.randn(1 << 24), torch.randn(1 << 24), torch.randn(1 << 24)
    yield ("mul_add", "16M", "fwd", "x*y+z", lambda: a * b + c)
    yield ("mul_add", "16M", "fwd", "addcmul", lambda: torch.addcmul(c, a, b))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--sizes", type=int, nargs="+", default=[256, 1024, 2048], help="SGEMM sizes")
    ap.add_argument("--min-time", type=float, default=0.3, help="seconds per round")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--only", nargs="+", help="case names to run (default: all)")
    # cpu: the process's CPU time (all its threads), which other processes on a shared machine barely
    # move; on 1 thread it is the twin of the Reel CPU-time harnesses (e.g. dev.reel.bench.LstmCpuTime)
    ap.add_argument("--clock", choices=["wall", "cpu"], default="wall")
    args = ap.parse_args()
    with open("/proc/self/maps") as f:
        libs = sorted({line.split()[-1] for line in f if ("blas" in line.lower() or "jemalloc" in line) and "/" in line})
    print(json.dumps({"libraries": libs, "torch": torch.__version__,
                      "mkldnn": torch.backends.mkldnn.is_available()}), flush=True)
    torch.manual_seed(0)
    for threads in args.threads:
        # torch defaults to 1 thread here; set it explicitly so both sides use the same count.
        torch.set_num_threads(threads)
        for gen in (sgemm_cases(args.sizes), conv_cases(), pool_cases(), lstm_cases(), mha_cases(), memory_cases()):
            for case, shape, mode, layout, fn in gen:
                if args.only and case not in args.only:
                    continue
                median, best = timed(fn, args.min_time, args.rounds,
                                     time.process_time if args.clock == "cpu" else time.perf_counter)
                print(json.dumps({"peer": "pytorch " + torch.__version__, "case": case, "shape": shape, "mode": mode,
                                  "layout": layout, "threads": threads, "ms": median, "best_ms": best}), flush=True)


if __name__ == "__main__":
    main()
