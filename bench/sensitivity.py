"""Benchmark of `scorecard sensitivity` on the shipped data, from an installed wheel.

    python bench/sensitivity.py [--rounds N] [--quick]

Builds a wheel of this checkout, installs it (without dependencies, which come from the
running environment) into a temporary folder put first on PYTHONPATH, checks that
`scorecard` is imported from there, and times, round-robin as bench/run.py does:

* `python -c pass` (the baseline, measured in the same rounds);
* `python -m scorecard --version` (start-up without numpy);
* `python -m scorecard sensitivity --seed 1 --runs N --format json` for N = 1k, 10k, 50k.

It prints medians with their minimum and interquartile range, the ratio to `python -c
pass`, absolute seconds, runs per second net of start-up, and two verdicts (PASS/OVER,
informational, never an exit code): 10,000 runs under 2 s, and cost linear in runs (the
marginal cost per run from 1k to 10k and from 10k to 50k within 1.5x of each other).
Exit 1 only when a measured command fails.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from run import (
    REPO,
    BenchError,
    Command,
    check_run,
    duration,
    measure,
    ms,
    peak,
    stats,
)

#: 10,000 runs in under this many seconds, whole command (issue 12).
BUDGET_10K_S = 2.0
#: The marginal cost per run may differ by at most this factor between the two spans.
LINEARITY_BUDGET = 1.5
RUNS = (1_000, 10_000, 50_000)


def build_and_install(tmp: Path) -> Path:
    """A wheel of the checkout, installed into `tmp/site`; returns that folder."""
    dist, site = tmp / "dist", tmp / "site"
    pip = (sys.executable, "-m", "pip", "--disable-pip-version-check", "-q")
    _pip(*pip, "wheel", "--no-deps", "-w", str(dist), str(REPO))
    wheels = sorted(dist.glob("scorecard-*.whl"))
    if len(wheels) != 1:
        raise BenchError(f"expected one wheel in {dist}, found {len(wheels)}")
    _pip(*pip, "install", "--no-deps", "--target", str(site), str(wheels[0]))
    return site


def _pip(*argv: str) -> None:
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BenchError(f"{' '.join(argv)} failed:\n{done.stderr.strip()[-2000:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=None, help="timed rounds (default 7)")
    parser.add_argument("--quick", action="store_true", help="3 rounds")
    args = parser.parse_args(argv)
    rounds: int = args.rounds if args.rounds is not None else (3 if args.quick else 7)
    if rounds < 1:
        parser.error("--rounds must be at least 1")
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="scorecard-bench-sens-") as name:
            tmp = Path(name)
            site = build_and_install(tmp)
            env = {k: v for k, v in os.environ.items() if k != "SCORECARD_DATA"}
            env["PYTHONPATH"] = str(site)
            cwd = tmp / "cwd"
            cwd.mkdir()
            report(rounds, env, cwd, site)
    except BenchError as err:
        print(f"\nbench: a measured command failed, so its numbers mean nothing: {err}")
        return 1
    print(f"\n(benchmark took {time.perf_counter() - started:.0f} s)")
    return 0


def report(rounds: int, env: dict[str, str], cwd: Path, site: Path) -> None:
    py = sys.executable
    where, _, _ = check_run(
        (py, "-c", "import scorecard, numpy; print(scorecard.__file__, numpy.__version__)"),
        cwd,
        env,
    )
    module_file, numpy_version = where.split()
    if not Path(module_file).is_relative_to(site):
        raise BenchError(f"scorecard was imported from {module_file}, not from the wheel")
    try:
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover - not on this platform
        load = "n/a"
    print(f"scorecard:  {module_file} (installed wheel)")
    print(f"python:     {py}; numpy {numpy_version}")
    print(f"machine:    {os.cpu_count()} CPUs; load average {load} at start")

    base = Command("python -c pass", (py, "-c", "pass"))
    version = Command("scorecard --version", (py, "-m", "scorecard", "--version"))
    runs_cmds = {
        n: Command(
            f"sensitivity --runs {n:,}",
            (py, "-m", "scorecard", "sensitivity", "--seed", "1", "--runs", str(n), "-f", "json"),
        )
        for n in RUNS
    }
    commands = [base, version, *runs_cmds.values()]
    peaks = {c.label: check_run(c.argv, cwd, env)[2] for c in commands}
    print(f"\n{rounds} interleaved rounds; stdout to /dev/null; data: the bundled dataset\n")
    samples = measure(commands, rounds, cwd, env)
    for label, rss in peaks.items():
        samples[label].rss_kib = rss

    base_median = stats(samples[base.label].times).median
    print(
        f"{'command':<28} {'median':>11} {'min':>11} {'IQR (q1-q3)':>21}"
        f" {'x python':>9} {'peak RSS':>11}"
    )
    for c in commands:
        st = stats(samples[c.label].times)
        iqr = f"{st.q1 * 1e3:.0f}-{st.q3 * 1e3:.0f} ms"
        print(
            f"{c.label:<28} {ms(st.median):>11} {ms(st.minimum):>11} {iqr:>21}"
            f" {st.median / base_median:>8.1f}x {peak(samples[c.label]):>11}"
        )

    medians = {n: stats(samples[runs_cmds[n].label].times).median for n in RUNS}
    start_up = stats(samples[version.label].times).median
    print("\nRuns per second (model evaluations: runs x (varied groups + 2)):")
    for n in RUNS:
        net = medians[n] - start_up
        rate = f"{n / net:,.0f} runs/s" if net > 0 else "n/a"
        print(f"  {n:>6,} runs: {duration(medians[n])} whole; net of --version start-up {rate}")
    low, mid, high = RUNS
    first = (medians[mid] - medians[low]) / (mid - low)
    second = (medians[high] - medians[mid]) / (high - mid)
    print(
        f"  marginal cost per run: {first * 1e6:.1f} us ({low:,}->{mid:,}),"
        f" {second * 1e6:.1f} us ({mid:,}->{high:,})"
    )

    print("\n== Verdict (informational; the exit code is 0 whatever these say) ==")
    ten = medians[10_000]
    print(
        f"[{'PASS' if ten < BUDGET_10K_S else 'OVER'}] `scorecard sensitivity --runs 10000"
        f" --seed 1`: median {duration(ten)} (budget < {BUDGET_10K_S:g} s;"
        f" {ten / base_median:.1f}x python -c pass at {duration(base_median)})"
    )
    ratio = max(first, second) / min(first, second) if min(first, second) > 0 else float("inf")
    print(
        f"[{'PASS' if ratio <= LINEARITY_BUDGET else 'OVER'}] cost linear in runs: marginal"
        f" cost per run {ratio:.2f}x between the spans (budget <= {LINEARITY_BUDGET:g}x)"
    )


if __name__ == "__main__":
    sys.exit(main())
