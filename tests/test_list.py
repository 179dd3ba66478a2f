"""`scorecard list`: the ids other commands take, at a fixed width, in every format."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

import pytest

from helpers import invoke, ok, pipe_tables
from scorecard.render.listing import year_runs

if TYPE_CHECKING:
    from typer.testing import CliRunner

    from helpers import WriteData


def test_year_runs() -> None:
    assert year_runs([]) == "-"
    assert year_runs([2011]) == "2011"
    assert year_runs([2007, 2008, 2009, 2011, 2014, 2015]) == "2007-2009, 2011, 2014-2015"


#: `scorecard list` of the tests' small file at 80 columns: grouped by pillar, with the
#: method and unit under each name and the years with data.
INDICATORS_80 = [
    "3 indicators in {path}",
    " Id          Name                   Years     ",
    "──────────────────────────────────────────────",
    " safety:                                      ",
    " homicides   Homicide rate          2010-2011 ",
    "             target · per 100,000             ",
    " trade:                                       ",
    " exports     Exports                2010      ",
    "             goalposts                        ",
    " reform      Customs reform         2011      ",
    "             ordinal                          ",
]


def test_indicators_table_at_80_columns(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    path = str(write_data(valid_toml))
    out = ok(runner, "list", "--data", path, env={"COLUMNS": "80"})
    assert out.splitlines() == [line.format(path=path) for line in INDICATORS_80]


@pytest.mark.parametrize(
    ("what", "expected"),
    [
        ("pillars", [("safety", "Safety", "", "2010 2011"), ("trade", "Trade", "", "2010 2011")]),
        (
            "indicators",
            [
                ("homicides", "Homicide rate", "safety", "2010 2011"),
                ("exports", "Exports", "trade", "2010"),
                ("reform", "Customs reform", "trade", "2011"),
            ],
        ),
        (
            "sources",
            [("report", "The report", "", "2010 2011"), ("stats", "Statistics office", "", "2010")],
        ),
        ("scales", [("progress", "Progress", "", "2011")]),
    ],
)
def test_every_kind_as_csv(
    runner: CliRunner,
    write_data: WriteData,
    valid_toml: str,
    what: str,
    expected: list[tuple[str, str, str, str]],
) -> None:
    path = str(write_data(valid_toml))
    rows = list(csv.DictReader(io.StringIO(ok(runner, "list", what, "--data", path, "-f", "csv"))))
    assert [(r["id"], r["name"], r["pillar"], r["years"]) for r in rows] == expected
    assert {r["kind"] for r in rows} == {what}


def test_json_ndjson_and_markdown(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    path = str(write_data(valid_toml))
    report = json.loads(ok(runner, "list", "scales", "--data", path, "--json"))
    assert (report["kind"], report["what"]) == ("list", "scales")
    assert report["items"][0]["detail"] == "none 0, some 50, full 100"
    assert report["items"][0]["count"] == 1
    rows = [json.loads(r) for r in ok(runner, "list", "--data", path, "-f", "ndjson").splitlines()]
    assert [r["method"] for r in rows] == ["target", "goalposts", "ordinal"]
    (table,) = pipe_tables(ok(runner, "list", "sources", "--data", path, "-f", "markdown"))
    assert table[0] == ["Id", "Title", "Cited", "Years"]
    assert [r[0] for r in table[1]] == ["`report`", "`stats`"]


def test_an_unknown_kind_is_a_usage_error(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    path = str(write_data(valid_toml))
    result = invoke(runner, "list", "indicator", "--data", path)
    assert result.exit_code == 2
    assert "indicator" in result.stderr
