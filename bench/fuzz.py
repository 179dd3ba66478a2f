"""Fuzz `validate` and `show --format json` with damaged copies of the shipped dataset.

    python bench/fuzz.py [--count 10000] [--seed 14] [--budget 2.0]

Each variant is the shipped file after one to four random edits (delete, duplicate or swap
lines; replace a value with an extreme or hostile token; insert bytes; insert pathological
white space; truncate). Every variant goes through `scorecard validate` and
`scorecard show --format json`, run in this process (Typer's test runner: the commands'
own code, without a new interpreter each time). A run fails when it exits 70 (a bug), lets
a traceback out, prints NaN or Infinity, or takes longer than the budget. The budget is
judged on the process's CPU time, so that a machine busy with other work does not fail a
run; the wall-clock time is printed too. The script prints the counts and the slowest runs,
and exits 1 when anything failed.
"""

from __future__ import annotations

import argparse
import random
import signal
import sys
import tempfile
import time
from pathlib import Path

from typer.testing import CliRunner, Result

from scorecard.cli import app
from scorecard.load import bundled_data_path

#: Values a careless or hostile file may hold, each as it stands after `key =`.
TOKENS = [
    b"nan",
    b"-inf",
    b"1e999",
    b"1e308",
    b"-1e308",
    b"1.7976931348623157e308",
    b"-1.7976931348623157e308",
    b"5e-324",
    b"-5e-324",
    b"0",
    b"-0.0",
    b"1" + b"0" * 5000,
    b"0x" + b"f" * 5000,
    b"1" + b"0" * 400,
    b"99999999999999999999999",
    b'"\xe2\x80\xaegnp.exe"',
    b'"\xe2\x81\xa6x\xe2\x81\xa9\xe2\x80\x8by"',
    b'"=HYPERLINK(\\"http://x\\",\\"y\\")"',
    b"\"+cmd|' /C calc'!A0\"",
    b'"@SUM(1)"',
    b'"a\xe2\x80\xa8b\xe2\x80\xa9c\xc2\x85d"',
    b'"' + b"x" * 100_000 + b'"',
    b'[\n["x",' + b" " * 60_000 + b'"y"], "z",\n]',
    b"[" + b" " * 60_000 + b"1]",
    b'{ method = "goalposts", min = -1e308, max = 1e308, rationale = "r" }',
    b'{ method = "target", baseline = -1e308 }',
    b"true",
    b'""',
    b"[]",
    b"{}",
    b"[",
    b'"""',
    b"2010-01-01",
]

WHITESPACE = [b" " * 60_000, b"\t" * 10_000, b"\r\n" * 1000, b"\n" * 10_000, b"\x0c", b"\xc2\xa0"]


def damaged(base: list[bytes], rng: random.Random) -> bytes:
    lines = list(base)
    for _ in range(rng.randint(1, 4)):
        if not lines:
            break
        op = rng.choice(["delete", "duplicate", "swap", "value", "value", "bytes", "space", "cut"])
        i = rng.randrange(len(lines))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "value":
            with_values = [n for n, line in enumerate(lines) if b"=" in line]
            if with_values:
                n = rng.choice(with_values)
                lines[n] = lines[n].split(b"=", 1)[0] + b"= " + rng.choice(TOKENS)
        elif op == "bytes":
            column = rng.randint(0, len(lines[i]))
            junk = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
            lines[i] = lines[i][:column] + junk + lines[i][column:]
        elif op == "space":
            column = rng.randint(0, len(lines[i]))
            lines[i] = lines[i][:column] + rng.choice(WHITESPACE) + lines[i][column:]
        else:
            lines = lines[:i]
    return b"\n".join(lines)


def _problem(result: Result, took: float, wall: float, budget: float) -> str | None:
    """What is wrong with one run, or None."""
    if result.exit_code == 70:
        return "exit 70"
    if "Traceback" in result.output or (
        result.exception is not None and not isinstance(result.exception, SystemExit)
    ):
        return f"uncaught {result.exception!r}"
    if "NaN" in result.stdout or "Infinity" in result.stdout:
        return "NaN or Infinity in the output"
    if took > budget:
        return f"took {took:.2f} s of CPU ({wall:.2f} s wall clock)"
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--budget", type=float, default=2.0, help="seconds per run")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    base = bundled_data_path().read_bytes().split(b"\n")
    runner = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "80", "SCORECARD_DATA": None})
    failures: list[str] = []
    exits: dict[tuple[str, int], int] = {}
    slowest: list[tuple[float, str, int]] = []
    runs = 0
    slowest_wall = 0.0
    # One run of the undamaged file first, so that no variant is charged the imports.
    runner.invoke(app, ["show", "--format", "json"])
    started = time.perf_counter()
    # A SIGTERM (a time limit) ends the run early; the variants done are still reported.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    done = 0
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzzed.toml"
        try:
            for n in range(args.count):
                data = damaged(base, rng)
                path.write_bytes(data)
                for command in (
                    ["validate", str(path)],
                    ["show", "--format", "json", "--data", str(path)],
                ):
                    t0, c0 = time.perf_counter(), time.process_time()
                    result = runner.invoke(app, command)
                    wall, took = time.perf_counter() - t0, time.process_time() - c0
                    slowest_wall = max(slowest_wall, wall)
                    runs += 1
                    key = (command[0], result.exit_code)
                    exits[key] = exits.get(key, 0) + 1
                    slowest = sorted([*slowest, (took, command[0], n)], reverse=True)[:5]
                    problem = _problem(result, took, wall, args.budget)
                    if problem:
                        failures.append(f"variant {n} ({command[0]}): {problem}")
                        Path(f"fuzz-failure-{args.seed}-{n}.toml").write_bytes(data)
                done = n + 1
                if done % 250 == 0:
                    elapsed = time.perf_counter() - started
                    print(f"{done} variants, {len(failures)} failures, {elapsed:.0f} s", flush=True)
        except KeyboardInterrupt:
            print(f"stopped after {done} variants", flush=True)
    print(
        f"variants: {done} of {args.count} (seed {args.seed}); runs: {runs}; budget "
        f"{args.budget} s of CPU per run"
    )
    for (name, code), count in sorted(exits.items()):
        print(f"  {name:8} exit {code}: {count}")
    print("slowest runs (CPU): " + ", ".join(f"{t:.2f} s ({c} #{n})" for t, c, n in slowest))
    print(f"slowest run (wall clock): {slowest_wall:.2f} s")
    print(f"failures: {len(failures)}")
    for line in failures[:50]:
        print("  " + line)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
