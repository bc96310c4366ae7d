#!/usr/bin/env bash
# Video decoding to RGB24, Reel (JMH VideoDecodeBench) beside the ffmpeg CLI on the same files:
# 300 frames of 320x240 (FFmpeg's testsrc2) as H.264 with B-frames, MJPEG AVI and Y4M.
#
#   bench/run-video-decode.sh          (needs Debian's ffmpeg: apt-get install -y ffmpeg)
# Target in issue 5: Reel >= 0.9x the CLI's frames/s.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bin/find-jdk.sh"
java="$(reel_find_jdk)/bin/java"
videos="$root/bench/target/videos"
out="$root/bench/target/compare"
mkdir -p "$videos" "$out"
frames=300
ff() { ffmpeg -hide_banner -loglevel error -y "$@"; }
src=(-f lavfi -i "testsrc2=size=320x240:rate=30" -frames:v "$frames")
[ -f "$videos/h264.mp4" ] || ff "${src[@]}" -c:v libx264 -bf 2 -g 30 -pix_fmt yuv420p "$videos/h264.mp4"
[ -f "$videos/mjpeg.avi" ] || ff "${src[@]}" -c:v mjpeg -q:v 3 -pix_fmt yuvj420p "$videos/mjpeg.avi"
[ -f "$videos/yuv420.y4m" ] || ff "${src[@]}" -pix_fmt yuv420p "$videos/yuv420.y4m"
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
"$root/mvnw" -q -pl bench -am package -DskipTests
# The benchmark finds the files at bench/target/videos relative to the working directory.
cd "$root"
"$java" --add-modules jdk.incubator.vector -jar "$root/bench/target/benchmarks.jar" VideoDecodeBench \
    -rf json -rff "$out/decode-reel.json" > "$out/decode-reel.log" 2>&1 \
    || { tail -40 "$out/decode-reel.log"; exit 1; }
grep -E '^VideoDecodeBench' "$out/decode-reel.log" | awk -v n="$frames" '{printf "reel        %-18s %8.1f ms  %7.0f frames/s\n", $2, $5, n * 1000 / $5}'
# The CLI: median of 5 runs, decoding to rgb24 with the same 2 threads, output discarded.
for f in h264.mp4 mjpeg.avi yuv420.y4m; do
  times=()
  for r in 1 2 3 4 5; do
    s=$(date +%s.%N); ffmpeg -hide_banner -loglevel error -threads 2 -i "$videos/$f" -f rawvideo -pix_fmt rgb24 -y /dev/null; e=$(date +%s.%N)
    times+=("$(echo "$e - $s" | bc -l)")
  done
  median=$(printf '%s\n' "${times[@]}" | sort -g | sed -n 3p)
  printf "ffmpeg-cli  %-18s %8.1f ms  %7.0f frames/s  (process start included)\n" "$f" "$(echo "$median * 1000" | bc -l)" "$(echo "$frames / $median" | bc -l)"
done
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
