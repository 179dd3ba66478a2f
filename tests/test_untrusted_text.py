"""Text from a data file is untrusted: no format may let it drive the terminal.

A data file whose texts hold Rich markup, escape sequences (CSI colour, OSC window title
ended by BEL), the one-byte C1 CSI, bidirectional overrides and invisible characters (issue
14: "gnp.exe" shown as "exe.png") is rendered in every format. No output may contain
a raw control character; Rich markup must print literally; markdown cells must escape
pipes; JSON must keep the text itself intact (escaped, not dropped).
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import TYPE_CHECKING, Any

import pytest
import tomli_w

from helpers import invoke, row_cells

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from typer.testing import CliRunner

    from helpers import WriteData

MARKUP = "[red]x[/red]"
LINK = "[link=http://evil]y[/link]"
#: Markup, CSI colour, an OSC window title ended by BEL, the one-byte C1 CSI, a pipe, and
#: lone controls (bell, backspace, carriage return, DEL) that are part of no sequence.
EVIL = (
    f"A {MARKUP} B {LINK} C \x1b[31mZ D \x1b]0;title\x07 E \x9b31m F | G \x07\x08\r\x7f H"
    " \u202egnp\u2066.\u2069exe\u200b\u2060\ufeff I"
)
#: What a terminal-safe rendering keeps of EVIL (spaces folded in tables and markdown).
VISIBLE = f"A {MARKUP} B {LINK} C Z D E F | G H gnp.exe I"

#: Every control character but newline (tab never appears in these outputs either), and the
#: bidirectional and invisible characters that make text display as something it is not.
CONTROL = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u202a-\u202e"
    "\u2028\u2029\u2060-\u2064\u2066-\u2069\ufeff]"
)


def evil_document() -> dict[str, Any]:
    return {
        "scorecard": {
            "title": "T " + EVIL,
            "description": "D " + EVIL,
            "assessment_year": 2011,
            "primary_source": "rep",
        },
        "sources": [{"id": "rep", "title": "S " + EVIL, "publisher": "Pub " + EVIL}],
        "pillars": [
            {
                "id": "p",
                "name": "P " + EVIL,
                "description": "PD " + EVIL,
                "assessment": {"source": "rep", "quote": "Q " + EVIL},
            }
        ],
        "indicators": [
            {
                "id": "i",
                "pillar": "p",
                "name": "I " + EVIL,
                "unit": "U " + EVIL,
                "description": "ID " + EVIL,
                "notes": "N " + EVIL,
                "direction": "higher",
                "scoring": {"method": "goalposts", "min": 0.0, "max": 10.0, "rationale": "R"},
                "target": {"value": 10.0, "rationale": "TR " + EVIL},
                "observations": [
                    {
                        "year": 2010,
                        "value": 2.0,
                        "source": "rep",
                        "quote": "O1 " + EVIL,
                        "period": "PE " + EVIL,
                    },
                    {
                        "year": 2011,
                        "value": 5.0,
                        "source": "rep",
                        "quote": "O2 " + EVIL,
                        "note": "ON " + EVIL,
                        "section": "SE " + EVIL,
                    },
                ],
            },
            {
                "id": "ctx",
                "pillar": "p",
                "name": "C " + EVIL,
                "unit": "CU " + EVIL,
                "scoring": {"method": "none"},
                "observations": [
                    {"year": 2011, "low": 1.0, "high": 2.0, "source": "rep", "quote": "CQ " + EVIL}
                ],
            },
        ],
    }


def assert_no_controls(text: str, escaped: bool = False) -> None:
    """No raw control character; unless the format keeps them escaped (JSON), nothing left
    of the sequences either: no CSI tail, no window title."""
    found = CONTROL.findall(text)
    assert not found, f"raw control characters {sorted(set(found))!r} in output"
    if not escaped:
        assert "31m" not in text
        assert "0;title" not in text


@pytest.fixture
def evil(write_data: WriteData) -> Path:
    return write_data(tomli_w.dumps(evil_document()))


WIDE = {"COLUMNS": "400"}
COLOUR = {"COLUMNS": "400", "FORCE_COLOR": "1", "NO_COLOR": None, "TERM": "xterm-256color"}


def run(runner: CliRunner, *args: str, env: Mapping[str, str | None] = WIDE) -> str:
    result = invoke(runner, *args, env=env)
    assert result.exit_code == 0, result.stderr
    escaped = "json" in args or "ndjson" in args or "--json" in args
    assert_no_controls(result.stdout, escaped=escaped)
    assert_no_controls(result.stderr)
    return result.stdout


@pytest.mark.parametrize(
    "command",
    [("show",), ("show", "--summary"), ("diff", "2010", "2011"), ("diff", "2010", "2011", "--all")],
)
def test_table_prints_markup_literally_and_no_controls(
    runner: CliRunner, evil: Path, command: tuple[str, ...]
) -> None:
    out = run(runner, *command, "--data", str(evil))
    lines = out.splitlines()
    assert any(line.strip().startswith("T " + VISIBLE) for line in lines), out
    assert any(line.strip().startswith("P " + VISIBLE) for line in lines), out
    if command == ("show",):
        for prefix in ("I ", "C ", "5 U ", "Q "):
            assert prefix + VISIBLE in out, prefix
    if command[0] == "diff":
        assert "I " + VISIBLE in out


@pytest.mark.parametrize("command", [("show",), ("diff", "2010", "2011", "--all")])
def test_coloured_table_still_prints_markup_literally(
    runner: CliRunner, evil: Path, command: tuple[str, ...]
) -> None:
    """With colour on, the only escape sequences are the tool's own SGR styles."""
    result = invoke(runner, *command, "--data", str(evil), env=COLOUR)
    assert result.exit_code == 0
    out = result.stdout
    assert "\x1b[" in out  # coloured indeed
    # Only Select Graphic Rendition sequences: no title, no link (OSC 8), no cursor moves.
    without_sgr = re.sub(r"\x1b\[[0-9;]*m", "", out)
    assert_no_controls(without_sgr)
    assert "\x1b]" not in out
    assert "http://evil" in without_sgr  # printed as text...
    assert "\x1b]8;" not in out  # ...never as a hyperlink
    assert MARKUP in without_sgr


