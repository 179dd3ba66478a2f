"""Helpers shared by the test modules: running the command, reading its output, small data.

Import them as `from helpers import ...`. Pytest puts this folder on `sys.path` (it has no
`__init__.py`, so the default "prepend" import mode adds it for conftest.py and every test
module), and mypy, checking the folder, names this file's module `helpers`. Fixtures stay in
conftest.py; what is here is plain functions, constants and the fixtures' types.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import scorecard.edit.init
import scorecard.load
from scorecard.cli import app

if TYPE_CHECKING:
    from collections.abc import Mapping

    import pytest
    from typer.testing import CliRunner, Result

#: The name the tests give the data file they write; messages start with it.
DATA = "data.toml"
#: The header of an observation written as a table of its own.
OBS_HEADER = "[[indicators.observations]]"
#: A frozen copy of the shipped dataset (see its header): the tests of scoring, show, diff
#: and add read it instead of data/indicators.toml, so that new data breaks no test.
FROZEN = Path(__file__).parent / "data" / "frozen-2011.toml"


# ---------------------------------------------------------------------------------------
# The fixtures' types (the fixtures themselves are in conftest.py)


class WriteData(Protocol):
    """Write a data file into the working directory and return its relative path."""

    def __call__(self, content: str | bytes, name: str = DATA) -> Path: ...


class Validate(Protocol):
    """Run `scorecard validate ARGS...`, asserting that no traceback escaped."""

    def __call__(self, *args: str, env: Mapping[str, str | None] | None = None) -> Result: ...


# ---------------------------------------------------------------------------------------
# Running the command


def assert_no_traceback(result: Result) -> None:
    """The command ended through its exit code: no traceback, no uncaught exception."""
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )


def invoke(runner: CliRunner, *args: str, env: Mapping[str, str | None] | None = None) -> Result:
    """Run `scorecard ARGS...`, asserting that no traceback escaped."""
    result = runner.invoke(app, list(args), env=env)
    assert_no_traceback(result)
    return result


def ok(runner: CliRunner, *args: str, env: Mapping[str, str | None] | None = None) -> str:
    """The standard output of a run that succeeded and wrote nothing to stderr."""
    result = invoke(runner, *args, env=env)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def complete_bash(runner: CliRunner, line: str) -> list[str]:
    """What bash completion offers for `line` (its last word is being completed)."""
    words = line.split(" ")
    result = runner.invoke(
        app,
        [],
        prog_name="scorecard",
        env={
            "_SCORECARD_COMPLETE": "complete_bash",
            "COMP_WORDS": line,
            "COMP_CWORD": str(len(words) - 1),
        },
    )
    assert result.exit_code == 0, result.output
    return result.stdout.split()


def as_json(runner: CliRunner, *args: str) -> dict[str, Any]:
    """The report of `scorecard ARGS... --format json`."""
    payload: dict[str, Any] = json.loads(ok(runner, *args, "--format", "json"))
    return payload


# ---------------------------------------------------------------------------------------
# Reading the output


def squeeze(text: str) -> str:
    """`text` with every run of white space (line breaks too) folded into one space."""
    return " ".join(text.split())


def row_cells(line: str) -> list[str]:
    """Cells of a markdown pipe-table row, stripped; `\\|` is a pipe inside a cell."""
    return [c.strip() for c in re.split(r"(?<!\\)\|", line[1:-1])]


def split_row(line: str) -> list[str]:
    """Cells of a markdown pipe-table row, which must open with `| ` and end with ` |`."""
    assert line.startswith("| ") and line.endswith(" |"), line
    return row_cells(line)


def pipe_tables(text: str) -> list[tuple[list[str], list[list[str]]]]:
    """(header, body rows) of every markdown pipe table in `text`, each row as wide as its
    header."""
    tables = []
    lines = text.splitlines()
    for n, line in enumerate(lines):
        if re.fullmatch(r"\|(---\|)+", line):
            header = split_row(lines[n - 1])
            assert line.count("|") == len(header) + 1
            body = []
            for row in lines[n + 1 :]:
                if not row.startswith("|"):
                    break
                body.append(split_row(row))
                assert len(body[-1]) == len(header), row
            tables.append((header, body))
    return tables


def csv_text(value: Any) -> str:
    """How a JSON value of an NDJSON row is written in the CSV."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        # Text a spreadsheet would run as a formula is written with a leading quote.
        return "'" + value
    return str(value)


