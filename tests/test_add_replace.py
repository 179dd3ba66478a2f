"""`add --replace`: provenance is never dropped without a word, and only a year that exists
can be replaced (issue 14, reproduction 12)."""

from __future__ import annotations

import tomllib
from typing import TYPE_CHECKING, Any

import pytest

from helpers import edit, invoke

if TYPE_CHECKING:
    from pathlib import Path

    from typer.testing import CliRunner, Result

    from helpers import WriteData

#: The fixture's 2010 homicides observation, with every provenance field filled in.
FULL = """[[indicators.observations]]
year = 2010
value = 18.0
period = "January-June"
source = "report"
quote = "The rate was 18."
page = 12
section = "Crime"
note = "Half a year only."
"""


@pytest.fixture
def data(write_data: WriteData, valid_toml: str) -> Path:
    return write_data(
        edit(
            valid_toml,
            (
                '[[indicators.observations]]\nyear = 2010\nvalue = 18.0\nsource = "report"\n'
                'quote = "The rate was 18."\n',
                FULL,
            ),
        )
    )


def homicides_2010(path: Path) -> dict[str, Any]:
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    return next(o for o in doc["indicators"][0]["observations"] if o["year"] == 2010)


def replace(runner: CliRunner, path: Path, *args: str) -> Result:
    base = ["add", "homicides", "--year", "2010", "--replace", "--data", str(path)]
    return invoke(runner, *base, *args)


@pytest.mark.parametrize("dry_run", [True, False])
def test_same_source_keeps_the_citation_and_note_and_lists_every_field(
    runner: CliRunner, data: Path, dry_run: bool
) -> None:
    before = data.read_bytes()
    args = ["--value", "17", "--source", "report", *(["--dry-run"] if dry_run else [])]
    result = replace(runner, data, *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "homicides 2010: 18 per 100,000 (covers January-June only) -> 17 per 100,000\n"
        "  value: 18 -> 17\n"
        "  period: removed (was 'January-June')\n"
        "  quote: kept 'The rate was 18.'\n"
        "  page: kept 12\n"
        "  section: kept 'Crime'\n"
        "  note: kept 'Half a year only.'\n"
    )
    if dry_run:
        assert data.read_bytes() == before
        return
    assert homicides_2010(data) == {
        "year": 2010,
        "value": 17.0,
        "source": "report",
        "quote": "The rate was 18.",
        "page": 12,
        "section": "Crime",
        "note": "Half a year only.",
    }


def test_new_fields_replace_old_ones_and_say_so(runner: CliRunner, data: Path) -> None:
    result = replace(
        runner, data, "--value", "17", "--source", "report", "--quote", "Now 17.", "--note", "Full"
    )
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "  quote: 'The rate was 18.' -> 'Now 17.'" in lines
    assert "  note: 'Half a year only.' -> 'Full'" in lines
    assert "  page: kept 12" in lines
    assert homicides_2010(data)["quote"] == "Now 17."


def test_another_source_does_not_inherit_the_old_citation(runner: CliRunner, data: Path) -> None:
    result = replace(
        runner,
        data,
        "--value",
        "17",
        "--source",
        "stats",
        "--external",
        "--url",
        "https://example.org/s",
    )
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "  source: 'report' -> 'stats'" in lines
    assert "  quote: removed (was 'The rate was 18.')" in lines
    assert "  page: removed (was 12)" in lines
    assert "  note: kept 'Half a year only.'" in lines
    assert homicides_2010(data) == {
        "year": 2010,
        "value": 17.0,
        "source": "stats",
        "external": True,
        "url": "https://example.org/s",
        "note": "Half a year only.",
    }


def test_drop_old_fields_keeps_nothing_but_lists_it(runner: CliRunner, data: Path) -> None:
    result = replace(runner, data, "--value", "17", "--source", "report", "--drop-old-fields")
    assert result.exit_code == 0, result.stderr
    assert "  quote: removed (was 'The rate was 18.')" in result.stdout.splitlines()
    assert homicides_2010(data) == {"year": 2010, "value": 17.0, "source": "report"}


def test_drop_old_fields_needs_replace(runner: CliRunner, data: Path) -> None:
    args = ["homicides", "--year", "2012", "--value", "1", "--source", "report"]
    result = invoke(runner, "add", *args, "--drop-old-fields", "--data", str(data))
    assert result.exit_code == 2
    assert result.stderr == "--drop-old-fields goes with --replace\n"


def test_replace_refuses_a_year_without_an_observation(runner: CliRunner, data: Path) -> None:
    before = data.read_bytes()
    args = ["homicides", "--year", "2013", "--value", "1", "--source", "report", "--replace"]
    result = invoke(runner, "add", *args, "--data", str(data))
    assert result.exit_code == 2
    assert result.stderr == (
        "homicides has no observation for 2013 to replace (years: 2010, 2011); "
        "leave out --replace to add one\n"
    )
    assert data.read_bytes() == before


def test_a_unit_with_a_line_break_cannot_forge_a_line(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    path = write_data(
        edit(valid_toml, ('unit = "per 100,000"', 'unit = "per 100,000\\nwrote /etc/passwd"'))
    )
    args = ["homicides", "--year", "2012", "--value", "1", "--source", "report", "--dry-run"]
    result = invoke(runner, "add", *args, "--data", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "homicides 2012: (none) -> 1 per 100,000 wrote /etc/passwd\n"
