#!/usr/bin/env bash
# Compiles every .cu file in SRC_DIR with nvcc into OUT_DIR/dev/reel/cuda/kernels/:
#   NAME.ptx              PTX for compute_80 (the driver JIT-compiles it for any newer GPU)
#   NAME.sm_XX.cubin      machine code for each architecture in ARCHS
#   manifest.properties   what was built (or why nothing was), read by dev.reel.cuda.KernelManifest
# Warnings are errors, in nvcc's front end and in ptxas alike.
#
# Where nvcc is missing the script says so, writes a manifest with the reason and exits 0: the
# build goes on and the CUDA backend reports itself unavailable with that reason.
#
# Outputs newer than every input (the .cu, the shared headers and this script) are kept, so a
# rebuild without source changes costs nothing.
#
# Usage: build-kernels.sh SRC_DIR OUT_DIR "80 86 89 90 100 120"
set -euo pipefail

SRC_DIR=$1
OUT_ROOT=$2
ARCHS=$3
OUT_DIR="$OUT_ROOT/dev/reel/cuda/kernels"
MANIFEST="$OUT_DIR/manifest.properties"
# The architectures Reel promises cubins for; the others in ARCHS are built where nvcc can.
REQUIRED_ARCHS="80 86 89 90"
PTX_ARCH=80

mkdir -p "$OUT_DIR"
shopt -s nullglob
SOURCES=("$SRC_DIR"/*.cu)
NAMES=()
for f in "${SOURCES[@]}"; do NAMES+=("$(basename "$f" .cu)"); done

NVCC=""
for candidate in "${CUDA_HOME:+$CUDA_HOME/bin/nvcc}" "$(command -v nvcc || true)" /usr/local/cuda/bin/nvcc; do
    if [[ -n "$candidate" && -x "$candidate" ]]; then NVCC=$candidate; break; fi
done

if [[ -z "$NVCC" ]]; then
    reason="nvcc was not found at build time (looked in \$CUDA_HOME/bin, PATH and /usr/local/cuda/bin), so no CUDA kernels were compiled"
    echo "[reel-cuda] WARNING: $reason."
    echo "[reel-cuda] The build goes on; the CUDA backend will report itself unavailable."
    {
        echo "status=missing"
        echo "reason=$reason"
        echo "kernels=${NAMES[*]}"
    } > "$MANIFEST"
    exit 0
fi

PTXAS="$(dirname "$NVCC")/ptxas"
NVCC_VERSION=$("$NVCC" --version | sed -n 's/.*release \([0-9.]*\), V\([0-9.]*\).*/\2/p')
SUPPORTED=" $("$NVCC" --list-gpu-arch | sed 's/compute_//' | tr '\n' ' ') "

BUILD_ARCHS=()
for a in $ARCHS; do
    if [[ "$SUPPORTED" == *" $a "* ]]; then
        BUILD_ARCHS+=("$a")
    elif [[ " $REQUIRED_ARCHS " == *" $a "* ]]; then
        echo "[reel-cuda] ERROR: nvcc $NVCC_VERSION cannot compile for sm_$a, which Reel requires; use CUDA 12 or newer." >&2
        exit 1
    else
        echo "[reel-cuda] nvcc $NVCC_VERSION does not know sm_$a: no cubin for it (the driver will JIT the PTX)."
    fi
done
echo "[reel-cuda] nvcc $NVCC_VERSION: ${#NAMES[@]} kernel files -> PTX (compute_$PTX_ARCH) + cubins for sm_${BUILD_ARCHS[*]}"

HEADERS=("$SRC_DIR"/*.cuh)
SCRIPT="${BASH_SOURCE[0]}"

# Compiles one file: the PTX first (nvcc front end), then one cubin per architecture from that
# PTX (ptxas only, so the C++ front end runs once per file).
compile_one() {
    local name=$1 src="$SRC_DIR/$1.cu" ptx="$OUT_DIR/$1.ptx"
    local stale=0
    for out in "$ptx" $(for a in "${BUILD_ARCHS[@]}"; do echo "$OUT_DIR/$name.sm_$a.cubin"; done); do
        [[ -f "$out" ]] || { stale=1; break; }
        for in in "$src" "${HEADERS[@]}" "$SCRIPT"; do
            [[ "$in" -nt "$out" ]] && { stale=1; break 2; }
        done
    done
    if [[ $stale == 0 ]]; then
        echo "[reel-cuda]   $name: up to date"
        return 0
    fi
    "$NVCC" -std=c++17 -O3 -ptx -arch=compute_$PTX_ARCH -Werror all-warnings -I "$SRC_DIR" -o "$ptx.tmp" "$src"
    mv "$ptx.tmp" "$ptx"
    for a in "${BUILD_ARCHS[@]}"; do
        "$PTXAS" -arch=sm_$a -O3 --warning-as-error -o "$OUT_DIR/$name.sm_$a.cubin.tmp" "$ptx"
        mv "$OUT_DIR/$name.sm_$a.cubin.tmp" "$OUT_DIR/$name.sm_$a.cubin"
    done
    echo "[reel-cuda]   $name: compiled"
}
export -f compile_one
export NVCC PTXAS SRC_DIR OUT_DIR PTX_ARCH SCRIPT
export BUILD_ARCHS_STR="${BUILD_ARCHS[*]}" HEADERS_STR="${HEADERS[*]}"

# Arrays do not cross into the xargs children: rebuild them there from the exported strings.
JOBS=$(nproc 2>/dev/null || echo 2)
printf '%s\n' "${NAMES[@]}" | xargs -P "$JOBS" -I{} bash -c \
    'BUILD_ARCHS=($BUILD_ARCHS_STR); HEADERS=($HEADERS_STR); compile_one "$1"' _ {}

{
    echo "status=compiled"
    echo "nvcc=$NVCC_VERSION"
    echo "ptxArch=$PTX_ARCH"
    echo "archs=${BUILD_ARCHS[*]}"
    echo "kernels=${NAMES[*]}"
} > "$MANIFEST"
