#!/usr/bin/env python3
"""Copies ../shared/bench to OUT with every program's size knobs scaled by FACTOR.

Each benchmark has one or two size constants defined near the top of every version
(Orus, Lua, Python, JS, C, Go). They are rewritten in all versions alike, so the outputs
still agree; expected/<name>.txt is then regenerated from the C peer (gcc -O2), as the
suite's README prescribes. FACTOR 1 copies the suite unchanged.

usage: scale.py SUITE_DIR OUT_DIR FACTOR
"""
import math
import pathlib
import re
import shutil
import subprocess
import sys

# knob -> how a factor changes it; the work of each program grows about linearly in FACTOR.
KNOBS = {
    "fib": [("N", lambda v, f: v + round(math.log(f) / math.log(1.618)))],
    "loop_sum": [("OUTER", lambda v, f: round(v * f))],
    "sieve": [("REPS", lambda v, f: round(v * f))],
    "nbody": [("STEPS", lambda v, f: round(v * f))],
    "spectral_norm": [("N", lambda v, f: round(v * math.sqrt(f)))],
    "mandelbrot": [("N", lambda v, f: round(v * math.sqrt(f)))],
    "binary_trees": [("MAX_DEPTH", lambda v, f: v + round(math.log2(f)))],
    "string_build": [("ROUNDS", lambda v, f: round(v * f))],
    "sort": [("REPS", lambda v, f: round(v * f))],
    "matrix_mul": [("N", lambda v, f: round(v * f ** (1 / 3)))],
}

SUFFIXES = [".orus", ".lua", ".py", ".js", ".c", ".go"]


def rewrite(path: pathlib.Path, knob: str, change, factor: float) -> None:
    """Scales the first definition of `knob` in one source file."""
    text = path.read_text()
    pattern = re.compile(
        r"^(\s*(?:#define\s+|const\s+|local\s+)?" + knob + r"\b(?:[^=\n]*=|\s+)\s*)(\d+)", re.M
    )
    match = pattern.search(text)
    if match is None:
        raise SystemExit(f"scale.py: no definition of {knob} in {path}")
    value = change(int(match.group(2)), factor)
    path.write_text(text[: match.start(2)] + str(value) + text[match.end(2) :])


def main() -> None:
    suite, out, factor = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), float(sys.argv[3])
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(suite, out)
    if factor == 1:
        return
    for bench, knobs in KNOBS.items():
        files = [out / f"{bench}.orus"] + [out / "peers" / f"{bench}{s}" for s in SUFFIXES[1:]]
        for path in files:
            if path.exists():
                for knob, change in knobs:
                    rewrite(path, knob, change, factor)
        exe = out / f"{bench}.c-expected"
        subprocess.run(["gcc", "-O2", "-o", str(exe), str(out / "peers" / f"{bench}.c"), "-lm"], check=True)
        expected = subprocess.run([str(exe)], check=True, capture_output=True).stdout
        (out / "expected" / f"{bench}.txt").write_bytes(expected)
        exe.unlink()


if __name__ == "__main__":
    main()
