"""The result cache: a repeat run replays the first run's output, byte for byte, and the
cache is never a reason for a command to fail or to print something else.

Most tests run the real entry point in a subprocess (`python -m scorecard`), since the
cache is read there before the command line is imported; a few run the command line
in-process, where the same cache is read and stored by `show` itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import pytest

from helpers import invoke
from helpers import run_entry as run
from scorecard import cache

if TYPE_CHECKING:
    from pathlib import Path

    from typer.testing import CliRunner

    from helpers import WriteData

FORMATS = ("table", "json", "ndjson", "csv", "markdown")


def entries(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.entry") if not p.name.startswith("."))


def plant(folder: Path, marker: str) -> None:
    """Replace every entry's output with `marker`, as a valid entry for the same key."""
    for path in entries(folder):
        key = path.name.removesuffix(".entry")
        path.write_bytes(cache._encode(key, cache.Output(marker, "", 0)))


@pytest.fixture
def data(write_data: WriteData, valid_toml: str) -> Path:
    return write_data(valid_toml)


# ---------------------------------------------------------------------------------------
# Byte-identical output


@pytest.mark.parametrize("fmt", FORMATS)
def test_repeat_run_is_byte_identical_to_an_uncached_run(
    workdir: Path, isolated_cache: Path, data: Path, fmt: str
) -> None:
    args = ("show", "--format", fmt, "--data", str(data))
    uncached = run(workdir, isolated_cache, *args, "--no-cache")
    assert entries(isolated_cache) == []
    first = run(workdir, isolated_cache, *args)
    assert len(entries(isolated_cache)) == 1
    repeat = run(workdir, isolated_cache, *args)
    assert uncached.returncode == first.returncode == repeat.returncode == 0
    assert uncached.stdout == first.stdout == repeat.stdout
    assert uncached.stderr == first.stderr == repeat.stderr == b""


def test_warnings_line_is_replayed_too(
    workdir: Path, isolated_cache: Path, write_data: WriteData, valid_toml: str
) -> None:
    # A quote left out is only a warning.
    path = write_data(valid_toml.replace('quote = "One hundred."\n', ""))
    uncached = run(workdir, isolated_cache, "show", "--data", str(path), "--no-cache")
    first = run(workdir, isolated_cache, "show", "--data", str(path))
    repeat = run(workdir, isolated_cache, "show", "--data", str(path))
    assert b"warning(s)" in uncached.stderr
    assert uncached.stderr == first.stderr == repeat.stderr
    assert uncached.stdout == first.stdout == repeat.stdout


def test_a_repeat_run_is_served_from_the_cache(
    workdir: Path, isolated_cache: Path, data: Path
) -> None:
    # Proof that the second run reads the entry: a planted entry is what it prints.
    run(workdir, isolated_cache, "show", "--json", "--data", str(data))
    plant(isolated_cache, "planted\n")
    again = run(workdir, isolated_cache, "show", "--json", "--data", str(data))
    assert again.stdout == b"planted\n"
    # The same request spelled differently is the same entry.
    spelled = run(workdir, isolated_cache, "show", "-f", "json", f"--data={data}")
    assert spelled.stdout == b"planted\n"


def test_the_command_line_reads_the_cache_too(
    runner: CliRunner, workdir: Path, isolated_cache: Path, data: Path
) -> None:
    # In-process (as `scorecard --debug show` runs it): stored, then read, by `show` itself.
    first = invoke(runner, "show", "--json", "--data", str(data))
    assert first.exit_code == 0
    plant(isolated_cache, "planted\n")
    assert invoke(runner, "show", "--json", "--data", str(data)).stdout == "planted\n"
    assert invoke(runner, "show", "--json", "--data", str(data), "--no-cache").stdout == (
        first.stdout
    )


