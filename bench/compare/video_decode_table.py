"""Prints video decoding side by side: Reel (JMH json of VideoDecodeBench) and the ffmpeg CLI.

    python3 bench/compare/video_decode_table.py bench/target/compare/decode-reel.json bench/target/compare/decode-cli.txt

The CLI file has one line per video: name, frames, median -benchmark rtime (s) on that many
frames, frames of the long file, median whole-process wall time (s) on it.
"""
import json
import sys

FRAMES = 300  # frames in the files VideoDecodeBench decodes


def main(reel_json, cli_txt):
    cli = {}
    for line in open(cli_txt):
        if line.strip():
            name, n, rtime, n_long, wall = line.split()
            cli[name] = (int(n) / float(rtime), int(n_long) / float(wall))
    print("| file | Reel reader | Reel mode | Reel frames/s | CLI frames/s (rtime) | Reel / CLI | "
          "CLI frames/s (3000 frames, whole process) | Reel / CLI |")
    print("|---|---|---|---|---|---|---|---|")
    for r in json.load(open(reel_json)):
        mode = r["benchmark"].rsplit(".", 1)[1]
        name, backend = r["params"]["input"].split(":")
        fps = FRAMES * 1000.0 / r["primaryMetric"]["score"]  # JMH average time, ms/op
        bench, whole = cli.get(name, (float("nan"), float("nan")))
        print(f"| {name} | {backend} | {mode} | {fps:.0f} | {bench:.0f} | {fps / bench:.2f} | {whole:.0f} | {fps / whole:.2f} |")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
