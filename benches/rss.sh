#!/usr/bin/env bash
# Peak resident memory (KiB, from /usr/bin/time) of one benchmark in both orusc engines and
# in its C peer (gcc -O2).
#
# usage: benches/rss.sh [NAME]      (default: binary_trees)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SUITE="${ORUS_BENCH_SUITE:-$ROOT/../shared/bench}"
NAME="${1:-binary_trees}"
(cd "$ROOT" && cargo build --release -q)
ORUSC="$ROOT/target/release/orusc"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/orusc-rss.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
"$ORUSC" build "$SUITE/$NAME.orus" -o "$WORK/native"
gcc -O2 -o "$WORK/c" "$SUITE/peers/$NAME.c" -lm
peak() {
    /usr/bin/time -f "%M" -o "$WORK/rss" "$@" >"$WORK/out"
    if ! cmp -s "$WORK/out" "$SUITE/expected/$NAME.txt"; then
        echo "wrong output from: $*" >&2
        exit 1
    fi
    cat "$WORK/rss"
}
printf '| %s | peak RSS (KiB) |\n|---|---|\n' "$NAME"
printf '| orusc run | %s |\n' "$(peak "$ORUSC" run "$SUITE/$NAME.orus")"
printf '| orusc build | %s |\n' "$(peak "$WORK/native")"
printf '| C -O2 | %s |\n' "$(peak "$WORK/c")"