def markdown_rows(text: str) -> list[list[str]]:
    rows = []
    for line in text.splitlines():
        if line.startswith("|") and not re.fullmatch(r"\|(---\|)+", line):
            rows.append(row_cells(line))
    return rows


@pytest.mark.parametrize("command", [("show",), ("diff", "2010", "2011", "--all")])
def test_markdown_escapes_pipes(runner: CliRunner, evil: Path, command: tuple[str, ...]) -> None:
    out = run(runner, *command, "--format", "markdown", "--data", str(evil))
    # Pipes, brackets (links), emphasis and code marks are escaped with a backslash.
    escaped = re.sub(r"([\\`*_\[\]|])", r"\\\1", VISIBLE)
    assert f"# T {escaped}" in out
    rows = markdown_rows(out)
    assert rows
    # A pipe inside a cell does not split it: each table keeps its column count (6 for
    # the pillar tables and the diff's indicator table, 8 for show's indicator table).
    widths = {len(r) for r in rows}
    assert widths <= {6, 8}, widths
    # Show's tables add the id after the name: "P ... (p)".
    assert any(r[0] == f"P {escaped}" or r[0].startswith(f"P {escaped} (") for r in rows)
    assert any(r[0] == f"I {escaped}" or r[0].startswith(f"I {escaped} (") for r in rows)
    assert " | G" not in out.replace(" \\| G", "")


def test_csv_keeps_text_and_drops_controls(runner: CliRunner, evil: Path) -> None:
    for args in (("show",), ("diff", "2010", "2011")):
        out = run(runner, *args, "--format", "csv", "--data", str(evil))
        rows = list(csv.DictReader(io.StringIO(out)))
        assert len(rows) == 2
        name = rows[0]["name"]
        assert name.startswith("I A [red]x[/red] B [link=http://evil]y[/link] C Z D")
        assert " ".join(name.split()) == "I " + VISIBLE


@pytest.mark.parametrize("fmt", ["json", "ndjson"])
def test_json_formats_escape_controls_but_keep_the_text(
    runner: CliRunner, evil: Path, fmt: str
) -> None:
    for args in (("show",), ("diff", "2010", "2011")):
        out = run(runner, *args, "--format", fmt, "--data", str(evil), env=COLOUR)
        if fmt == "json":
            doc = json.loads(out)
            assert doc["title"] == "T " + EVIL
            names = [
                i["name"]
                for i in (
                    doc["indicators"]
                    if args[0] == "diff"
                    else [i for p in doc["pillars"] for i in p["indicators"]]
                )
            ]
        else:
            names = [json.loads(line)["name"] for line in out.splitlines()]
        assert names == ["I " + EVIL, "C " + EVIL]
        # The escapes are written as JSON escapes, which a terminal does not act on.
        assert "\\u001b[31m" in out and "\\u009b" in out and "\\u0007" in out
        assert "\\u202egnp\\u2066.\\u2069exe" in out


