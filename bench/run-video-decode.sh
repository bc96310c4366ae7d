#!/usr/bin/env bash
# Video decoding to RGB24, Reel (JMH VideoDecodeBench) beside the ffmpeg CLI on the same files:
# 320x240 frames of FFmpeg's testsrc2 as H.264 with B-frames, MJPEG AVI and Y4M.
#
#   bench/run-video-decode.sh          (needs Debian's ffmpeg: apt-get install -y ffmpeg)
#
# Reel: JMH decodeAll (frame by frame) and decodeClips (16-frame batch reads) over the 300-frame
# files. The CLI, with as many threads as Reel's decoders use (the cores), decoding to rgb24 and
# discarding the output, timed two ways so that process start-up does not count against it:
#   - `-benchmark` rtime on the 300-frame file: the decoding loop alone (after start-up and probing);
#   - whole-process wall time on the same video at 3000 frames: start-up amortised over 10x the frames.
# Each is the median of 5 runs. Target in issue 5: Reel >= 0.9x the CLI's frames/s.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bin/find-jdk.sh"
java="$(reel_find_jdk)/bin/java"
videos="$root/bench/target/videos"
out="$root/bench/target/compare"
mkdir -p "$videos" "$out"
frames=300
long=3000
threads="$(nproc)"
ff() { ffmpeg -hide_banner -loglevel error -y "$@"; }
make_videos() {  # $1 = frames, $2 = file name suffix
  local src=(-f lavfi -i "testsrc2=size=320x240:rate=30" -frames:v "$1")
  [ -f "$videos/h264$2.mp4" ] || ff "${src[@]}" -c:v libx264 -bf 2 -g 30 -pix_fmt yuv420p "$videos/h264$2.mp4"
  [ -f "$videos/mjpeg$2.avi" ] || ff "${src[@]}" -c:v mjpeg -q:v 3 -pix_fmt yuvj420p "$videos/mjpeg$2.avi"
  [ -f "$videos/yuv420$2.y4m" ] || ff "${src[@]}" -pix_fmt yuv420p "$videos/yuv420$2.y4m"
}
make_videos "$frames" ""
make_videos "$long" "-$long"
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $threads cores; $(ffmpeg -version | head -1)"
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
"$root/mvnw" -q -pl bench -am package -DskipTests
# The benchmark finds the files at bench/target/videos relative to the working directory.
cd "$root"
"$java" --add-modules jdk.incubator.vector -jar "$root/bench/target/benchmarks.jar" VideoDecodeBench \
    -rf json -rff "$out/decode-reel.json" > "$out/decode-reel.log" 2>&1 \
    || { tail -40 "$out/decode-reel.log"; exit 1; }
echo "load average after Reel's benchmark: $(cut -d' ' -f1-3 /proc/loadavg)"
median() { sort -g | sed -n 3p; }
cli="$out/decode-cli.txt"
: > "$cli"
for f in h264.mp4 mjpeg.avi yuv420.y4m; do
  rtimes=() walls=()
  for r in 1 2 3 4 5; do
    rtimes+=("$(ffmpeg -hide_banner -nostats -benchmark -threads "$threads" -i "$videos/$f" -f rawvideo -pix_fmt rgb24 -y /dev/null 2>&1 \
                | sed -n 's/.*rtime=\([0-9.]*\)s.*/\1/p')")
    s=$(date +%s.%N)
    ffmpeg -hide_banner -loglevel error -threads "$threads" -i "$videos/${f%.*}-$long.${f##*.}" -f rawvideo -pix_fmt rgb24 -y /dev/null
    e=$(date +%s.%N)
    walls+=("$(echo "$e - $s" | bc -l)")
  done
  echo "$f $frames $(printf '%s\n' "${rtimes[@]}" | median) $long $(printf '%s\n' "${walls[@]}" | median)" >> "$cli"
done
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$root/bench/compare/video_decode_table.py" "$out/decode-reel.json" "$cli"
