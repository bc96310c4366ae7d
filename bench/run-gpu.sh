#!/usr/bin/env bash
# The GPU benchmarks (dev.reel.bench.GpuBench: Reel's SGEMM at F32/TF32/BF16 against cuBLAS FP32
# and TF32, and the memory-bound kernels against the copy bandwidth) on a machine with an NVIDIA
# GPU and no JDK. Two steps:
#
#   bench/run-gpu.sh pack [FILE]      here, with JDK 25: builds bench, links a Java runtime (jlink)
#                                     and writes FILE (default .gpu-run/reel-gpu-bench.tar.gz,
#                                     about 30 MB): the runtime, one jar without FFmpeg, this script
#   tar xzf reel-gpu-bench.tar.gz -C /tmp && /tmp/reel-gpu-bench/run-gpu.sh run [sizes...]
#                                     on the GPU machine: n = 1024 2048 4096 8192 by default
#
# `run` finds libcublas.so.13 (or .12) on LD_LIBRARY_PATH, in the loader's cache, in the CUDA
# toolkit's folders, or else anywhere under /usr/local, /usr/lib and /opt (pip's nvidia-cublas
# wheel, as PyTorch installs it); CUBLAS=/path/to/libcublas.so.N overrides. Without cuBLAS the
# cuBLAS rows are skipped with the reason and the rest runs. The output also goes to
# $OUT/gpu-bench.txt where OUT is set.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cmd="${1:-}"
shift || true

pack() {
  local root; root="$(cd "$here/.." && pwd)"
  local file="${1:-$root/.gpu-run/reel-gpu-bench.tar.gz}"
  source "$root/bin/find-jdk.sh"
  local jdk; jdk="$(reel_find_jdk)"
  [ -n "${SKIP_BUILD:-}" ] || "$root/mvnw" -q -pl bench -am package -DskipTests
  local work; work="$(mktemp -d)"
  trap 'rm -rf "$work"' RETURN
  local dir="$work/reel-gpu-bench"
  mkdir -p "$dir"
  # The modules Reel, JMH and its dependencies use (jdeps), without java.desktop: nothing on the
  # GPU path draws.
  "$jdk/bin/jlink" --add-modules java.base,java.logging,java.management,jdk.management,jdk.incubator.vector,jdk.unsupported \
      --strip-debug --no-man-pages --no-header-files --compress zip-9 --output "$dir/jre" 2>&1 \
      | grep -v 'incubator modules' || true
  # benchmarks.jar less FFmpeg's native libraries (~90 MB), which no GPU benchmark loads.
  mkdir "$work/jar"
  (cd "$work/jar" && "$jdk/bin/jar" --extract --file "$root/bench/target/benchmarks.jar" && rm -rf org/bytedeco \
      && "$jdk/bin/jar" --create --file "$dir/reel-gpu-bench.jar" .)
  cp "$here/run-gpu.sh" "$dir/run-gpu.sh"
  mkdir -p "$(dirname "$file")"
  tar -C "$work" -czf "$file" reel-gpu-bench
  echo "$file: $(du -h "$file" | cut -f1); on the GPU machine: tar xzf $(basename "$file") -C /tmp && /tmp/reel-gpu-bench/run-gpu.sh run"
}

find_cublas() {
  if [ -n "${CUBLAS:-}" ]; then echo "$CUBLAS"; return; fi
  # Found by the dynamic loader already: let Cublas.load() open it by name.
  if ldconfig -p 2>/dev/null | grep -q 'libcublas\.so\.1[23] '; then return; fi
  local d
  for d in ${LD_LIBRARY_PATH:+${LD_LIBRARY_PATH//:/ }} "${CUDA_HOME:-/usr/local/cuda}/lib64" /usr/local/cuda/targets/x86_64-linux/lib; do
    if [ -e "$d/libcublas.so.13" ] || [ -e "$d/libcublas.so.12" ]; then return; fi
  done
  find /usr/local /usr/lib /opt -name 'libcublas.so.1[23]' 2>/dev/null | sort -r | head -1
}

run() {
  local java="$here/jre/bin/java" jar="$here/reel-gpu-bench.jar"
  [ -x "$java" ] || { echo "run-gpu.sh run: no runtime at $java; unpack the file that 'run-gpu.sh pack' wrote" >&2; exit 1; }
  local cublas; cublas="$(find_cublas)"
  local opts=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED)
  [ -z "$cublas" ] || opts+=("-Dreel.cublas.library=$cublas")
  # NVIDIA_TF32_OVERRIDE=0 would silently turn cuBLAS's TF32 row into FP32.
  unset NVIDIA_TF32_OVERRIDE
  nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv,noheader 2>/dev/null || true
  if [ -n "${OUT:-}" ]; then
    "$java" "${opts[@]}" -cp "$jar" dev.reel.bench.GpuBench "$@" 2>&1 | tee "$OUT/gpu-bench.txt"
  else
    "$java" "${opts[@]}" -cp "$jar" dev.reel.bench.GpuBench "$@"
  fi
}

case "$cmd" in
  pack) pack "$@" ;;
  run) run "$@" ;;
  *) echo "usage: bench/run-gpu.sh pack [FILE] | run-gpu.sh run [sizes...]  (see the comment at the top)" >&2; exit 2 ;;
esac
