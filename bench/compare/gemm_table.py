#!/usr/bin/env python3
"""Prints the SGEMM comparison table from a JMH JSON result file and gemm_torch.py's output.

    gemm_table.py reel.json torch.jsonl
Columns: median GFLOP/s of Reel and PyTorch (best iteration in brackets), the ratio of the
medians, and Reel's median as % of the median FMA peak measured in the same JMH run for the same
thread count.
"""
import json
import statistics
import sys


def per_iteration(run):
    """The iteration scores of a JMH run (one fork assumed; all forks pooled otherwise)."""
    return [x for fork in run["primaryMetric"]["rawData"] for x in fork]


def main(reel_path, torch_path):
    with open(reel_path) as f:
        runs = json.load(f)
    peak, reel = {}, {}
    for run in runs:
        name, scores = run["benchmark"], per_iteration(run)
        if name.endswith("fma1Thread"):
            peak[1] = statistics.median(scores) / 1e9
        elif name.endswith("fma2Threads"):
            peak[2] = statistics.median(scores) / 1e9
        elif name.endswith("SgemmBench.product"):
            n, t = int(run["params"]["n"]), int(run["params"]["threads"])
            flop = 2.0 * n ** 3
            reel[(t, n)] = (flop / statistics.median(scores) / 1e9, flop / min(scores) / 1e9)
    peer = {}
    with open(torch_path) as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                if "blas" in r:
                    print("BLAS behind torch: " + ", ".join(r["blas"]))
                    continue
                peer[(r["threads"], r["n"])] = (r["gflops"], r["best_gflops"])
    for t in sorted(peak):
        print(f"FMA peak, {t} thread(s): {peak[t]:.1f} GFLOP/s")
    print()
    print("| threads | n | Reel GFLOP/s median (best) | PyTorch GFLOP/s median (best) | Reel / PyTorch | Reel % of FMA peak |")
    print("|---|---|---|---|---|---|")
    for (t, n) in sorted(reel):
        (r, rb), p = reel[(t, n)], peer.get((t, n))
        pct = f"{100 * r / peak[t]:.0f} %" if t in peak else "-"
        torch_cell = f"{p[0]:.1f} ({p[1]:.1f})" if p else "-"
        ratio = f"{r / p[0]:.2f}" if p else "-"
        print(f"| {t} | {n} | {r:.1f} ({rb:.1f}) | {torch_cell} | {ratio} | {pct} |")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: gemm_table.py REEL_JMH.json TORCH.jsonl")
    main(sys.argv[1], sys.argv[2])
