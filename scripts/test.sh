#!/usr/bin/env bash
# Sets up the machine (see setup.sh), then runs every test of the workspace, including the
# end-to-end programs in tests/programs. Extra arguments go to `cargo test`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# rustup installs cargo here; non-login shells (CI) may not have it on PATH yet.
if [[ -d "${HOME:-/root}/.cargo/bin" ]]; then
    PATH="${HOME:-/root}/.cargo/bin:$PATH"
fi

./scripts/setup.sh
# setup.sh built every runtime archive: tests that need one fail instead of skipping.
export CI="${CI:-true}"
cargo test --workspace "$@"
