"""Property: whatever a data file contains, `validate` answers with an exit code and words.

Start from a valid document (the small test fixture, and the frozen copy of the dataset),
damage it at random, and check that `validate` never crashes: exit 0 or 1 (the file
exists, so it can always be read), some output, no traceback, every line about the file,
line numbers that exist in the file, and a JSON report that agrees with the exit code.
When the damaged file is still TOML, every error names its line (but a top-level table
that is missing altogether, which stands on no line).
"""

from __future__ import annotations

import json
import re
import tomllib
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import FROZEN, assert_no_traceback
from scorecard.cli import app

if TYPE_CHECKING:
    from pathlib import Path

    from typer.testing import CliRunner

#: Values that TOML may accept but the schema should not, or that break TOML itself.
TOKENS = [
    b"nan",
    b"+inf",
    b"-inf",
    b"true",
    b"false",
    b'""',
    b'"x"',
    b'"safety"',
    b'"none"',
    b'"report"',
    b"0",
    b"-1",
    b"1e999",
    b"1492",
    b"2101",
    b"99999999999999999999999",
    b"2010-01-01",
    b"[]",
    b"[1, 2]",
    b"{}",
    b'{ method = "none" }',
    b'{ method = "ordinal", scale = "nowhere" }',
    b"[",
    b"{",
    b'"""',
    b"'''",
    b"[[[[[[",
    b"\x00",
    b"\xff\xfe",
    # Issue 14: long integers, extreme floats, pathological white space, bidirectional
    # and invisible characters, spreadsheet formula prefixes.
    b"1" + b"0" * 5000,
    b"0x" + b"f" * 5000,
    b"1" + b"0" * 400,
    b"1e308",
    b"-1e308",
    b"1.7976931348623157e308",
    b"5e-324",
    b'{ method = "goalposts", min = -1e308, max = 1e308, rationale = "r" }',
    b'[\n["x",' + b" " * 60_000 + b'"y"], "z",\n]',
    b'"\xe2\x80\xaegnp\xe2\x81\xa6.exe\xe2\x81\xa9\xe2\x80\x8b"',
    b'"a\xe2\x80\xa8b\xc2\x85c"',
    b'"=HYPERLINK(\\"http://x\\")"',
    b"\"+cmd|' /C calc'!A0\"",
]

value_tokens = st.one_of(
    st.sampled_from(TOKENS),
    st.text(max_size=12).map(lambda s: s.encode("utf-8")),
    st.floats(allow_nan=True, allow_infinity=True).map(lambda f: repr(f).encode()),
    st.integers(min_value=-(10**6), max_value=10**6).map(lambda i: str(i).encode()),
)

OPERATIONS = ["delete", "duplicate", "swap", "replace value", "insert bytes", "truncate"]


@st.composite
def damaged(draw: st.DrawFn, base: bytes) -> bytes:
    """`base` after one to four random edits of its lines or bytes."""
    lines = base.split(b"\n")
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        if not lines:
            break
        op = draw(st.sampled_from(OPERATIONS))
        i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "replace value":
            with_values = [n for n, line in enumerate(lines) if b"=" in line]
            if with_values:
                n = draw(st.sampled_from(with_values))
                key = lines[n].split(b"=", 1)[0]
                lines[n] = key + b"= " + draw(value_tokens)
        elif op == "insert bytes":
            column = draw(st.integers(min_value=0, max_value=len(lines[i])))
            junk = draw(st.binary(min_size=1, max_size=16))
            lines[i] = lines[i][:column] + junk + lines[i][column:]
        else:  # truncate
            lines = lines[:i]
            if lines:
                cut = draw(st.integers(min_value=0, max_value=len(lines[-1])))
                lines[-1] = lines[-1][:cut]
    return b"\n".join(lines)


LIST_INDEX = re.compile(rb"\b(?:sources|pillars|scales|indicators)(?:\[\d+\]|\.\d+)")


def check_run(runner: CliRunner, path: Path, data: bytes, fmt: str) -> None:
    path.write_bytes(data)
    result = runner.invoke(app, ["validate", str(path), "--format", fmt])
    assert_no_traceback(result)
    # 2 is for files that cannot be read; this one always can.
    assert result.exit_code in {0, 1}, result.output
    if result.exit_code == 0:
        # What validates, scores: finite numbers only, whatever the values (issue 14).
        shown = runner.invoke(app, ["show", "--format", "json", "--data", str(path)])
        assert_no_traceback(shown)
        if shown.exit_code == 2 and "the data file has no observations yet" in shown.stderr:
            # Valid with no observation at all (a file cut short, say): no year to show it
            # at, which `show` says as a usage error (README, exit codes).
            assert not parsed_observations(data)
        else:
            assert shown.exit_code == 0, shown.output
            assert "NaN" not in shown.stdout and "Infinity" not in shown.stdout
            json.loads(shown.stdout)
    assert result.output.strip()
    assert not LIST_INDEX.search(result.output_bytes)
    if fmt == "text":
        for line in result.output.splitlines():
            assert line.startswith(str(path)), line
        last = result.output.splitlines()[-1]
        assert (": valid: " in last) == (result.exit_code == 0), last
        return
    report: dict[str, Any] = json.loads(result.stdout)
    assert report["data_file"] == str(path)
    assert report["valid"] == (result.exit_code == 0)
    assert bool(report["errors"]) == (result.exit_code == 1)
    n_lines = data.count(b"\n") + 1
    for problem in [*report["errors"], *report["warnings"]]:
        assert problem["file"] == str(path)
        assert problem["message"]
        assert problem["line"] is None or 1 <= problem["line"] <= n_lines, problem
    parsed = toml_or_none(data)
    if parsed is not None:
        for problem in report["errors"]:
            # A top-level table or array that is missing altogether stands on no line.
            top = "scorecard" if problem["kind"] == "scorecard" else problem["field"]
            absent = problem["id"] is None and top not in parsed
            assert problem["line"] is not None or absent, problem


def parsed_observations(data: bytes) -> int:
    """How many observations a readable file holds."""
    parsed = toml_or_none(data)
    indicators = parsed.get("indicators", []) if parsed is not None else []
    return sum(len(i.get("observations", [])) for i in indicators)


def toml_or_none(data: bytes) -> dict[str, Any] | None:
    try:
        return tomllib.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    except ValueError:
        # An integer of more than 4,300 digits: Python refuses to convert it, and tomllib
        # lets that error through (the command reports it as a problem, with its line).
        return None


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("property") / "damaged.toml"


@pytest.fixture(scope="module")
def frozen_toml() -> str:
    return FROZEN.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["fixture", "frozen"])
# Twice the profile's count: 200 in the full profile that CI runs.
@settings(max_examples=2 * settings().max_examples, deadline=None)
@given(data=st.data(), fmt=st.sampled_from(["text", "json"]))
def test_damaged_document_never_crashes(
    runner: CliRunner,
    target: Path,
    valid_toml: str,
    frozen_toml: str,
    name: str,
    data: st.DataObject,
    fmt: str,
) -> None:
    text = valid_toml if name == "fixture" else frozen_toml
    check_run(runner, target, data.draw(damaged(text.encode("utf-8"))), fmt)


@pytest.mark.parametrize("name", ["fixture", "frozen"])
def test_undamaged_documents_are_valid(
    runner: CliRunner, target: Path, valid_toml: str, frozen_toml: str, name: str
) -> None:
    text = valid_toml if name == "fixture" else frozen_toml
    target.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(target)])
    assert result.exit_code == 0, result.output
