#!/usr/bin/env bash
# Builds the runtime archive liborus_rt.a for every target `orusc build` supports, into
# target/<triple>/release/ where the backend finds it. Cross targets need their Rust standard
# library (rustup target add), the cross C drivers aarch64-linux-gnu-gcc / riscv64-linux-gnu-gcc
# and, to run the results, qemu-user. Usage: scripts/build-runtimes.sh [TRIPLE...]
set -euo pipefail
cd "$(dirname "$0")/.."

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu riscv64gc-unknown-linux-gnu)
fi

installed=$(rustup target list --installed 2>/dev/null || true)
for triple in "${targets[@]}"; do
    if ! grep -qx "$triple" <<<"$installed"; then
        rustup target add "$triple"
    fi
    echo "building liborus_rt.a for $triple"
    cargo build -p orus-rt --release --target "$triple"
done