def test_show_json_keeps_every_text_field(runner: CliRunner, evil: Path) -> None:
    doc = json.loads(run(runner, "show", "--json", "--data", str(evil)))
    pillar = doc["pillars"][0]
    ind = pillar["indicators"][0]
    assert pillar["name"] == "P " + EVIL
    assert pillar["assessment"]["quote"] == "Q " + EVIL
    assert ind["unit"] == "U " + EVIL
    assert ind["notes"] == "N " + EVIL
    assert ind["evidence"]["quote"] == "O2 " + EVIL
    assert ind["evidence"]["note"] == "ON " + EVIL
    assert ind["target"]["rationale"] == "TR " + EVIL
    assert doc["sources"][0]["title"] == "S " + EVIL


def test_validate_text_and_json(runner: CliRunner, evil: Path) -> None:
    out = run(runner, "validate", str(evil))
    assert out.endswith("valid: 1 pillars, 2 indicators, 3 observations, 0 warning(s)\n")
    out = run(runner, "validate", str(evil), "--format", "json")
    assert json.loads(out)["valid"] is True


def broken_document() -> dict[str, Any]:
    doc = evil_document()
    doc["scorecard"][EVIL] = 1  # an unknown key named by the file
    doc["pillars"].append({"id": "q", "name": "Q", "weight": EVIL})  # a wrong type
    doc["indicators"][0]["direction"] = EVIL  # a wrong value
    doc["indicators"][0]["observations"][0]["source"] = "r" + "x" * 70  # too long an id
    return doc


def test_invalid_file_messages_are_safe(runner: CliRunner, write_data: WriteData) -> None:
    path = str(write_data(tomli_w.dumps(broken_document())))
    result = invoke(runner, "validate", path, env=WIDE)
    assert result.exit_code == 1
    assert_no_controls(result.stdout)
    lines = result.stdout.splitlines()
    assert len(lines) >= 4
    assert all(line.startswith(path) for line in lines)
    # The unknown key is named as written, markup and all, as plain text.
    assert any(MARKUP in line and LINK in line for line in lines)

    result = invoke(runner, "validate", path, "--format", "json", env=WIDE)
    assert result.exit_code == 1
    assert_no_controls(result.stdout, escaped=True)
    report = json.loads(result.stdout)
    assert report["valid"] is False
    # JSON keeps the key as written (escaped in the bytes, intact once parsed).
    assert any(p["field"] == EVIL for p in report["errors"])

    for command in (("show",), ("diff", "2010", "2011"), ("show", "--json")):
        result = invoke(runner, *command, "--data", path, env=WIDE)
        assert result.exit_code == 3
        assert result.stdout == ""
        assert_no_controls(result.stderr)
        assert len(result.stderr.splitlines()) == len(lines) - 1  # no summary line


def test_file_name_with_controls(runner: CliRunner, write_data: WriteData) -> None:
    """The data file's own name is shown too, and is just as untrusted."""
    name = "evil\x1b[31m\x9b2J.toml"
    path = str(write_data(tomli_w.dumps(evil_document()), name=name))
    for fmt in ("table", "markdown"):
        out = run(runner, "show", "--format", fmt, "--data", path)
        assert "evil" in out and ".toml" in out
    out = run(runner, "show", "--json", "--data", path)
    assert json.loads(out)["data_file"] == name
    result = invoke(runner, "show", "--year", "1999", "--data", path, env=WIDE)
    assert result.exit_code == 2
    assert_no_controls(result.stderr)


def test_markdown_never_turns_data_into_a_link(runner: CliRunner, write_data: WriteData) -> None:
    document = evil_document()
    document["pillars"][0]["name"] = "[click](javascript:alert(1)) **bold**"
    out = run(
        runner, "show", "--format", "markdown", "--data", str(write_data(tomli_w.dumps(document)))
    )
    assert "[click](" not in out
    assert "\\[click\\](javascript:alert(1)) \\*\\*bold\\*\\*" in out


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://evil","x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)"]
)
def test_csv_never_starts_a_text_cell_with_a_formula(
    runner: CliRunner, write_data: WriteData, text: str
) -> None:
    doc = evil_document()
    doc["indicators"][0]["name"] = text
    doc["indicators"][0]["observations"][0]["quote"] = text
    path = write_data(tomli_w.dumps(doc))
    out = run(runner, "show", "--year", "2010", "--format", "csv", "--data", str(path))
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["name"] == "'" + text
    assert row["quote"] == "'" + text
    # Numbers stay numbers, negative ones too.
    assert all(not row[c].startswith("'") for c in ("value", "score", "score_low", "score_high"))
