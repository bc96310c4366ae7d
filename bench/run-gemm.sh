#!/usr/bin/env bash
# SGEMM side by side: Reel (JMH: FMA peak, SgemmBench) and PyTorch (torch.mm) on this machine,
# same sizes and thread counts, then one table. Results land in bench/target/compare/.
#
#   bench/run-gemm.sh                 # n = 128..2048, 1 and 2 threads
#   SIZES="256 512" bench/run-gemm.sh
#
# Needs Debian's python3-torch and OpenBLAS's OpenMP build for it:
#   apt-get install -y python3-torch libopenblas0-openmp
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bin/find-jdk.sh"
java="$(reel_find_jdk)/bin/java"
python="${PYTHON:-/usr/bin/python3}"
sizes="${SIZES:-128 256 512 1024 2048}"
out="$root/bench/target/compare"
mkdir -p "$out"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

"$root/mvnw" -q -pl bench -am package -DskipTests
jmh_sizes="$(echo $sizes | tr ' ' ',')"
"$java" --add-modules jdk.incubator.vector -jar "$root/bench/target/benchmarks.jar" \
    'FmaPeakBench|SgemmBench' -p n="$jmh_sizes" -p threads=1,2 -rf json -rff "$out/reel.json" \
    > "$out/reel.log" 2>&1 || { tail -40 "$out/reel.log"; exit 1; }
# Debian's libblas.so.3 may point at the pthread OpenBLAS (or the slow reference BLAS); prefer
# the OpenMP build for torch without changing the system-wide alternative.
openmp_blas=/usr/lib/x86_64-linux-gnu/openblas-openmp
if [ -d "$openmp_blas" ]; then export LD_LIBRARY_PATH="$openmp_blas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"; fi
"$python" "$root/bench/compare/gemm_torch.py" --threads 1 2 --sizes $sizes > "$out/torch.jsonl"

echo "$(date -u +%Y-%m-%d) | $(lscpu | sed -n 's/^Model name: *//p') | $(nproc) cores | $("$java" -version 2>&1 | head -1)"
echo "load average before the run: $load_before (other processes on the machine skew every figure)"
"$python" "$root/bench/compare/gemm_table.py" "$out/reel.json" "$out/torch.jsonl"
