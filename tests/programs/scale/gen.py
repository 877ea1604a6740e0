#!/usr/bin/env python3
"""Generates the scale programs beside this file: run `python3 tests/programs/scale/gen.py`.

* many_locals: one function with 1,000 simultaneously live locals (each depends on the
  parameter, and all are summed only at the end, so none can be folded or freed early);
* many_globals: a module with 10,000 globals, read back by a loop-free sum and a function.
"""
from pathlib import Path

HERE = Path(__file__).resolve().parent
LOCALS = 1000
GLOBALS = 10000


def many_locals() -> tuple[str, str]:
    lines = ["// One function with %d locals that are all live until the final sum." % LOCALS]
    lines.append("fn spread(seed: i32) -> i32:")
    lines += ["    v%d = seed + %d" % (i, i) for i in range(LOCALS)]
    lines.append("    mut total = 0")
    # Sum in reverse order of definition so every local stays live until the sum starts.
    lines += ["    total += v%d" % i for i in reversed(range(LOCALS))]
    lines.append("    return total")
    lines.append("print(spread(7))")
    lines.append("print(spread(-3))")
    base = sum(range(LOCALS))
    out = "%d\n%d\n" % (LOCALS * 7 + base, LOCALS * -3 + base)
    return "\n".join(lines) + "\n", out


def many_globals() -> tuple[str, str]:
    lines = ["// A module with %d globals." % GLOBALS]
    lines += ["g%d = %d" % (i, i * 3 - 7) for i in range(GLOBALS)]
    lines.append("fn last_two() -> i32:")
    lines.append("    return g%d + g%d" % (GLOBALS - 1, GLOBALS - 2))
    lines.append("mut total = 0")
    lines += ["total += g%d" % i for i in range(GLOBALS)]
    lines.append("print(total)")
    lines.append("print(g0, g5000, last_two())")
    values = [i * 3 - 7 for i in range(GLOBALS)]
    out = "%d\n%d %d %d\n" % (sum(values), values[0], values[5000], values[-1] + values[-2])
    return "\n".join(lines) + "\n", out


for name, (source, expected) in {
    "many_locals": many_locals(),
    "many_globals": many_globals(),
}.items():
    (HERE / (name + ".orus")).write_text(source)
    (HERE / (name + ".out")).write_text(expected)
