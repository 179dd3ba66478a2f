"""Standard output that closes, fills up, is missing or cannot encode a character.

The rules are in `scorecard.output` and the README ("Exit codes"): a closed pipe ends quietly
with exit 141, a write error is one line on stderr and exit 74, an encoding without a
character degrades to ASCII (JSON escapes it). These run the real entry point in a child
process: the guards are installed there, not under CliRunner.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from helpers import child_env, edit, invoke

if TYPE_CHECKING:
    from typer.testing import CliRunner

    from helpers import WriteData

PIPE_CLOSED = 141
WRITE_ERROR = 74

#: Every command and format the issue found failing on a closed pipe.
PIPE_WRITERS = [
    ("show",),
    ("show", "--format", "json"),
    ("show", "--format", "ndjson"),
    ("show", "--format", "csv"),
    ("show", "--format", "markdown"),
    ("diff", "2010", "2011", "--json"),
    ("validate",),
    ("schema", "show"),
]
#: ... and on a full device, where --help and --version printed a traceback.
FULL_WRITERS = [
    ("show",),
    ("show", "--format", "json"),
    ("schema", "show"),
    ("--help",),
    ("--version",),
]


@pytest.fixture
def data(write_data: WriteData, valid_toml: str) -> Path:
    """The test scorecard with characters outside ASCII and latin-1 in names and quotes."""
    text = edit(
        valid_toml,
        ('name = "Safety"', 'name = "Safety in Juárez"'),
        ('name = "Homicide rate"', 'name = "Homicide \u201crate\u201d"'),
    )
    return write_data(text).resolve()


def run(
    args: tuple[str, ...],
    data: Path,
    stdout: int | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    full = [*args, "--data", str(data)] if args[0] in {"show", "diff"} else list(args)
    if args[0] == "validate":
        full.append(str(data))
    return subprocess.run(
        [sys.executable, "-m", "scorecard", *full],
        stdout=subprocess.PIPE if stdout is None else stdout,
        stderr=subprocess.PIPE,
        env={**child_env(), "COLUMNS": "80", "NO_COLOR": "1", **(env or {})},
        check=False,
        timeout=60,
    )


@pytest.mark.parametrize("args", PIPE_WRITERS, ids=" ".join)
def test_a_closed_pipe_ends_quietly_with_141(args: tuple[str, ...], data: Path) -> None:
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first byte is written
    try:
        result = run(args, data, stdout=write)
    finally:
        os.close(write)
    assert result.returncode == PIPE_CLOSED
    assert result.stderr == b""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", FULL_WRITERS, ids=" ".join)
def test_a_full_device_is_one_message_and_exit_74(args: tuple[str, ...], data: Path) -> None:
    with open("/dev/full", "wb") as full:
        result = run(args, data, stdout=full.fileno())
    assert result.returncode == WRITE_ERROR
    assert result.stderr.decode() == (
        "scorecard: cannot write to standard output: No space left on device\n"
    )


@pytest.mark.parametrize("args", [("show",), ("--version",)])
def test_a_closed_stdout_is_a_write_error(args: tuple[str, ...], data: Path) -> None:
    full = [*args, "--data", str(data)] if args[0] == "show" else list(args)
    result = subprocess.run(
        [sys.executable, "-m", "scorecard", *full],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=child_env(),
        # Close descriptor 1 in the child just before it starts.
        preexec_fn=lambda: os.close(1),
        check=False,
        timeout=60,
    )
    assert result.returncode == WRITE_ERROR
    assert result.stderr.decode() == "scorecard: cannot write to standard output: it is closed\n"


def test_a_closed_stderr_changes_nothing(data: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scorecard", "show", "--data", "missing.toml"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=child_env(),
        preexec_fn=lambda: os.close(2),
        check=False,
        timeout=60,
    )
    assert result.returncode == 2


ENCODINGS = [{"PYTHONIOENCODING": "ascii"}, {"PYTHONIOENCODING": "latin-1"}]


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("show",), ENCODINGS[0]),
        (("show",), ENCODINGS[1]),
        (("show", "--format", "csv"), ENCODINGS[0]),
        (("show", "--format", "markdown"), ENCODINGS[0]),
    ],
)
def test_text_degrades_to_ascii_where_the_encoding_lacks_a_character(
    args: tuple[str, ...], env: dict[str, str], data: Path
) -> None:
    # Wide enough for the score bar, which tables leave out below 100 columns.
    result = run(args, data, env={**env, "COLUMNS": "120"})
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode(env["PYTHONIOENCODING"])
    assert "Safety in Juárez" in out if env["PYTHONIOENCODING"] == "latin-1" else True
    if env["PYTHONIOENCODING"] == "ascii":
        assert "Safety in Juarez" in out
    if args == ("show",):
        # The score bar and the status marks, as ASCII: 40 [30, 50] is #### then ==.
        assert "###==....." in out
        assert "\u2588" not in out and "\u2591" not in out
    assert 'Homicide "rate"' in out or 'Homicide ""rate""' in out  # plain quotes (CSV doubles)


@pytest.mark.parametrize(("fmt", "env"), [("json", ENCODINGS[0]), ("ndjson", ENCODINGS[1])])
def test_json_escapes_what_the_encoding_lacks_and_loses_nothing(
    fmt: str, env: dict[str, str], data: Path
) -> None:
    result = run(("show", "--format", fmt), data, env=env)
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode("ascii" if env["PYTHONIOENCODING"] == "ascii" else "latin-1")
    docs = [json.loads(line) for line in out.splitlines()] if fmt == "ndjson" else [json.loads(out)]
    text = json.dumps(docs, ensure_ascii=False)
    assert "Safety in Juárez" in text
    assert "Homicide \u201crate\u201d" in text


def test_the_c_locale_does_not_fail(data: Path) -> None:
    env = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    result = run(("show",), data, env=env)
    assert result.returncode == 0, result.stderr
    assert "Safety in Ju" in result.stdout.decode("utf-8", "replace")


# ---------------------------------------------------------------------------------------
# Terminal width: a table is never cut below a usable width


@pytest.mark.parametrize("columns", ["0", "1", "20", "-5", "abc", ""])
def test_any_columns_value_shows_every_score_whole(
    columns: str, runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    path = write_data(valid_toml)
    result = invoke(runner, "show", "--data", str(path), env={"COLUMNS": columns})
    assert result.exit_code == 0
    out = result.stdout
    assert "\u2026" not in out
    # Every pillar row, with its whole score and interval (see the fixture's numbers).
    assert "Safety" in out and "Trade" in out
    assert "40.0" in out and "[30.0, 50.0]" in out and "58.3" in out
