"""`scorecard add --from FILE.csv`: every row checked first, then all rows in one write, or
none (issue 14, "the yearly update in one step")."""

from __future__ import annotations

import csv
import io
import tomllib
from typing import TYPE_CHECKING, Any

import pytest
from filelock import FileLock

from helpers import DATA, invoke
from scorecard.edit.files import atomic_write

if TYPE_CHECKING:
    from pathlib import Path

    from typer.testing import CliRunner, Result

    from helpers import WriteData

COLUMNS = ["indicator", "year", "value", "level", "source", "quote", "external", "url"]


def forty_rows() -> list[dict[str, str]]:
    """40 observations for the fixture's three indicators, in years it does not have yet."""
    rows = []
    for year in range(2012, 2025):
        rows.append({"indicator": "homicides", "year": str(year), "value": str(30 - year % 20)})
    for year in range(2011, 2025):
        rows.append(
            {
                "indicator": "exports",
                "year": str(year),
                "value": str(10 * (year - 2000)),
                "source": "stats",
                "external": "true",
                "url": f"https://example.org/stats/{year}",
            }
        )
    for year in range(2012, 2025):
        rows.append({"indicator": "reform", "year": str(year), "level": "full"})
    for row in rows:
        row.setdefault("source", "report")
        row.setdefault("quote", f"The {row['indicator']} figure for {row['year']}.")
    assert len(rows) == 40
    return rows


def csv_text(rows: list[dict[str, str]], columns: list[str] = COLUMNS) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def add_from(runner: CliRunner, csv_path: Path, *args: str, data: str = DATA) -> Result:
    return invoke(runner, "add", "--from", str(csv_path), *args, "--data", data)


def observations(path: Path) -> dict[tuple[str, int], dict[str, Any]]:
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    return {(i["id"], o["year"]): o for i in doc["indicators"] for o in i.get("observations", [])}


@pytest.fixture
def data(write_data: WriteData, valid_toml: str) -> Path:
    return write_data(valid_toml)


