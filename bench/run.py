"""Benchmark of the installed command line: wall time and peak memory, as subprocesses.

    python bench/run.py [--runs N] [--quick] [--venv DIR]

What is measured is a wheel built from this checkout and installed into a fresh virtual
environment (made in a temporary folder, or in DIR with --venv, kept and reused to save the
dependencies' download), not the editable install of the checkout: the console script,
the compiled `.pyc` files and the dependencies are the ones a user gets. Every command runs
with its own empty result cache (`SCORECARD_CACHE_DIR` in a temporary folder).

Prints numbers only; nothing is asserted about time, and the exit code is 0 whatever the
numbers are (it is 1 only when a measured command fails or a cached output differs from an
uncached one, since its timings then mean nothing). The machine may be shared and noisy,
so every figure is a median over runs, shown with its minimum and interquartile range, and
set beside a baseline (`python -c pass`, the same interpreter) measured in the same run:
the commands of a section are run round-robin, one run of each in turn with the order
rotated every round, so that a burst of load hits them all alike.

1. Start-up, on the shipped data: `scorecard show --format json` and `scorecard show` run
   again on an unchanged file (the cache's case), the same two on a file never seen before
   (a fresh copy of the shipped data for every run: a first run, cache miss and store
   included), `--help` (a repeat: help texts are cached too; and, for information, with
   the cache off, as after an install or upgrade) and `--version`. A check first: the
   cached output is byte for byte the `--no-cache` output.
2. Synthetic data sets of about 10 (the floor), 1k, 10k and 100k observations written with
   tomli_w: `scorecard show --format json --no-cache --data FILE` (the computation, not
   the cache) beside a bare `tomllib.load` of the same file, with time per observation and
   peak resident memory. All sizes share one round-robin (the larger ones in fewer rounds,
   spread over it), so that load changing between sizes cannot pass for a scaling effect.
   The marginal cost per observation is the median, over the rounds a size ran in, of its
   time minus the floor file's time in the same round, over its observations.
3. A verdict per budget, PASS or OVER.

Peak memory is measured apart from time, in the one checked (and warm-up) run of each
command that precedes the timed ones: a small Python wrapper forks, execs the command and
reads its `ru_maxrss` with `os.wait4`. The fork matters: Linux carries a process's high-water
mark across exec, so a command spawned straight from this benchmark (whose own peak exceeds
170 MiB once it has generated the 100k file) would report the benchmark's peak, not its own.
The timed runs have no wrapper, so its start-up is not in any time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tomli_w

if TYPE_CHECKING:
    from collections.abc import Callable

REPO = Path(__file__).resolve().parents[1]

#: Budgets (section 3), as ratios to `python -c pass` unless said otherwise.
REPEAT_JSON_BUDGET = 8.0
REPEAT_TABLE_BUDGET = 12.0
FIRST_RUN_BUDGET = 20.0
HELP_VERSION_BUDGET = 7.0
#: 100k observations: show --format json against a bare tomllib.load, time and peak memory.
PARSE_RATIO_BUDGET = 0.6
MEMORY_RATIO_BUDGET = 2.0
#: Time per observation (marginal cost), max/min from 1k to 100k.
FLATNESS_BUDGET = 1.5

#: Synthetic sizes: (label, observations, runs, runs with --quick).
FLOOR_OBS = 10
SIZES: tuple[tuple[str, int, int, int], ...] = (
    # The floor and 1k differ by about 50 ms on runs of about 300 ms that each vary by tens
    # of milliseconds: 25 paired differences measured here had a median of 38 us per
    # observation and quartiles of 14 and 61 us. They run in enough rounds for the median
    # of the differences to be within a few microseconds.
    ("floor", FLOOR_OBS, 41, 15),
    ("1k", 1_000, 41, 15),
    ("10k", 10_000, 5, 2),
    ("100k", 100_000, 3, 1),
)

PARSE_SNIPPET = "import tomllib,sys; tomllib.load(open(sys.argv[1],'rb'))"


class BenchError(Exception):
    """A measured command failed or printed something unexpected."""


# ---------------------------------------------------------------------------------------
# Running and timing


@dataclass(frozen=True)
class Command:
    label: str
    argv: tuple[str, ...]
    #: Run before each timed run, untimed (a first-run command writes a new file).
    prepare: Callable[[], None] | None = None
    #: Variables set for this command only.
    env: tuple[tuple[str, str], ...] = ()


@dataclass
class Samples:
    #: Wall times in seconds, one per run, in run order (paired across commands by index).
    times: list[float] = field(default_factory=list)
    #: The round of each time (a command with fewer runs skips rounds).
    rounds: list[int] = field(default_factory=list)
    #: Peak resident set size in KiB of the checked run, when the platform reports it.
    rss_kib: int | None = None


@dataclass(frozen=True)
class Stats:
    median: float
    minimum: float
    q1: float
    q3: float
    n: int


def stats(values: list[float]) -> Stats:
    if not values:
        raise ValueError("no samples")
    if len(values) == 1:
        v = values[0]
        return Stats(v, v, v, v, 1)
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return Stats(q2, min(values), q1, q3, len(values))


def run_once(argv: tuple[str, ...], cwd: Path, env: dict[str, str]) -> float:
    """Wall seconds of one run, stdout and stderr discarded."""
    start = time.perf_counter()
    code = subprocess.call(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=cwd,
        env=env,
    )
    elapsed = time.perf_counter() - start
    if code != 0:
        raise BenchError(f"{' '.join(argv)} exited with {code}")
    return elapsed


#: `python -c RSS_WRAPPER RESULT_FILE COMMAND...`: fork, exec COMMAND, write its peak RSS in
#: KiB to RESULT_FILE, exit with its status. The forked child starts a fresh high-water mark
#: (that of this small process at the fork) instead of inheriting the benchmark's.
RSS_WRAPPER = """\
import os, sys
pid = os.fork()
if pid == 0:
    try:
        os.execv(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(str(usage.ru_maxrss // (1024 if sys.platform == "darwin" else 1)))
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""


def check_run(argv: tuple[str, ...], cwd: Path, env: dict[str, str]) -> tuple[str, str, int | None]:
    """Run once with output captured (also a warm-up): (stdout, stderr, peak RSS in KiB).

    Raises BenchError when the command fails. The peak is None where there is no fork.
    """
    with tempfile.TemporaryDirectory(prefix="scorecard-bench-rss-") as tmp:
        result = Path(tmp) / "maxrss"
        wrapped = hasattr(os, "fork") and hasattr(os, "wait4")
        full = (sys.executable, "-c", RSS_WRAPPER, str(result), *argv) if wrapped else argv
        # stdin as in the timed runs: the terminal's size is part of the cache key.
        done = subprocess.run(
            full,
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            stdin=subprocess.DEVNULL,
        )
        if done.returncode != 0:
            raise BenchError(
                f"{' '.join(argv)} exited with {done.returncode}:\n{done.stderr.strip()[-2000:]}"
            )
        rss = int(result.read_text()) if wrapped else None
    return done.stdout, done.stderr, rss


def spread_rounds(count: int, rounds: int) -> set[int]:
    """`count` of `rounds` rounds, spread evenly from the first to the last."""
    if count >= rounds:
        return set(range(rounds))
    if count == 1:
        return {rounds // 2}
    return {round(i * (rounds - 1) / (count - 1)) for i in range(count)}


def measure(
    commands: list[Command],
    runs: int,
    cwd: Path,
    env: dict[str, str],
    counts: dict[str, int] | None = None,
) -> dict[str, Samples]:
    """`runs` rounds; each round runs every command once, starting one later each round.

    A command given a smaller count in `counts` runs in that many rounds, spread over the
    whole measurement, so that it meets the same changes in load as the others.
    """
    out = {c.label: Samples() for c in commands}
    chosen = {c.label: spread_rounds((counts or {}).get(c.label, runs), runs) for c in commands}
    # A progress counter on a terminal only, so that redirected output stays clean.
    progress = sys.stderr.isatty()
    for r in range(runs):
        active = [c for c in commands if r in chosen[c.label]]
        shift = r % len(active)
        for cmd in active[shift:] + active[:shift]:
            if cmd.prepare is not None:
                cmd.prepare()
            out[cmd.label].times.append(run_once(cmd.argv, cwd, {**env, **dict(cmd.env)}))
            out[cmd.label].rounds.append(r)
        if progress:
            print(f"\r  round {r + 1}/{runs}", end="", file=sys.stderr, flush=True)
    if progress:
        print("\r" + " " * 24 + "\r", end="", file=sys.stderr, flush=True)
    return out


def paired_over(cmd: Samples, base: Samples) -> float:
    """Median over rounds of (command - baseline) in the same round, in seconds."""
    return statistics.median(c - b for c, b in zip(cmd.times, base.times, strict=True))


# ---------------------------------------------------------------------------------------
# Formatting


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:8.1f} ms"


def duration(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds >= 10 else f"{seconds * 1e3:.0f} ms"


def us(seconds: float) -> str:
    return f"{seconds * 1e6:7.1f} us"


def mib(kib: int) -> str:
    return f"{kib / 1024:7.1f} MiB"


def peak(s: Samples) -> str:
    return "      n/a" if s.rss_kib is None else mib(s.rss_kib)


@dataclass(frozen=True)
class Install:
    """The benchmark's own installation of the wheel."""

    python: str
    script: str
    wheel: str


def _environment(install: Install, env: dict[str, str]) -> None:
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        affinity = os.cpu_count() or 0
    try:
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover
        load = "n/a"
    try:
        rev = subprocess.run(
            ["git", "-C", str(REPO), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        rev = "n/a"
    version, _, _ = check_run((install.script, "--version"), REPO, env)
    packages = subprocess.run(
        [install.python, "-m", "pip", "list", "--format", "freeze"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    wanted = ("typer", "pydantic", "pydantic_core", "rich", "tomli")
    picked = [p for p in packages if p.split("==")[0].lower().replace("-", "_") in wanted]
    print(f"scorecard:  {version.strip()}  (wheel {Path(install.wheel).name}, git {rev})")
    print(f"installed:  {install.script}  ({', '.join(picked)})")
    print(f"python:     {install.python}  ({platform.python_version()})")
    print(f"machine:    {platform.platform()}; {os.cpu_count()} CPUs, {affinity} usable")
    print(f"load avg:   {load} (at start)")


# ---------------------------------------------------------------------------------------
# Section 1: start-up


@dataclass(frozen=True)
class StartupResult:
    base: Stats
    #: label -> stats, for every command of the section.
    commands: dict[str, Stats]


REPEAT_JSON = "show --format json (repeat)"
REPEAT_TABLE = "show (repeat)"
FIRST_JSON = "show --format json (first run)"
FIRST_TABLE = "show (first run)"
HELP = "--help"
HELP_UNCACHED = "--help (cache off)"
VERSION = "--version"


def startup_section(runs: int, env: dict[str, str], install: Install) -> StartupResult:
    py, script = install.python, install.script
    with tempfile.TemporaryDirectory(prefix="scorecard-bench-") as tmp:
        cwd = Path(tmp)
        # An empty working directory and no $SCORECARD_DATA: `show` reads the bundled
        # dataset, as it does for a user with no data file of their own.
        out, _, _ = check_run((script, "show", "--format", "json", "--no-cache"), cwd, env)
        report = json.loads(out)
        shipped = Path(report["data_file"].removesuffix(" (bundled dataset)"))
        print(f"\n== 1. Start-up: {report['data_file']} ==")
        _check_cache(cwd, env, script)

        fresh = cwd / "new.toml"
        counter = iter(range(1_000_000))
        text = shipped.read_bytes()

        def new_file() -> None:
            # A file never seen before: the shipped data and a comment no run has hashed.
            fresh.write_bytes(text + f"\n# first run {next(counter)}\n".encode())

        new_file()
        commands = [
            Command("python -c pass", (py, "-c", "pass")),
            Command(REPEAT_JSON, (script, "show", "--format", "json")),
            Command(REPEAT_TABLE, (script, "show")),
            Command(
                FIRST_JSON, (script, "show", "--format", "json", "--data", str(fresh)), new_file
            ),
            Command(FIRST_TABLE, (script, "show", "--data", str(fresh)), new_file),
            Command(HELP, (script, "--help")),
            # A first --help after an install or an upgrade: no budget, shown for honesty.
            Command(HELP_UNCACHED, (script, "--help"), env=(("SCORECARD_NO_CACHE", "1"),)),
            Command(VERSION, (script, "--version")),
        ]
        print(f"{runs} interleaved runs of each command; stdout to /dev/null\n")
        peaks = {c.label: check_run(c.argv, cwd, {**env, **dict(c.env)})[2] for c in commands}
        samples = measure(commands, runs, cwd, env)
        for label, rss in peaks.items():
            samples[label].rss_kib = rss

    base = samples["python -c pass"]
    base_median = stats(base.times).median
    print(
        f"{'command (scorecard ...)':<32} {'median':>11} {'min':>11} {'IQR (q1-q3)':>19}"
        f" {'x python':>9} {'+ python':>11} {'peak RSS':>11}"
    )
    for cmd in commands:
        s = samples[cmd.label]
        st = stats(s.times)
        iqr = f"{st.q1 * 1e3:.1f}-{st.q3 * 1e3:.1f} ms"
        over = "" if s is base else ms(paired_over(s, base))
        print(
            f"{cmd.label:<32} {ms(st.median):>11} {ms(st.minimum):>11} {iqr:>19}"
            f" {st.median / base_median:>8.2f}x {over:>11} {peak(s):>11}"
        )
    print(
        "\n'x python': ratio of medians; '+ python': median of the per-round differences;"
        "\n'peak RSS': the command's own maximum resident set, from one untimed run."
    )
    return StartupResult(
        stats(base.times), {c.label: stats(samples[c.label].times) for c in commands}
    )


def _check_cache(cwd: Path, env: dict[str, str], script: str) -> None:
    """A repeat run prints what an uncached run prints, byte for byte, or nothing is timed."""
    for args in (("show", "--format", "json"), ("show",)):
        uncached = check_run((script, *args, "--no-cache"), cwd, env)[:2]
        first = check_run((script, *args), cwd, env)[:2]
        repeat = check_run((script, *args), cwd, env)[:2]
        if not uncached == first == repeat:
            raise BenchError(f"scorecard {' '.join(args)}: the cached output differs")
    off = {**env, "SCORECARD_NO_CACHE": "1"}
    uncached = check_run((script, "--help"), cwd, off)[:2]
    if (
        not uncached
        == check_run((script, "--help"), cwd, env)[:2]
        == (check_run((script, "--help"), cwd, env)[:2])
    ):
        raise BenchError("scorecard --help: the cached output differs")
    print("cache check: repeat runs print exactly what --no-cache prints (json, table, --help)")


# ---------------------------------------------------------------------------------------
# Section 2: synthetic data

_TEXT = (
    "the government reported that seizures rose fell in the year under review while "
    "programme funding for police courts border crossings remained below target according "
    "to officials who said progress was slow uneven steady limited substantial measurable "
    "estimated about more than fewer than between and of cases arrests convictions"
)
WORDS = tuple(_TEXT.split())


def _quote(rng: random.Random) -> str:
    # Long enough that tomli_w writes observations as [[indicators.observations]] tables,
    # as the shipped file does, rather than as one inline table per line.
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 32))).capitalize()


def _numeric_value(rng: random.Random, lo: float, hi: float) -> dict[str, Any]:
    """One of exact, at_least, at_most or a low/high range, within [lo, hi]."""
    a, b = sorted((round(rng.uniform(lo, hi), 2), round(rng.uniform(lo, hi), 2)))
    pick = rng.random()
    if pick < 0.55:
        return {"value": a}
    if pick < 0.7:
        return {"at_least": a}
    if pick < 0.85:
        return {"at_most": b}
    return {"low": a, "high": b}


def _observation(
    rng: random.Random, year: int, value: dict[str, Any], primary: str
) -> dict[str, Any]:
    obs: dict[str, Any] = {"year": year, **value}
    if rng.random() < 0.1:
        obs["period"] = "January-September"
    if rng.random() < 0.15:
        obs.update(
            source="synthetic-external",
            external=True,
            url=f"https://example.org/series/{year}",
        )
    else:
        obs["source"] = primary
    obs["quote"] = _quote(rng)
    if rng.random() < 0.5:
        obs["page"] = rng.randint(1, 400)
    if rng.random() < 0.3:
        obs["section"] = f"Section {rng.randint(1, 12)}"
    if rng.random() < 0.1:
        obs["note"] = "Synthetic note: " + _quote(rng)
    return obs


def synthetic_document(total: int, seed: int = 20110401) -> tuple[dict[str, Any], int]:
    """A valid scorecard with exactly `total` observations; (document, indicator count).

    Five pillars; indicators of 10-100 observations (fewer for tiny totals) each, one per
    year in 1900-2100, the last within `max_age` of 2100 so that most are scored. Methods
    cycle through goalposts, target, ordinal, log goalposts and context (not scored), and
    pillars through all five, so every pillar has a scored indicator.
    """
    rng = random.Random(seed)
    primary = "synthetic-primary"
    n_pillars = 5
    scales: list[dict[str, Any]] = [
        {
            "id": "stage",
            "name": "Stage",
            "levels": [
                {"name": n, "label": n.capitalize()}
                for n in ("none", "proposed", "adopted", "partial", "implemented")
            ],
        },
        {
            "id": "effort",
            "name": "Effort",
            "levels": [
                {"name": n, "score": s}
                for n, s in (("none", 0.0), ("limited", 30.0), ("moderate", 60.0), ("full", 100.0))
            ],
        },
    ]
    scale_levels = {s["id"]: [lv["name"] for lv in s["levels"]] for s in scales}
    low_count = max(1, min(10, total // n_pillars))
    high_count = max(low_count, min(100, total // n_pillars))
    indicators: list[dict[str, Any]] = []
    remaining = total
    while remaining > 0:
        i = len(indicators)
        count = min(rng.randint(low_count, high_count), remaining)
        remaining -= count
        # The last year within max_age of 2100, the others anywhere before it.
        years = sorted([*rng.sample(range(1900, 2096), count - 1), rng.randint(2096, 2100)])
        method = ("goalposts", "target", "ordinal", "log", "none")[(i // n_pillars) % 5]
        ind: dict[str, Any] = {
            "id": f"ind-{i:06d}",
            "pillar": f"pillar-{i % n_pillars + 1}",
            "name": f"Synthetic indicator {i}",
            "unit": "cases a year",
            "description": "A generated indicator for the benchmark.",
            "weight": round(rng.uniform(0.5, 2.0), 2),
        }
        obs: list[dict[str, Any]] = []
        if method == "ordinal":
            scale = ("stage", "effort")[i % 2]
            ind["scoring"] = {"method": "ordinal", "scale": scale}
            ind["target"] = {"level": scale_levels[scale][-1], "year": 2100, "rationale": "Full."}
            for y in years:
                value = {"level": rng.choice(scale_levels[scale])}
                obs.append(_observation(rng, y, value, primary))
        else:
            lo, hi = (1.0, 1000.0) if method == "log" else (0.0, 100.0)
            direction = rng.choice(("higher", "lower"))
            if method != "none":
                ind["direction"] = direction
            if method == "goalposts":
                ind["scoring"] = {"method": "goalposts", "min": lo, "max": hi, "rationale": "X."}
            elif method == "log":
                ind["scoring"] = {
                    "method": "goalposts",
                    "min": lo,
                    "max": hi,
                    "log": True,
                    "rationale": "Orders of magnitude.",
                }
            elif method == "target":
                base, goal = (20.0, 80.0) if direction == "higher" else (80.0, 20.0)
                ind["scoring"] = {"method": "target", "baseline": base, "baseline_year": 1900}
                ind["target"] = {"value": goal, "year": 2100, "rationale": "Stated aim."}
            else:
                ind["scoring"] = {"method": "none"}
                ind["notes"] = "Context only."
            # Stray a little past the goalposts (clipping), but stay positive for logs.
            span = (hi - lo) * 0.1
            for y in years:
                value = _numeric_value(
                    rng, max(lo * 0.5, lo - span) if method == "log" else lo - span, hi + span
                )
                obs.append(_observation(rng, y, value, primary))
        ind["observations"] = obs
        indicators.append(ind)

    doc: dict[str, Any] = {
        "scorecard": {
            "title": f"Synthetic scorecard, {total} observations",
            "description": "Generated by bench/run.py.",
            "primary_source": primary,
            "max_age": 5,
            "min_coverage": 0.5,
        },
        "sources": [
            {"id": primary, "title": "Synthetic primary source", "date": "2100"},
            {
                "id": "synthetic-external",
                "title": "Synthetic external series",
                "url": "https://example.org/series",
            },
        ],
        "pillars": [
            {
                "id": f"pillar-{p}",
                "name": f"Pillar {p}",
                "description": "A generated pillar.",
                "assessment": {"source": primary, "quote": "Steady advances, slow results."},
            }
            for p in range(1, n_pillars + 1)
        ],
        "scales": scales,
        "indicators": indicators,
    }
    return doc, len(indicators)


@dataclass(frozen=True)
class SizeResult:
    label: str
    observations: int
    indicators: int
    file_bytes: int
    base: Samples
    parse: Samples
    show: Samples


def synthetic_section(quick: bool, env: dict[str, str], install: Install) -> list[SizeResult]:
    py, script = install.python, install.script
    results: list[SizeResult] = []
    print(
        "\n== 2. Synthetic data: show --format json --no-cache --data FILE"
        " vs a bare tomllib parse =="
    )
    with tempfile.TemporaryDirectory(prefix="scorecard-bench-") as tmp:
        cwd = Path(tmp)
        base = Command("base", (py, "-c", "pass"))
        commands = [base]
        peaks = {base.label: check_run(base.argv, cwd, env)[2]}
        counts: dict[str, int] = {}
        made: list[tuple[str, int, int, int]] = []
        for label, total, normal_runs, quick_runs in SIZES:
            runs = quick_runs if quick else normal_runs
            path = cwd / f"synthetic-{label}.toml"
            start = time.perf_counter()
            doc, n_ind = synthetic_document(total)
            path.write_bytes(tomli_w.dumps(doc).encode())
            took = time.perf_counter() - start
            size = path.stat().st_size
            show = (script, "show", "--format", "json", "--no-cache", "--data", str(path))
            parse = (py, "-c", PARSE_SNIPPET, str(path))
            # One checked run first: valid, every indicator reported, no warnings.
            out, err, show_rss = check_run(show, cwd, env)
            report = json.loads(out)
            shown = sum(len(p["indicators"]) for p in report["pillars"])
            scored = sum(
                1 for p in report["pillars"] for i in p["indicators"] if i["state"] == "scored"
            )
            if shown != n_ind:
                raise BenchError(f"{label}: show reported {shown} of {n_ind} indicators")
            parse_rss = check_run(parse, cwd, env)[2]
            peaks[f"show {label}"], peaks[f"parse {label}"] = show_rss, parse_rss
            print(
                f"{label:>5}: {total:>7} observations, {n_ind:>5} indicators ({scored} scored"
                f" at {report['year']}), {size / 2**20:6.2f} MiB TOML, written in"
                f" {duration(took)}; {runs} runs"
            )
            if err.strip():
                print(f"       note: show wrote to stderr: {err.strip().splitlines()[0]}")
            commands += [Command(f"parse {label}", parse), Command(f"show {label}", show)]
            counts[f"parse {label}"] = counts[f"show {label}"] = runs
            made.append((label, total, n_ind, size))
        # Every size in one round-robin, the big ones in rounds spread over the whole
        # measurement, so that a change in load between sizes cannot pass for scaling.
        rounds = max(counts.values())
        print(
            f"All sizes interleaved in {rounds} rounds with python -c pass in every round;"
            " fewer runs of the larger sizes, spread over the rounds."
        )
        samples = measure(commands, rounds, cwd, env, counts)
        for label, rss in peaks.items():
            samples[label].rss_kib = rss
    for label, total, n_ind, size in made:
        results.append(
            SizeResult(
                label,
                total,
                n_ind,
                size,
                samples["base"],
                samples[f"parse {label}"],
                samples[f"show {label}"],
            )
        )

    base_stats = stats(results[0].base.times)
    print(
        f"\npython -c pass: median {duration(base_stats.median)}, min"
        f" {duration(base_stats.minimum)} ({base_stats.n} runs, peak RSS"
        f" {peak(results[0].base).strip()})"
    )
    print(
        f"{'size':>5} {'tomllib parse':>14} {'parse IQR':>17} {'show json':>12}"
        f" {'show IQR':>17} {'show/parse':>10} {'net ratio':>9} {'RSS parse':>11}"
        f" {'RSS show':>11}"
    )
    for r in results:
        b, p, s = stats(r.base.times), stats(r.parse.times), stats(r.show.times)
        net = (s.median - b.median) / (p.median - b.median)
        p_iqr = f"{duration(p.q1)}-{duration(p.q3)}"
        s_iqr = f"{duration(s.q1)}-{duration(s.q3)}"
        print(
            f"{r.label:>5} {duration(p.median):>14} {p_iqr:>17} {duration(s.median):>12}"
            f" {s_iqr:>17} {s.median / p.median:>9.2f}x {net:>8.2f}x"
            f" {peak(r.parse):>11} {peak(r.show):>11}"
        )
    print(
        "(medians; 'net ratio' = (show - python) / (parse - python); RSS: the command's own"
        " peak, one untimed run)"
    )

    floor = next(r for r in results if r.label == "floor")
    floor_show = stats(floor.show.times).median
    print(
        f"\nPer observation (A = whole command / n; B = (show - python -c pass) / n;"
        f"\nC = (show - show on the {FLOOR_OBS}-observation floor file in the same round) / n,"
        f"\n    median over the rounds: the marginal cost;"
        f"\nD = (tomllib parse - python -c pass) / n, the parse alone):"
    )
    print(f"{'size':>5} {'A whole':>11} {'B - python':>11} {'C - floor':>11} {'D parse':>11}")
    for row in per_obs_rows(results):
        print(
            f"{row.label:>5} {us(row.whole):>11} {us(row.net):>11} {us(row.marginal):>11}"
            f" {us(row.parse):>11}"
        )
    print(f"(the floor file's show median is {duration(floor_show)})")
    return results


@dataclass(frozen=True)
class PerObs:
    label: str
    whole: float
    net: float
    marginal: float
    parse: float


def per_obs_rows(results: list[SizeResult]) -> list[PerObs]:
    floor = next(r for r in results if r.label == "floor")
    floor_by_round = dict(zip(floor.show.rounds, floor.show.times, strict=True))
    rows = []
    for r in results:
        if r.label == "floor":
            continue
        n = r.observations
        b, p, s = stats(r.base.times), stats(r.parse.times), stats(r.show.times)
        # Paired by round, as `paired_over` does: the floor file ran in every round, so a
        # burst of load that slows one round slows both sides of its difference.
        marginal = statistics.median(
            t - floor_by_round[rd] for t, rd in zip(r.show.times, r.show.rounds, strict=True)
        )
        rows.append(
            PerObs(
                r.label,
                s.median / n,
                (s.median - b.median) / n,
                marginal / n,
                (p.median - b.median) / n,
            )
        )
    return rows


# ---------------------------------------------------------------------------------------
# Section 3: verdicts


def _flatness(values: list[float], labels: list[str]) -> tuple[float, str]:
    """(max/min, how it moves from the smallest size to the largest)."""
    spread = max(values) / min(values)
    top = labels[values.index(max(values))]
    if values == sorted(values, reverse=True):
        trend = "falls"
    elif values == sorted(values):
        trend = "rises"
    else:
        trend = f"not monotone: highest at {top}"
    return spread, trend


def verdict_section(startup: StartupResult, results: list[SizeResult]) -> None:
    print("\n== 3. Verdict (informational; the exit code is 0 whatever these say) ==")
    base = startup.base.median

    def line(ok: bool, text: str) -> None:
        print(f"[{'PASS' if ok else 'OVER'}] {text}")

    for label, budget in (
        (REPEAT_JSON, REPEAT_JSON_BUDGET),
        (REPEAT_TABLE, REPEAT_TABLE_BUDGET),
        (FIRST_JSON, FIRST_RUN_BUDGET),
        (FIRST_TABLE, FIRST_RUN_BUDGET),
        (HELP, HELP_VERSION_BUDGET),
        (VERSION, HELP_VERSION_BUDGET),
    ):
        st = startup.commands[label]
        ratio = st.median / base
        line(
            ratio <= budget,
            f"scorecard {label}: {ratio:.2f}x python -c pass (budget <= {budget:g}x;"
            f" median {duration(st.median)} vs {duration(base)})",
        )

    uncached = startup.commands[HELP_UNCACHED]
    print(
        f"[info] scorecard --help with the cache off, as after an install or upgrade:"
        f" {uncached.median / base:.2f}x python -c pass (median {duration(uncached.median)};"
        " no budget: the budget is for --help as users repeat it)"
    )

    big = results[-1]
    p, s = stats(big.parse.times), stats(big.show.times)
    ratio = s.median / p.median
    line(
        ratio <= PARSE_RATIO_BUDGET,
        f"{big.label}: show --format json {duration(s.median)} = {ratio:.2f}x a bare"
        f" tomllib.load {duration(p.median)} (budget <= {PARSE_RATIO_BUDGET:g}x)",
    )
    if big.show.rss_kib is not None and big.parse.rss_kib is not None:
        memory = big.show.rss_kib / big.parse.rss_kib
        line(
            memory <= MEMORY_RATIO_BUDGET,
            f"{big.label}: peak memory {mib(big.show.rss_kib).strip()} = {memory:.2f}x the bare"
            f" load's {mib(big.parse.rss_kib).strip()} (budget <= {MEMORY_RATIO_BUDGET:g}x)",
        )
    else:  # pragma: no cover - no fork/wait4 here
        print("[OVER] peak memory: not measurable on this platform")

    rows = per_obs_rows(results)
    span = f"{rows[0].label}->{rows[-1].label}"
    labels = [r.label for r in rows]
    marg_spread, marg_trend = _flatness([r.marginal for r in rows], labels)
    net_spread, net_trend = _flatness([r.net for r in rows], labels)
    line(
        marg_spread <= FLATNESS_BUDGET,
        f"time per observation flat {span}, marginal cost (show - show on the"
        f" {FLOOR_OBS}-observation file, paired by round) / n: "
        f"{' -> '.join(us(r.marginal).strip() for r in rows)}, max/min {marg_spread:.2f}x"
        f" ({marg_trend}; budget <= {FLATNESS_BUDGET:g}x)",
    )
    print(
        f"       for comparison, (show - python -c pass) / n:"
        f" {' -> '.join(us(r.net).strip() for r in rows)}, max/min {net_spread:.2f}x"
        f" ({net_trend}: the fixed start-up spread over more observations)"
    )


# ---------------------------------------------------------------------------------------


def _quietly(argv: list[str]) -> None:
    """Run an installation step; its chatter is shown only when it fails."""
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BenchError(f"{' '.join(argv)} failed:\n{done.stdout}{done.stderr}")


def install_wheel(venv: Path) -> Install:
    """Build a wheel of this checkout and install it, with its dependencies, into `venv`."""
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / ("python.exe" if os.name == "nt" else "python")
    if not python.exists():
        _quietly([sys.executable, "-m", "venv", str(venv)])
    wheels = venv / "wheels"
    shutil.rmtree(wheels, ignore_errors=True)
    pip = ("-m", "pip", "--disable-pip-version-check")
    _quietly([sys.executable, *pip, "wheel", "--no-deps", "-w", str(wheels), str(REPO)])
    [wheel] = wheels.glob("scorecard-*.whl")
    # The dependencies as the wheel declares them; the wheel itself always anew.
    _quietly([str(python), *pip, "install", str(wheel)])
    _quietly([str(python), *pip, "install", "--force-reinstall", "--no-deps", str(wheel)])
    script = bin_dir / ("scorecard.exe" if os.name == "nt" else "scorecard")
    return Install(str(python), str(script), str(wheel))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--runs", type=int, default=None, help="runs of each start-up command (default 21)"
    )
    parser.add_argument(
        "--quick", action="store_true", help="fewer runs (5 start-up, 1-3 synthetic)"
    )
    parser.add_argument(
        "--venv",
        type=Path,
        default=None,
        help="install into (and keep) this virtual environment instead of a temporary one",
    )
    args = parser.parse_args(argv)
    runs: int = args.runs if args.runs is not None else (5 if args.quick else 21)
    if runs < 1:
        parser.error("--runs must be at least 1")

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="scorecard-bench-venv-") as tmp:
        try:
            install = install_wheel(args.venv.resolve() if args.venv else Path(tmp) / "venv")
        except BenchError as err:
            print(f"bench: could not install the wheel: {err}")
            return 1
        env = dict(os.environ)
        for var in list(env):
            if var.startswith(("SCORECARD_", "PYTHON")) or var in {"VIRTUAL_ENV", "FORCE_COLOR"}:
                del env[var]
        env["SCORECARD_CACHE_DIR"] = str(Path(tmp) / "cache")
        try:
            _environment(install, env)
            startup = startup_section(runs, env, install)
            results = synthetic_section(args.quick, env, install)
            verdict_section(startup, results)
        except BenchError as err:
            print(f"\nbench: a measured command failed, so its numbers mean nothing: {err}")
            return 1
    print(f"\n(benchmark took {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
