#!/usr/bin/env python3
"""Prints the SGEMM comparison table from a JMH JSON result file and gemm_torch.py's output.

    gemm_table.py reel.json torch.jsonl
Columns: Reel GFLOP/s, PyTorch GFLOP/s, Reel / PyTorch, Reel as % of the FMA peak measured in
the same JMH run for the same thread count.
"""
import json
import sys


def main(reel_path, torch_path):
    with open(reel_path) as f:
        runs = json.load(f)
    peak, reel = {}, {}
    for run in runs:
        name, score = run["benchmark"], run["primaryMetric"]["score"]
        if name.endswith("fma1Thread"):
            peak[1] = score / 1e9
        elif name.endswith("fma2Threads"):
            peak[2] = score / 1e9
        elif name.endswith("SgemmBench.product"):
            n, t = int(run["params"]["n"]), int(run["params"]["threads"])
            reel[(t, n)] = 2.0 * n ** 3 / score / 1e9
    peer = {}
    with open(torch_path) as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                if "blas" in r:
                    print("BLAS behind torch: " + ", ".join(r["blas"]))
                    continue
                peer[(r["threads"], r["n"])] = r["gflops"]
    for t in sorted(peak):
        print(f"FMA peak, {t} thread(s): {peak[t]:.1f} GFLOP/s")
    print()
    print("| threads | n | Reel GFLOP/s | PyTorch GFLOP/s | Reel / PyTorch | Reel % of FMA peak |")
    print("|---|---|---|---|---|---|")
    for (t, n) in sorted(reel):
        r, p = reel[(t, n)], peer.get((t, n))
        ratio = f"{r / p:.2f}" if p else "-"
        pct = f"{100 * r / peak[t]:.0f} %" if t in peak else "-"
        print(f"| {t} | {n} | {r:.1f} | {p:.1f} | {ratio} | {pct} |" if p else
              f"| {t} | {n} | {r:.1f} | - | - | {pct} |")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: gemm_table.py REEL_JMH.json TORCH.jsonl")
    main(sys.argv[1], sys.argv[2])