# ---------------------------------------------------------------------------------------
# Data files as text


def child_env() -> dict[str, str]:
    """This process's environment for a child process, without $SCORECARD_DATA."""
    return {k: v for k, v in os.environ.items() if k != "SCORECARD_DATA"}


#: Set by tests/test_shipped_data.py for a child pytest run: the file that run takes for
#: the bundled dataset (a changed copy of it), to show that no other test reads its figures.
TEST_BUNDLED = "SCORECARD_TEST_BUNDLED"


def redirect_bundled_data(mp: pytest.MonkeyPatch) -> None:
    """Where $SCORECARD_TEST_BUNDLED names a file, make it the bundled dataset."""
    path = os.environ.get(TEST_BUNDLED)
    if path:
        # Both modules call the function by its global name: patch each one's binding.
        for module in (scorecard.load, scorecard.edit.init):
            mp.setattr(module, "bundled_data_path", lambda: Path(path))


def frozen_text() -> str:
    """The frozen copy of the dataset as text, byte for byte (no newline translation)."""
    return FROZEN.read_bytes().decode("utf-8")


def frozen_data() -> dict[str, Any]:
    """The frozen copy of the dataset, parsed as plain TOML (not through the package's
    models)."""
    with FROZEN.open("rb") as f:
        return tomllib.load(f)


def edit(text: str, *changes: tuple[str, str]) -> str:
    """`text` with each (old, new) replacement made; each old snippet must occur once."""
    for old, new in changes:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    return text


def line_of(text: str, snippet: str, occurrence: int = 1) -> int:
    """The 1-based line on which the `occurrence`-th `snippet` starts."""
    start = -1
    for _ in range(occurrence):
        start = text.index(snippet, start + 1)
    return text.count("\n", 0, start) + 1


# ---------------------------------------------------------------------------------------
# Small hand-built documents, as the plain data a TOML file parses to


def small_scorecard(
    title: str,
    *indicators: dict[str, Any],
    pillars: tuple[dict[str, Any], ...] = ({"id": "p", "name": "P"},),
    **scorecard: Any,
) -> dict[str, Any]:
    """A document with one source, `s`, the `pillars` (one, `p`, unless others are given)
    and the `indicators`; `scorecard` adds keys to the `[scorecard]` table."""
    return {
        "scorecard": {"title": title, **scorecard},
        "sources": [{"id": "s", "title": "S"}],
        "pillars": [dict(p) for p in pillars],
        "indicators": list(indicators),
    }


def goalposts_indicator(
    ident: str,
    name: str,
    *observations: dict[str, Any],
    pillar: str = "p",
    high: float = 100.0,
    **fields: Any,
) -> dict[str, Any]:
    """A higher-is-better indicator on goalposts 0 to `high`, with no `observations` key
    when no observation is given."""
    indicator: dict[str, Any] = {
        "id": ident,
        "pillar": pillar,
        "name": name,
        "direction": "higher",
        **fields,
        "scoring": {"method": "goalposts", "min": 0.0, "max": high, "rationale": "r"},
    }
    if observations:
        indicator["observations"] = list(observations)
    return indicator


def context_indicator(
    ident: str, name: str, *observations: dict[str, Any], pillar: str = "p"
) -> dict[str, Any]:
    """A context indicator (scoring method `none`)."""
    return {
        "id": ident,
        "pillar": pillar,
        "name": name,
        "scoring": {"method": "none"},
        "observations": list(observations),
    }