@pytest.mark.parametrize("args", [("--help",), ("-h",), ("show", "--help"), ("diff", "-h")])
def test_a_help_text_is_cached_and_replayed_byte_for_byte(
    workdir: Path, isolated_cache: Path, args: tuple[str, ...]
) -> None:
    uncached = run(workdir, isolated_cache, *args, env={"SCORECARD_NO_CACHE": "1"})
    assert entries(isolated_cache) == []
    first = run(workdir, isolated_cache, *args)
    assert len(entries(isolated_cache)) == 1
    repeat = run(workdir, isolated_cache, *args)
    assert (uncached.returncode, uncached.stderr) == (0, b"")
    assert uncached.stdout.startswith(b"Usage: ")
    assert (first.returncode, first.stdout, first.stderr) == (0, uncached.stdout, b"")
    assert (repeat.returncode, repeat.stdout, repeat.stderr) == (0, uncached.stdout, b"")
    # Proof that a repeat reads the entry, and that the width is in the key.
    plant(isolated_cache, "planted\n")
    assert run(workdir, isolated_cache, *args).stdout == b"planted\n"
    wider = run(workdir, isolated_cache, *args, env={"COLUMNS": "140"})
    assert wider.stdout.startswith(b"Usage: ")


def test_a_failed_help_request_is_not_stored(workdir: Path, isolated_cache: Path) -> None:
    done = run(workdir, isolated_cache, "nowhere", "--help")
    assert done.returncode == 2
    assert b"nowhere" in done.stderr
    assert entries(isolated_cache) == []


# ---------------------------------------------------------------------------------------
# Every input that changes the result is in the key


def test_edited_file_gives_the_new_result(
    workdir: Path, isolated_cache: Path, data: Path, valid_toml: str
) -> None:
    before = run(workdir, isolated_cache, "show", "--json", "--data", str(data))
    assert b'"Test scorecard"' in before.stdout
    (workdir / data).write_text(valid_toml.replace("Test scorecard", "Edited scorecard"))
    after = run(workdir, isolated_cache, "show", "--json", "--data", str(data))
    assert b'"Edited scorecard"' in after.stdout
    assert (
        after.stdout
        == run(workdir, isolated_cache, "show", "--json", "--data", str(data), "--no-cache").stdout
    )
    # Same size, same second: only the bytes tell the two versions apart.
    (workdir / data).write_text(valid_toml.replace("Test scorecard", "Test scorecarD"))
    again = run(workdir, isolated_cache, "show", "--json", "--data", str(data))
    assert b'"Test scorecarD"' in again.stdout


@pytest.mark.parametrize(
    "options",
    [
        ("--year", "2010"),
        ("--pillar", "trade"),
        ("--summary", "--pillar", "trade"),
        ("--summary",),
        ("--format", "markdown"),
        ("--format", "csv"),
    ],
)
def test_changed_options_give_their_own_result(
    workdir: Path, isolated_cache: Path, data: Path, options: tuple[str, ...]
) -> None:
    base = run(workdir, isolated_cache, "show", "--data", str(data))
    changed = run(workdir, isolated_cache, "show", "--data", str(data), *options)
    assert changed.returncode == 0
    assert changed.stdout != base.stdout
    assert (
        changed.stdout
        == run(workdir, isolated_cache, "show", "--data", str(data), *options, "--no-cache").stdout
    )
    assert len(entries(isolated_cache)) == 2


def test_terminal_width_and_data_origin_are_in_the_key(
    workdir: Path, isolated_cache: Path, data: Path, valid_toml: str
) -> None:
    narrow = run(workdir, isolated_cache, "show", "--data", str(data), env={"COLUMNS": "80"})
    wide = run(workdir, isolated_cache, "show", "--data", str(data), env={"COLUMNS": "140"})
    assert narrow.stdout != wide.stdout
    assert (
        wide.stdout
        == run(
            workdir,
            isolated_cache,
            "show",
            "--data",
            str(data),
            "--no-cache",
            env={"COLUMNS": "140"},
        ).stdout
    )
    # The same bytes found as ./scorecard.toml: the report names the file differently.
    (workdir / "scorecard.toml").write_text(valid_toml)
    local = run(workdir, isolated_cache, "show", "--json")
    assert b'"data_origin": "./scorecard.toml"' in local.stdout
    assert local.stdout == run(workdir, isolated_cache, "show", "--json", "--no-cache").stdout


