#!/usr/bin/env python3
"""Prints the kernel-by-kernel comparison table of bench/run-kernels.sh.

    kernels_table.py REEL_JMH.json TORCH.jsonl [DJL_JMH.json]

One row per (case, shape, mode, threads): Reel's median ms per call (JMH iterations), its
GFLOP/s (compute-bound rows) or GB/s (memory-bound rows), PyTorch's best layout (median ms),
libtorch 2.x through DJL when its JMH file is given, the speed ratios (peer ms / Reel ms: > 1 means
Reel is faster), Reel's share of the roofline measured in the same JMH run (FMA peak of
FmaPeakBench, or STREAM copy/triad bandwidth of StreamBench, at the same thread count), and the
issue's target for that row with met/missed.

The FLOP and byte counts are those stated in the benchmark classes:
  sgemm 2n^3; conv2d forward 2*N*Cout*H*W*Cin*9 (fwd+bwd: 3x); lstm forward T*2*B*4H*(I+H),
  backward T*2*B*4H*(I+2H) (weight gradients and the hidden state's, no input gradient);
  mha forward 2*B*T*E*4E + 4*B*T*T*E (fwd+bwd: 3x); softmax reads and writes 4096x1024 floats;
  max_pool2d forward reads 4M and writes 1M floats (fwd+bwd twice that); mul_add (x*y+z as two
  elementwise ops) reads 4 and writes 2 arrays of 16M floats.
"""
import json
import re
import statistics
import sys

UNIT_MS = {"s/op": 1e3, "ms/op": 1.0, "us/op": 1e-3, "ns/op": 1e-6}
CONV = {"c3to32": (32, 3, 32, 64), "c32to64": (32, 32, 64, 32)}
MIB = 1 << 20


def per_iteration(run):
    """The iteration scores of a JMH run (all forks pooled)."""
    return [x for fork in run["primaryMetric"]["rawData"] for x in fork]


def median_ms(run):
    unit = run["primaryMetric"]["scoreUnit"]
    if unit not in UNIT_MS:
        raise SystemExit(f"kernels_table: {run['benchmark']} has unit {unit}, expected a time per operation")
    return statistics.median(per_iteration(run)) * UNIT_MS[unit]


def flops(case, shape, mode):
    """FLOPs per call of a compute-bound row, or None for memory-bound rows."""
    if case == "sgemm":
        return 2.0 * int(shape[2:]) ** 3
    if case == "conv2d":
        n, cin, cout, hw = CONV[shape]
        return 2.0 * n * cout * hw * hw * cin * 9 * (3 if mode == "fwd+bwd" else 1)
    if case == "lstm":
        b, t, i, h = (int(p[1:]) for p in shape.split("_"))
        fwd = t * 2.0 * b * 4 * h * (i + h)
        return fwd + (t * 2.0 * b * 4 * h * (i + 2 * h) if mode == "fwd+bwd" else 0)
    if case == "mha":
        b, t, e = 8, 64, 256
        fwd = 2.0 * b * t * e * 4 * e + 4.0 * b * t * t * e
        return fwd * (3 if mode == "fwd+bwd" else 1)
    return None


def traffic(case, mode):
    """(bytes per call, STREAM kernel it is judged against) of a memory-bound row."""
    if case == "softmax":
        return 2.0 * 4 * 4096 * 1024, "copy"
    if case == "max_pool2d":
        fwd = 4.0 * (32 * 32 * 64 * 64 + 32 * 32 * 32 * 32)
        return fwd * (2 if mode == "fwd+bwd" else 1), "copy"
    if case == "mul_add":
        return 6.0 * 4 * (1 << 24), "triad"
    return None


def reel_rows(runs):
    """Reel's rows {(case, shape, mode, threads): ms}, the FMA peaks and the STREAM bandwidths."""
    rows, peak, stream = {}, {}, {}
    for run in runs:
        bench, p = run["benchmark"].split(".")[-2:], run.get("params", {})
        cls, method = bench
        t = int(p.get("threads", 0))
        mode = "fwd+bwd" if method == "forwardBackward" else "fwd"
        if cls == "FmaPeakBench":
            threads = 1 if method == "fma1Thread" else 2
            peak[threads] = statistics.median(per_iteration(run)) / 1e9
        elif cls == "StreamBench":
            nbytes = (2.0 if method == "copy" else 3.0) * 4 * (1 << 24)
            stream[(t, method)] = nbytes / median_ms(run) / 1e6
        elif cls == "SgemmBench":
            rows[("sgemm", "n=" + p["n"], "fwd", t)] = median_ms(run)
        elif cls == "ConvBench":
            rows[("conv2d", p["shape"], mode, t)] = median_ms(run)
        elif cls == "PoolBench":
            rows[("max_pool2d", "32x32x64x64", mode, t)] = median_ms(run)
        elif cls == "LstmBench" and p.get("impl") == "nn":
            rows[("lstm", p["shape"], mode, t)] = median_ms(run)
        elif cls == "MhaBench":
            rows[("mha", "B8_T64_E256_H8", mode, t)] = median_ms(run)
        elif cls == "RowKernelsBench" and method == "softmax" and p.get("impl") == "fused":
            rows[("softmax", "4096x1024", "fwd", t)] = median_ms(run)
        elif cls == "ElementwiseBench" and method == "mulAddSimd":
            rows[("mul_add", "16M", "fwd", t)] = median_ms(run)
    return rows, peak, stream


