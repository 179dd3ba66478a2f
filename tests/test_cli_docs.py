"""The command line and its documentation agree, and `--help`/`--version` start light.

* Every command and subcommand of the Typer app is documented in README.md: a heading that
  names it (`### \\`scorecard diff FROM TO\\``, or `scorecard schema show|diff|input` for
  several subcommands), or a line in a fenced code block that runs it (`scorecard show ...`).
* Every code of `scorecard.errors.ExitCode` is a row of the table (or an item of the list)
  in README's "Exit codes" section.
* `scorecard --help` and `scorecard --version` import neither pydantic nor rich.table.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import typer.main

from helpers import child_env
from scorecard import __version__
from scorecard.cli import app
from scorecard.errors import ExitCode

if TYPE_CHECKING:
    from collections.abc import Iterator

README = Path(__file__).resolve().parents[1] / "README.md"


def command_paths() -> list[tuple[str, ...]]:
    """Every command and group under the root, as the words that invoke it."""

    # `get_command` returns Typer's (vendored) click `Command`; groups have `commands`.
    def walk(cmd: Any, path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        if path and not cmd.hidden:
            yield path
        for name, sub in sorted(getattr(cmd, "commands", {}).items()):
            yield from walk(sub, (*path, name))

    return list(walk(typer.main.get_command(app), ()))


def readme() -> str:
    return README.read_text(encoding="utf-8")


def code_lines(text: str) -> list[str]:
    """Lines inside fenced code blocks, without a leading `$ ` prompt."""
    lines, inside = [], False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            inside = not inside
            continue
        if inside:
            lines.append(line.strip().removeprefix("$ "))
    return lines


def documented(path: tuple[str, ...], text: str) -> bool:
    *parents, last = path
    words = " ".join(["scorecard", *parents])
    # `scorecard schema show|diff|input` names each of the three.
    name = rf"(?:[\w-]+\|)*{re.escape(last)}(?:\|[\w-]+)*"
    heading = re.compile(rf"^#+ .*\b{re.escape(words)} {name}(?![\w-])")
    if any(heading.search(line) for line in text.splitlines()):
        return True
    run = re.compile(rf"^{re.escape(words)} {re.escape(last)}(?![\w-])")
    return any(run.match(line) for line in code_lines(text))


def test_the_app_has_the_expected_commands() -> None:
    """The walk finds nested commands (so the next test checks them all)."""
    paths = command_paths()
    for path in [("show",), ("diff",), ("validate",), ("schema",), ("schema", "show")]:
        assert path in paths
    assert ("schema", "input") in paths and ("schema", "diff") in paths


@pytest.mark.parametrize("path", command_paths(), ids=" ".join)
def test_every_command_is_documented_in_the_readme(path: tuple[str, ...]) -> None:
    words = " ".join(("scorecard", *path))
    found = documented(path, readme())
    assert found, (
        f"README.md does not document `{words}`: add a heading that names it "
        f"(e.g. '### `{words}`') or a line in a fenced code block that runs it."
    )


def test_the_documentation_matcher() -> None:
    text = (
        "### `scorecard schema show|diff|input`\n"
        "### `scorecard diff FROM TO`\n"
        "Run scorecard validate to check.\n"
        "```sh\n$ scorecard show --year 2012\nscorecard validated\n```\n"
    )
    for path in [("schema",), ("schema", "show"), ("schema", "input"), ("diff",), ("show",)]:
        assert documented(path, text), path
    # Prose is not documentation, a longer word is another command, and so is a subcommand
    # of another group.
    for path in [("validate",), ("schema", "inputs"), ("schem",), ("diff", "show")]:
        assert not documented(path, text), path


def exit_code_section(text: str) -> str:
    lines = text.splitlines()
    starts = [n for n, line in enumerate(lines) if re.match(r"^#+\s.*exit codes", line, re.I)]
    assert starts, 'README.md has no "Exit codes" section (a heading "## Exit codes")'
    start = starts[0]
    level = len(lines[start]) - len(lines[start].lstrip("#"))
    end = len(lines)
    for n in range(start + 1, len(lines)):
        match = re.match(r"^(#+)\s", lines[n])
        if match and len(match.group(1)) <= level:
            end = n
            break
    return "\n".join(lines[start:end])


@pytest.mark.parametrize("code", list(ExitCode), ids=lambda c: f"{c.name}={c.value}")
def test_every_exit_code_is_in_the_readme(code: ExitCode) -> None:
    section = exit_code_section(readme())
    row = re.compile(rf"^\s*(?:\|\s*|[-*]\s+)`?{code.value}`?\s*[|:—-]", re.M)
    assert row.search(section), (
        f'exit code {code.value} ({code.name}) is not a row of the "Exit codes" table in '
        f"README.md (expected a line like '| {code.value} | meaning |')"
    )


# ---------------------------------------------------------------------------------------
# A light start

PROBE = """
import json, sys
sys.argv = ["scorecard", *json.loads(sys.argv[1])]
from scorecard.cli import app
code = 0
try:
    app()
except SystemExit as exit:
    code = exit.code or 0
heavy = sorted(
    m for m in sys.modules if m == "pydantic" or m.startswith("pydantic.") or m == "rich.table"
)
print(json.dumps({"code": code, "heavy": heavy}), file=sys.stderr)
"""


def run_python(*args: str) -> subprocess.CompletedProcess[str]:
    """`python ARGS...` in a child process, as the command line would start it."""
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        env=child_env(),
        timeout=60,
        check=False,
    )


def probe(*args: str) -> tuple[str, int, list[str]]:
    done = run_python("-c", PROBE, json.dumps(args))
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stderr.strip().splitlines()[-1])
    return done.stdout, int(report["code"]), list(report["heavy"])


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_imports_neither_pydantic_nor_rich_tables(flag: str) -> None:
    out, code, heavy = probe(flag)
    assert code == 0
    assert heavy == []
    for command in ("show", "diff", "validate", "schema"):
        assert command in out


def test_version_imports_neither_pydantic_nor_rich_tables() -> None:
    out, code, heavy = probe("--version")
    assert code == 0
    assert heavy == []
    assert out == f"scorecard {__version__}\n"


def test_the_probe_sees_heavy_imports() -> None:
    """A command that scores does import them: the probe is not blind."""
    _, code, heavy = probe("schema", "show")
    assert code == 0
    assert "pydantic" in heavy


# ---------------------------------------------------------------------------------------
# The process entry point


def run_module(*args: str) -> subprocess.CompletedProcess[str]:
    return run_python("-m", "scorecard", *args)


def test_entry_point_keeps_exit_codes_and_flushes_output() -> None:
    """`python -m scorecard` leaves without interpreter teardown: the exit code and every
    byte of output must still arrive."""
    shown = run_module("show", "--format", "json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["kind"] == "show"
    usage = run_module("show", "--year", "1800")
    assert usage.returncode == 2
    assert usage.stdout == ""
    assert usage.stderr.startswith("unknown year 1800: ")
    worsened = run_module("diff", "2009", "2011", "--exit-code", "--format", "csv")
    assert worsened.returncode == 1
    assert worsened.stdout.startswith("from_year,to_year,")


def test_entry_point_exit_code_of_a_message() -> None:
    from scorecard.entry import _exit_code

    assert (_exit_code(None), _exit_code(0), _exit_code(3)) == (0, 0, 3)
