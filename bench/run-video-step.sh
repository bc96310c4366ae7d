#!/usr/bin/env bash
# The anchor video CNN+LSTM step side by side: Reel (JMH VideoStepBench) and PyTorch
# (bench/compare/video_step_torch.py, NCHW and channels-last), 1 and 2 threads, clips/s.
#
#   bench/run-video-step.sh
# PyTorch's best setup needs jemalloc (apt-get install -y libjemalloc2) and the OpenMP OpenBLAS.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bin/find-jdk.sh"
java="$(reel_find_jdk)/bin/java"
python="${PYTHON:-/usr/bin/python3}"
out="$root/bench/target/compare"
mkdir -p "$out"
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
"$root/mvnw" -q -pl bench -am package -DskipTests
"$java" --add-modules jdk.incubator.vector -jar "$root/bench/target/benchmarks.jar" VideoStepBench \
    -rf json -rff "$out/video-reel.json" > "$out/video-reel.log" 2>&1 || { tail -40 "$out/video-reel.log"; exit 1; }
grep -E '^VideoStepBench' "$out/video-reel.log" | awk '{printf "reel      threads=%s %-9s %8.1f ms  %6.2f clips/s\n", $2, substr($1, 16), $5, 8000 / $5}'
openmp_blas=/usr/lib/x86_64-linux-gnu/openblas-openmp
if [ -d "$openmp_blas" ]; then export LD_LIBRARY_PATH="$openmp_blas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"; fi
jemalloc=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2
preload=""
if [ -f "$jemalloc" ]; then preload="$jemalloc"; fi
LD_PRELOAD="$preload" "$python" "$root/bench/compare/video_step_torch.py" --threads 1 2 > "$out/video-torch.jsonl"
"$python" "$root/bench/compare/video_step_table.py" "$out/video-reel.json" "$out/video-torch.jsonl"
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
