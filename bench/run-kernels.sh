#!/usr/bin/env bash
# The kernel-by-kernel table: Reel (JMH: FMA peak, STREAM copy/triad, SGEMM, conv2d, max_pool2d,
# LSTM, MultiheadAttention, softmax, x*y+z) against PyTorch (bench/compare/kernels_torch.py) on
# this machine, 1 and 2 threads, printed as one table by bench/compare/kernels_table.py with the
# issue's target per row. Results land in bench/target/compare/kernels-*.
#
#   bench/run-kernels.sh               # full run, ~10-15 minutes on 2 cores
#   QUICK=1 bench/run-kernels.sh       # 1 short warm-up and 2 short iterations: checks the
#                                      # pipeline end to end, the figures are not worth quoting
#   DJL=1 bench/run-kernels.sh         # also libtorch 2.x through DJL (builds with -Pdjl; the
#                                      # native jar comes from Maven Central, runs offline)
#
# PyTorch's best setup needs Debian's python3-torch, OpenBLAS's OpenMP build and jemalloc:
#   apt-get install -y python3-torch libopenblas0-openmp libjemalloc2
# Run it on an idle machine: the load average is printed before and after, and every figure of a
# loaded machine is skewed (both sides, but not by the same amount).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bin/find-jdk.sh"
java="$(reel_find_jdk)/bin/java"
python="${PYTHON:-/usr/bin/python3}"
out="$root/bench/target/compare"
mkdir -p "$out"
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"

profile=()
if [ "${DJL:-0}" = 1 ]; then profile=(-Pdjl); fi
"$root/mvnw" -q -pl bench -am "${profile[@]}" package -DskipTests
jar="$root/bench/target/benchmarks.jar"

jmh_budget=()
torch_budget=()
if [ "${QUICK:-0}" = 1 ]; then
    jmh_budget=(-wi 1 -w 1s -i 2 -r 1s)
    torch_budget=(--min-time 0.1 --rounds 2)
fi

# JMH runs, each with the parameters its table rows need; their JSON arrays are merged after.
classpath="$jar"
jmh() {  # $1 = name of the result file, the rest: JMH arguments
    local name="$1"; shift
    "$java" --add-modules jdk.incubator.vector -cp "$classpath" org.openjdk.jmh.Main "$@" "${jmh_budget[@]}" \
        -rf json -rff "$out/kernels-$name.json" > "$out/kernels-$name.log" 2>&1 \
        || { tail -40 "$out/kernels-$name.log"; exit 1; }
}
jmh rooflines 'FmaPeakBench|StreamBench' -p threads=1,2
jmh sgemm 'SgemmBench' -p n=256,1024,2048 -p threads=1,2
jmh layers 'ConvBench|PoolBench|MhaBench' -p threads=1,2
jmh lstm 'LstmBench' -p impl=nn -p threads=1,2
jmh memory 'RowKernelsBench.softmax|ElementwiseBench.mulAddSimd' -p impl=fused -p threads=1,2
"$python" - "$out/kernels-reel.json" "$out"/kernels-{rooflines,sgemm,layers,lstm,memory}.json <<'PY'
import json, sys
runs = [r for path in sys.argv[2:] for r in json.load(open(path))]
json.dump(runs, open(sys.argv[1], "w"), indent=1)
PY
djl_json=()
if [ "${DJL:-0}" = 1 ]; then
    # -Pdjl compiles the DJL benchmarks apart (bench/pom.xml); their folder first lists them to JMH
    classpath="$root/bench/target/djl-classes:$jar"
    jmh djl 'DjlSgemmBench|DjlConvBench' -p n=1024,2048 -p threads=1,2
    djl_json=("$out/kernels-djl.json")
fi
echo "load average after Reel's JMH runs: $(cut -d' ' -f1-3 /proc/loadavg)"

# Debian's libblas.so.3 may point at the pthread OpenBLAS (or the slow reference BLAS); prefer
# the OpenMP build for torch without changing the system-wide alternative, and jemalloc.
openmp_blas=/usr/lib/x86_64-linux-gnu/openblas-openmp
if [ -d "$openmp_blas" ]; then export LD_LIBRARY_PATH="$openmp_blas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"; fi
jemalloc=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2
preload=""
if [ -f "$jemalloc" ]; then preload="$jemalloc"; fi
LD_PRELOAD="$preload" "$python" "$root/bench/compare/kernels_torch.py" --threads 1 2 "${torch_budget[@]}" \
    > "$out/kernels-torch.jsonl"

echo "$(date -u '+%Y-%m-%d %H:%M UTC') | $(lscpu | sed -n 's/^Model name: *//p') | $(nproc) cores | $("$java" -version 2>&1 | head -1)"
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "${QUICK:-0}" = 1 ]; then echo "QUICK=1: short JMH iterations and torch rounds, figures not representative"; fi
"$python" "$root/bench/compare/kernels_table.py" "$out/kernels-reel.json" "$out/kernels-torch.jsonl" "${djl_json[@]}"
