#!/usr/bin/env python3
"""PyTorch's square SGEMM (torch.mm) at the sizes of SgemmBench, one JSON line per case.

Run with Debian's python3-torch; torch.mm goes through the system BLAS, so install OpenBLAS's
OpenMP build (libopenblas0-openmp) first: the reference BLAS is 20x slower and the pthread build
fights torch's OpenMP threads.

    /usr/bin/python3 bench/compare/gemm_torch.py --threads 1 2 --sizes 128 256 512 1024 2048
"""
import argparse
import json
import statistics
import time

import torch


def seconds_per_product(n, min_time=0.5, rounds=5):
    """Mean times of back-to-back products in `rounds` rounds of at least min_time each."""
    a = torch.randn(n, n, dtype=torch.float32)
    b = torch.randn(n, n, dtype=torch.float32)
    c = torch.empty(n, n, dtype=torch.float32)
    for _ in range(3):  # warm-up: thread pool start, page faults in c
        torch.mm(a, b, out=c)
    # Validate before timing, as the Reel benchmarks do.
    i, j = n // 3, n // 2
    ref = float((a[i].double() * b[:, j].double()).sum())
    assert abs(float(c[i, j]) - ref) <= 1e-3 * max(1.0, abs(ref)), "torch.mm result wrong"
    times = []
    for _ in range(rounds):
        reps, start = 0, time.perf_counter()
        while True:
            torch.mm(a, b, out=c)
            reps += 1
            elapsed = time.perf_counter() - start
            if elapsed >= min_time:
                break
        times.append(elapsed / reps)
    return times


def blas_libraries():
    """The BLAS shared objects this process actually loaded (torch.mm's engine)."""
    with open("/proc/self/maps") as f:
        paths = {line.split()[-1] for line in f if "blas" in line.lower() and "/" in line}
    return sorted(paths)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--sizes", type=int, nargs="+", default=[128, 256, 512, 1024, 2048])
    args = parser.parse_args()
    print(json.dumps({"blas": blas_libraries()}), flush=True)
    for threads in args.threads:
        # torch defaults to 1 thread here; set it explicitly so both sides use the same count.
        torch.set_num_threads(threads)
        for n in args.sizes:
            times = seconds_per_product(n)
            flop = 2.0 * n ** 3
            print(json.dumps({"peer": "pytorch " + torch.__version__, "threads": threads, "n": n,
                              "seconds": statistics.median(times),
                              "gflops": flop / statistics.median(times) / 1e9,
                              "best_gflops": flop / min(times) / 1e9}), flush=True)


if __name__ == "__main__":
    main()