def obs(year: int, **fields: Any) -> dict[str, Any]:
    """An observation from source `s`: `fields` give its value (and a quote, if any)."""
    return {"year": year, **fields, "source": "s"}


# ---------------------------------------------------------------------------------------
# `scorecard add`: taking an observation out of the frozen dataset and giving it back

#: The `scorecard add` option of each observation key that takes a value.
FLAGS = {
    "value": "--value",
    "at_least": "--at-least",
    "at_most": "--at-most",
    "level": "--level",
    "period": "--period",
    "source": "--source",
    "quote": "--quote",
    "page": "--page",
    "section": "--section",
    "url": "--url",
    "note": "--note",
}


def remove_observation(text: str, indicator: str, year: int) -> str:
    """`text` without that observation's lines (and the blank line before them), by hand.

    In the frozen dataset each observation is a block of lines with no blank line inside,
    preceded by a blank line.
    """
    start = text.index(f'\nid = "{indicator}"\n')
    following = text.find("\n[[indicators]]\n", start)
    region_end = len(text) if following < 0 else following
    at = text.index(f"\n\n{OBS_HEADER}\nyear = {year}\n", start, region_end)
    stop = text.find("\n\n", at + 2)
    return text[: at + 1] + ("" if stop < 0 else text[stop + 1 :])


def add_args(indicator: str, observation: dict[str, Any]) -> list[str]:
    """The `scorecard add` arguments that give back `observation`."""
    args = [indicator, "--year", str(observation["year"])]
    for key, value in observation.items():
        if key in FLAGS:
            args += [FLAGS[key], str(value) if not isinstance(value, float) else repr(value)]
    if "low" in observation:
        args += ["--range", repr(observation["low"]), repr(observation["high"])]
    if observation.get("external"):
        args.append("--external")
    return args


# ---------------------------------------------------------------------------------------
# A hostile data file: markup and script in every kind of string a page or image shows

#: Each of these, if a renderer failed to escape it, would run script or inject markup.
HOSTILE_TITLE = "Test <script>window.__pwned = 1</script> scorecard"
HOSTILE_PILLAR = '"><img src=x onerror="window.__pwned = 2">Safety'
HOSTILE_QUOTE = "The rate was 18.</blockquote><script>window.__pwned = 3</script>"
HOSTILE_INDICATOR = "Customs </td></tr></table><script>window.__pwned = 5</script>"
HOSTILE_SOURCE_URL = "javascript:window.__pwned = 4"
HOSTILE_EVIDENCE_URL = "data:text/html,<script>window.__pwned = 6</script>"


def hostile(valid: str) -> str:
    """The tests' valid scorecard with hostile names, quotes and urls (still valid)."""
    return edit(
        valid,
        ('title = "Test scorecard"', f"title = '{HOSTILE_TITLE}'"),
        ('name = "Safety"', f"name = '{HOSTILE_PILLAR}'"),
        ('quote = "Between 15 and 17."', f"quote = '{HOSTILE_QUOTE}'"),
        ('name = "Customs reform"', f"name = '{HOSTILE_INDICATOR}'"),
        ('url = "https://example.org/stats"\n', f"url = '{HOSTILE_SOURCE_URL}'\n"),
        ('url = "https://example.org/stats/2010"', f"url = '{HOSTILE_EVIDENCE_URL}'"),
    )


def run_entry(
    cwd: Path, cache_dir: Path | str, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """`python -m scorecard ARGS` through the real entry point (the start-up path and the
    result cache come before the command line), with the test runner's width, no colour
    and its own cache folder; output as bytes."""
    full = {k: v for k, v in os.environ.items() if not k.startswith(("SCORECARD_", "FORCE_COLOR"))}
    full.update(
        {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb", "SCORECARD_CACHE_DIR": str(cache_dir)}
    )
    full.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "scorecard", *args],
        cwd=cwd,
        env=full,
        capture_output=True,
        stdin=subprocess.DEVNULL,
        check=False,
        timeout=120,
    )