@pytest.fixture
def writes(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file `add --from` writes, in order."""
    written: list[Path] = []

    def counting(path: Path, data: bytes, **kwargs: Any) -> None:
        written.append(path)
        atomic_write(path, data, **kwargs)

    # Where `add --from` looks the function up.
    monkeypatch.setattr("scorecard.edit.batch.atomic_write", counting)
    return written


def test_one_bad_row_changes_nothing_and_is_named_then_fixed_all_40_land_in_one_write(
    runner: CliRunner, data: Path, write_data: WriteData, writes: list[Path]
) -> None:
    before = data.read_bytes()
    rows = forty_rows()
    rows[30]["level"] = "finished"  # reform has none, some and full
    bad = write_data(csv_text(rows), "update.csv")

    result = add_from(runner, bad)

    assert result.exit_code == 2
    # Row 31 of the data is on line 32 of the CSV (the header is line 1).
    assert result.stderr.splitlines() == [
        f"update.csv:32: reform {rows[30]['year']}: unknown level 'finished' for reform "
        "(scale 'progress'); known: none, some, full",
        "update.csv: 1 problem(s); nothing was written to data.toml",
    ]
    assert data.read_bytes() == before
    assert writes == []

    rows[30]["level"] = "full"
    fixed = write_data(csv_text(rows), "update.csv")
    result = add_from(runner, fixed)

    assert result.exit_code == 0, result.stderr
    assert len(writes) == 1
    assert result.stdout.splitlines()[-1] == "added 40 observation(s) in one write"
    after = observations(data)
    for row in rows:
        obs = after[(row["indicator"], int(row["year"]))]
        assert obs["source"] == row["source"]
        assert obs["quote"] == row["quote"]
        if row.get("value"):
            assert obs["value"] == float(row["value"])
        else:
            assert obs["level"] == row["level"]
    assert len(after) == len(observations_of_text(before)) + 40
    assert invoke(runner, "validate", str(data)).exit_code == 0


def observations_of_text(text: bytes) -> dict[tuple[str, int], Any]:
    doc = tomllib.loads(text.decode("utf-8"))
    return {(i["id"], o["year"]): o for i in doc["indicators"] for o in i.get("observations", [])}


def test_every_bad_row_is_reported_in_csv_order(
    runner: CliRunner, data: Path, write_data: WriteData
) -> None:
    before = data.read_bytes()
    text = (
        "indicator,year,value,source,quote\n"
        "homicides,2012,12,report,ok\n"
        'nowhere,2012,1,report,"a quote\nover two lines"\n'
        "homicides,2012,11,report,again\n"
        "homicides,20x2,1,report,q\n"
        "homicides,2013,nan,report,q\n"
        "homicides,2014,,report,no value\n"
        "homicides,2015,1,nosuch,q\n"
    )
    result = add_from(runner, write_data(text, "u.csv"))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert [line.split(":")[1] for line in lines[:-1]] == ["3", "5", "6", "7", "8", "9"]
    assert lines[0].startswith("u.csv:3: nowhere 2012: unknown indicator 'nowhere'")
    assert lines[1] == "u.csv:5: homicides 2012: the CSV gives this year on line 2 too"
    assert lines[2] == "u.csv:6: homicides 20x2: year: not a year ('20x2'; write it like 2011)"
    assert lines[3] == "u.csv:7: homicides 2013: value must be a finite number (got 'nan')"
    assert lines[4].startswith("u.csv:8: homicides 2014: give exactly one of --value")
    assert lines[5].startswith("u.csv:9: homicides 2015: unknown source 'nosuch'")
    assert lines[-1] == "u.csv: 6 problem(s); nothing was written to data.toml"
    assert data.read_bytes() == before


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("indicator,year,value,colour", "unknown column(s) 'colour'; the columns are indicator"),
        ("indicator,value,source", "missing column(s) year"),
        ("indicator,year,year,source", "repeated column(s) year"),
    ],
)
def test_a_bad_header_is_one_message(
    runner: CliRunner, data: Path, write_data: WriteData, header: str, message: str
) -> None:
    result = add_from(runner, write_data(header + "\nhomicides,2012,1,report\n", "h.csv"))
    assert result.exit_code == 2
    assert result.stderr.startswith("h.csv:1: " + message)


def test_dry_run_lists_every_row_and_writes_nothing(
    runner: CliRunner, data: Path, write_data: WriteData
) -> None:
    before = data.read_bytes()
    path = write_data(csv_text(forty_rows()[:2]), "u.csv")
    result = add_from(runner, path, "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "homicides 2012: (none) -> 18 per 100,000\n"
        "homicides 2013: (none) -> 17 per 100,000\n"
        "would add 2 observation(s) in one write\n"
    )
    assert data.read_bytes() == before


def test_limit_columns_are_accepted(runner: CliRunner, data: Path, write_data: WriteData) -> None:
    text = (
        "indicator,year,at_least,limit,limit_rationale,source,quote\n"
        "homicides,2012,12,20,The worst year on record,report,At least 12.\n"
    )
    result = add_from(runner, write_data(text, "u.csv"))
    assert result.exit_code == 0, result.stderr
    obs = observations(data)[("homicides", 2012)]
    assert (obs["at_least"], obs["limit"]) == (12.0, 20.0)
    assert obs["limit_rationale"] == "The worst year on record"


def test_from_takes_no_observation_options(
    runner: CliRunner, data: Path, write_data: WriteData
) -> None:
    path = write_data(csv_text(forty_rows()[:1]), "u.csv")
    result = add_from(runner, path, "--year", "2012")
    assert result.exit_code == 2
    assert result.stderr == "--from takes every observation from the CSV: leave out --year\n"


def test_from_waits_for_the_same_lock_as_add(
    runner: CliRunner, data: Path, write_data: WriteData
) -> None:
    before = data.read_bytes()
    path = write_data(csv_text(forty_rows()[:1]), "u.csv")
    with FileLock(str(data.resolve()) + ".lock"):
        result = add_from(runner, path, "--lock-timeout", "0.1")
    assert result.exit_code == 4
    assert data.read_bytes() == before