def test_another_version_does_not_trust_the_entry(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    args = ("show", ("year", None), "data.toml", "--data", cache.digest(b"x"))
    before = cache.key(*args)
    monkeypatch.setattr(cache, "__version__", "999.0")
    assert cache.key(*args) != before
    monkeypatch.setattr(sys, "version", "3.99.0 (another build)")
    assert cache.key(*args) != before


# ---------------------------------------------------------------------------------------
# Never a reason to fail


@pytest.mark.parametrize(
    "damage",
    ["truncated", "flipped byte", "garbage", "empty", "other key", "directory"],
)
def test_a_corrupt_entry_is_ignored_and_replaced(
    workdir: Path, isolated_cache: Path, data: Path, damage: str
) -> None:
    args = ("show", "--json", "--data", str(data))
    good = run(workdir, isolated_cache, *args)
    [entry] = entries(isolated_cache)
    blob = entry.read_bytes()
    if damage == "truncated":
        entry.write_bytes(blob[: len(blob) // 2])
    elif damage == "flipped byte":
        entry.write_bytes(blob[:-10] + bytes([blob[-10] ^ 0x20]) + blob[-9:])
    elif damage == "garbage":
        entry.write_bytes(os.urandom(4096))
    elif damage == "empty":
        entry.write_bytes(b"")
    elif damage == "other key":
        entry.write_bytes(cache._encode("0" * 64, cache.Output("planted\n", "")))
    else:
        entry.unlink()
        entry.mkdir()
    again = run(workdir, isolated_cache, *args)
    assert (again.returncode, again.stdout, again.stderr) == (0, good.stdout, b"")
    if damage != "directory":
        # Replaced by a good entry, which the next run replays.
        assert cache._decode(entry.name.removesuffix(".entry"), entry.read_bytes()) is not None


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_in_place_of_an_entry_does_not_hang(
    workdir: Path, isolated_cache: Path, data: Path
) -> None:
    args = ("show", "--json", "--data", str(data))
    good = run(workdir, isolated_cache, *args)
    [entry] = entries(isolated_cache)
    entry.unlink()
    os.mkfifo(entry)
    again = run(workdir, isolated_cache, *args)
    assert (again.returncode, again.stdout) == (0, good.stdout)


def test_an_unwritable_cache_folder_is_ignored(workdir: Path, data: Path, tmp_path: Path) -> None:
    # A folder that cannot be created, as root too: its parent is a regular file.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    folder = blocker / "cache"
    args = ("show", "--json", "--data", str(data))
    uncached = run(workdir, folder, *args, "--no-cache")
    for _ in range(2):
        done = run(workdir, folder, *args)
        assert (done.returncode, done.stdout, done.stderr) == (0, uncached.stdout, b"")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_cache_folder_is_ignored(
    workdir: Path, isolated_cache: Path, data: Path
) -> None:  # pragma: no cover - the tests run as root in CI
    isolated_cache.chmod(0o500)
    try:
        done = run(workdir, isolated_cache, "show", "--json", "--data", str(data))
        assert (done.returncode, done.stderr) == (0, b"")
    finally:
        isolated_cache.chmod(0o700)


def test_no_home_means_no_cache_not_an_error(workdir: Path, data: Path) -> None:
    env = {"HOME": "", "XDG_CACHE_HOME": ""}
    full = {k: v for k, v in os.environ.items() if k not in {"SCORECARD_CACHE_DIR", "HOME"}}
    full.update(env)
    done = subprocess.run(
        [sys.executable, "-m", "scorecard", "show", "--json", "--data", str(data)],
        cwd=workdir,
        env=full,
        capture_output=True,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, b"")


def test_concurrent_runs_all_print_the_uncached_result(
    workdir: Path, isolated_cache: Path, data: Path
) -> None:
    requests = [("show", "--json"), ("show", "--format", "csv"), ("show",)] * 4
    expected = {
        r: run(workdir, isolated_cache, *r, "--data", str(data), "--no-cache").stdout
        for r in set(requests)
    }
    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        done = list(
            pool.map(lambda r: (r, run(workdir, isolated_cache, *r, "--data", str(data))), requests)
        )
    for request, result in done:
        assert (result.returncode, result.stderr) == (0, b""), request
        assert result.stdout == expected[request], request
    # One complete entry per request, and no temporary file left behind.
    assert len(entries(isolated_cache)) == len(expected)
    assert [p.name for p in isolated_cache.iterdir() if not p.name.endswith(".entry")] == []
    assert [p.name for p in isolated_cache.iterdir() if p.name.startswith(".")] == []
    for request in expected:
        assert (
            run(workdir, isolated_cache, *request, "--data", str(data)).stdout
            == (expected[request])
        )


# ---------------------------------------------------------------------------------------
# Turning it off, and where it lives


@pytest.mark.parametrize("how", ["option", "variable"])
def test_no_cache_neither_reads_nor_stores(
    workdir: Path, isolated_cache: Path, data: Path, how: str
) -> None:
    args = ("show", "--json", "--data", str(data))
    first = run(workdir, isolated_cache, *args)
    plant(isolated_cache, "planted\n")
    before = sorted(p.read_bytes() for p in entries(isolated_cache))
    extra = ("--no-cache",) if how == "option" else ()
    env = {"SCORECARD_NO_CACHE": "1"} if how == "variable" else {}
    off = run(workdir, isolated_cache, *args, *extra, env=env)
    assert off.stdout == first.stdout
    other = run(workdir, isolated_cache, "show", "--summary", "--data", str(data), *extra, env=env)
    assert other.returncode == 0
    assert sorted(p.read_bytes() for p in entries(isolated_cache)) == before


@pytest.mark.parametrize(
    ("value", "on"), [("", True), ("0", True), ("false", True), ("1", False), ("yes", False)]
)
def test_the_variable_turns_it_off(monkeypatch: pytest.MonkeyPatch, value: str, on: bool) -> None:
    monkeypatch.setenv(cache.OFF_ENV, value)
    assert cache.enabled() is on
    assert cache.enabled(no_cache_option=True) is False


def test_cache_folder_follows_the_platform_convention(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.DIR_ENV)
    monkeypatch.setenv("HOME", "/home/u")
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert cache.cache_dir() == "/home/u/.cache/scorecard"
    monkeypatch.setenv("XDG_CACHE_HOME", "/var/cache/u")
    assert cache.cache_dir() == "/var/cache/u/scorecard"
    # The XDG specification: a relative path is ignored.
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert cache.cache_dir() == "/home/u/.cache/scorecard"
    monkeypatch.setattr(sys, "platform", "darwin")
    assert cache.cache_dir() == "/home/u/Library/Caches/scorecard"
    monkeypatch.setenv(cache.DIR_ENV, "/elsewhere")
    assert cache.cache_dir() == "/elsewhere"


def test_the_least_recently_used_entries_are_pruned(
    monkeypatch: pytest.MonkeyPatch, isolated_cache: Path
) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 8)
    for n in range(8):
        cache.store(f"{n:064x}", cache.Output(f"output {n}\n", ""))
        os.utime(isolated_cache / f"{n:064x}.entry", (1000 + n, 1000 + n))
    # Reading an entry makes it the most recently used one.
    assert cache.lookup(f"{0:064x}") == cache.Output("output 0\n", "")
    cache.store(f"{8:064x}", cache.Output("output 8\n", ""))
    kept = {p.name[:64] for p in entries(isolated_cache)}
    assert len(kept) == 6
    assert {f"{0:064x}", f"{8:064x}"} <= kept
    assert f"{1:064x}" not in kept
