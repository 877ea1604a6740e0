#!/usr/bin/env bash
# Installs what orusc needs to build and test, then builds the release binary and the
# runtime archives for x86-64, AArch64 and RISC-V 64.
# Idempotent and fast when everything is present: packages are installed only when missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# rustup installs cargo here; non-login shells (CI) may not have it on PATH yet.
if [[ -d "${HOME:-/root}/.cargo/bin" ]]; then
    PATH="${HOME:-/root}/.cargo/bin:$PATH"
fi

# System packages: LLVM 19 for the native backend, cross toolchains and qemu for the
# non-host targets, lua and hyperfine as benchmark peers, GNU time for benches/rss.sh.
PACKAGES=(
    llvm-19-dev libpolly-19-dev zlib1g-dev libzstd-dev
    gcc-aarch64-linux-gnu gcc-riscv64-linux-gnu
    libc6-dev-arm64-cross libc6-dev-riscv64-cross
    qemu-user lua5.4 hyperfine time
)

missing=()
for package in "${PACKAGES[@]}"; do
    if ! dpkg -s "$package" >/dev/null 2>&1; then
        missing+=("$package")
    fi
done

if ((${#missing[@]} > 0)); then
    echo "setup: installing ${missing[*]}"
    if [[ $(id -u) -eq 0 ]]; then
        sudo=()
    elif command -v sudo >/dev/null 2>&1; then
        sudo=(sudo)
    else
        echo "setup: missing packages (${missing[*]}) and no root rights to install them" >&2
        exit 1
    fi
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
        "${missing[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
    echo "setup: cargo not found; install a Rust toolchain (rustup) first" >&2
    exit 1
fi

cargo build --release
# The runtime archive liborus_rt.a for every target `orusc build` supports.
./scripts/build-runtimes.sh
