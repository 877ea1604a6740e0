#!/usr/bin/env bash
# Times orusc's two engines against the peers of ../shared/bench (Lua 5.4, LuaJIT, Python,
# node, C -O2, Go — whichever are installed) and prints the suite's tables of medians and
# ratios (vs Lua 5.4 and vs C).
#
# usage: benches/run.sh [-f FACTOR] [-i] [run.sh options...]
#   -f FACTOR  scale every program's work by FACTOR (default 1); the expected outputs are
#              regenerated from the C peer, so native runs can be made long enough to time
#   -i         interpreter only (skip `orusc build`)
#   other options go to ../shared/bench/run.sh (e.g. -b fib,loop_sum -n 3 -p c,lua5.4)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SUITE="${ORUS_BENCH_SUITE:-$ROOT/../shared/bench}"
FACTOR=1
NATIVE=1
PASS=()
while [ $# -gt 0 ]; do
    case "$1" in
        -f) FACTOR="$2"; shift 2 ;;
        -i) NATIVE=0; shift ;;
        *) PASS+=("$1"); shift ;;
    esac
done

(cd "$ROOT" && cargo build --release -q)
ORUSC="$ROOT/target/release/orusc"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/orusc-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
python3 "$ROOT/benches/scale.py" "$SUITE" "$WORK/bench" "$FACTOR"

ARGS=(-o orusc-run)
if [ "$NATIVE" = 1 ]; then
    ARGS+=(-C "$ORUSC build {src} -o {out}")
fi
echo "size factor: $FACTOR" >&2
"$WORK/bench/run.sh" "${ARGS[@]}" "${PASS[@]+"${PASS[@]}"}" "$ORUSC" run