def torch_rows(path):
    """PyTorch's best layout per row {(case, shape, mode, threads): (ms, layout)} and its header."""
    best, header = {}, None
    with open(path) as f:
        for line in f:
            if not line.strip():
                continue
            r = json.loads(line)
            if "libraries" in r:
                header = r
                continue
            key = (r["case"], r["shape"], r["mode"], r["threads"])
            if key not in best or r["ms"] < best[key][0]:
                best[key] = (r["ms"], r["layout"])
    return best, header


def djl_rows(path):
    rows = {}
    with open(path) as f:
        for run in json.load(f):
            cls, method = run["benchmark"].split(".")[-2:]
            p, t = run["params"], int(run["params"]["threads"])
            if cls == "DjlSgemmBench":
                rows[("sgemm", "n=" + p["n"], "fwd", t)] = median_ms(run)
            elif cls == "DjlConvBench":
                rows[("conv2d", p["shape"], "fwd+bwd" if method == "forwardBackward" else "fwd", t)] = median_ms(run)
    return rows


def target(case, shape, mode, threads, pct, ratios):
    """(the issue's target for this row, 'met'/'missed'/'-')."""
    known = [r for r in ratios if r is not None]
    if case == "sgemm" and int(shape[2:]) >= 256:
        ok = bool(known) and min(known) >= 1.0 and (threads != 1 or (pct is not None and pct >= 90))
        return ("≥ 90 % of peak and ≥ 1.0x best peer" if threads == 1 else "≥ 1.0x best peer"), ("met" if ok else "missed")
    if case == "conv2d" and mode == "fwd+bwd":
        return "≥ 1.0x best peer", ("met" if known and min(known) >= 1.0 else "missed")
    if case == "lstm" and mode == "fwd+bwd":
        return "≥ 1.5x PyTorch", ("met" if ratios[0] is not None and ratios[0] >= 1.5 else "missed")
    if case == "mha" and mode == "fwd+bwd":
        return "≥ 1.2x PyTorch", ("met" if ratios[0] is not None and ratios[0] >= 1.2 else "missed")
    if case in ("softmax", "mul_add"):
        return "≥ 80 % of STREAM", ("met" if pct is not None and pct >= 80 else "missed")
    return "-", "-"


def main(reel_path, torch_path, djl_path=None):
    with open(reel_path) as f:
        rows, peak, stream = reel_rows(json.load(f))
    peer, header = torch_rows(torch_path)
    djl = djl_rows(djl_path) if djl_path else None
    if header:
        print(f"PyTorch {header['torch']} (oneDNN: {header['mkldnn']}), libraries: " + ", ".join(header["libraries"]))
    for t in sorted(peak):
        print(f"FMA peak, {t} thread(s): {peak[t]:.1f} GFLOP/s")
    for (t, kind) in sorted(stream):
        print(f"STREAM {kind}, {t} thread(s): {stream[(t, kind)]:.1f} GB/s")
    print()
    cols = ["case", "shape", "mode", "threads", "Reel ms", "Reel GFLOP/s or GB/s", "PyTorch best ms (layout)", "Reel / PyTorch"]
    if djl is not None:
        cols += ["libtorch (DJL) ms", "Reel / DJL"]
    cols += ["% of roofline", "target", "met"]
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    order = ["sgemm", "conv2d", "max_pool2d", "lstm", "mha", "softmax", "mul_add"]
    def shape_key(shape):  # "n=256" before "n=1024": numbers compare as numbers
        return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", shape)]

    for key in sorted(rows, key=lambda k: (order.index(k[0]), shape_key(k[1]), k[2], k[3])):
        case, shape, mode, t = key
        ms = rows[key]
        f = flops(case, shape, mode)
        if f is not None:
            rate = f / ms / 1e6
            rate_cell = f"{rate:.1f} GFLOP/s"
            pct = 100 * rate / peak[t] if t in peak else None
            pct_cell = f"{pct:.0f} % FMA" if pct is not None else "-"
        else:
            nbytes, kind = traffic(case, mode)
            rate = nbytes / ms / 1e6
            rate_cell = f"{rate:.1f} GB/s"
            bw = stream.get((t, kind))
            pct = 100 * rate / bw if bw else None
            pct_cell = f"{pct:.0f} % {kind}" if pct is not None else "-"
        p = peer.get(key)
        torch_ratio = p[0] / ms if p else None
        cells = [case, shape, mode, str(t), f"{ms:.3g}", rate_cell,
                 f"{p[0]:.3g} ({p[1]})" if p else "-", f"{torch_ratio:.2f}" if p else "-"]
        ratios = [torch_ratio]
        if djl is not None:
            d = djl.get(key)
            ratios.append(d / ms if d else None)
            cells += [f"{d:.3g}" if d else "-", f"{d / ms:.2f}" if d else "-"]
        goal, met = target(case, shape, mode, t, pct, ratios)
        cells += [pct_cell, goal, met]
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: kernels_table.py REEL_JMH.json TORCH.jsonl [DJL_JMH.json]")
    main(*sys.argv[1:])
