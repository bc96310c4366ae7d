"""Prints the anchor video step side by side: Reel (JMH json) and PyTorch (jsonl), clips/s and ratio.

    python3 bench/compare/video_step_table.py bench/target/compare/video-reel.json bench/target/compare/video-torch.jsonl
"""
import json
import sys

CLIPS = 8  # clips per step (B=8)


def main(reel_json, torch_jsonl):
    reel = {}
    for r in json.load(open(reel_json)):
        mode = r["benchmark"].rsplit(".", 1)[1]
        ms = r["primaryMetric"]["score"]  # JMH average time, ms/op
        reel[(int(r["params"]["threads"]), mode)] = CLIPS * 1000.0 / ms
    best = {}
    rows = [json.loads(line) for line in open(torch_jsonl) if line.strip()]
    for r in rows:
        key = (r["threads"], r["mode"])
        if key not in best or r["clips_per_s"] > best[key][0]:
            best[key] = (r["clips_per_s"], r["layout"])
    print("| threads | mode | Reel clips/s | PyTorch best clips/s (layout) | Reel / PyTorch |")
    print("|---|---|---|---|---|")
    for key in sorted(reel):
        t, mode = key
        if key in best:
            p, layout = best[key]
            print(f"| {t} | {mode} | {reel[key]:.2f} | {p:.2f} ({layout}) | {reel[key] / p:.2f} |")
        else:
            print(f"| {t} | {mode} | {reel[key]:.2f} | - | - |")
    print()
    for r in rows:
        print(f"pytorch threads={r['threads']} {r['mode']:<9} {r['layout']}: {r['ms']:.1f} ms, {r['clips_per_s']:.2f} clips/s")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
