"""`scorecard sensitivity`: centred on `show`, reproducible, every format, a light start.

The data files are small ones written here (the conftest's fixture and variants of it):
the numbers checked are computed from them, never read off the shipped dataset.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema  # type: ignore[import-untyped]
import pytest
import tomli_w

from helpers import (
    as_json,
    child_env,
    csv_text,
    goalposts_indicator,
    obs,
    ok,
    pipe_tables,
    small_scorecard,
)
from scorecard.load import DataPath, load
from scorecard.render.sensitivity import SENSITIVITY_COLUMNS
from scorecard.score import build_show_report
from scorecard.sensitivity import GROUPS, analyse, build_model

if TYPE_CHECKING:
    from typer.testing import CliRunner

    from helpers import WriteData

SCHEMA = Path(__file__).resolve().parents[1] / "docs" / "schema" / "sensitivity.json"


def sensitivity_json(runner: CliRunner, path: Path, *args: str) -> dict[str, Any]:
    return as_json(runner, "sensitivity", "--data", str(path), *args)


def geometric_variant(valid_toml: str) -> str:
    """The fixture with geometric means for the trade pillar and the overall."""
    data = tomllib.loads(valid_toml)
    data["scorecard"]["aggregation"] = "geometric"
    data["pillars"][1]["aggregation"] = "geometric"
    return tomli_w.dumps(data)


# ---------------------------------------------------------------------------------------
# The nominal run is `show`


@pytest.mark.parametrize("variant", ["as written", "geometric"])
@pytest.mark.parametrize("year", [2010, 2011])
def test_the_model_at_the_stated_assumptions_is_show(
    write_data: WriteData, valid_toml: str, variant: str, year: int
) -> None:
    """The vectorised arithmetic, every input at its stated value, gives `show`'s scores bit
    for bit: the same operations in the same order (fixed inputs stay Python floats, so the
    logarithms and exponentials are the C library's, as in score.py)."""
    text = valid_toml if variant == "as written" else geometric_variant(valid_toml)
    path = write_data(text)
    doc = load(DataPath(path, "--data")).doc
    show = build_show_report(doc, str(path), "--data", year=year)
    nominal = build_model(doc, show).nominal()
    expected = {p.id: p.result.score for p in show.pillars} | {"overall": show.overall.result.score}
    assert set(nominal) == set(expected)
    for name, value in nominal.items():
        want = expected[name]
        assert want is not None
        assert value == want, name


def test_the_nominal_score_in_the_report_is_shows(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    path = write_data(valid_toml)
    show = as_json(runner, "show", "--data", str(path), "--year", "2011")
    report = sensitivity_json(runner, path, "--runs", "200", "--seed", "5", "--year", "2011")
    assert report["overall"]["nominal"] == show["overall"]["result"]
    assert [p["nominal"] for p in report["pillars"]] == [p["result"] for p in show["pillars"]]
    assert [p["id"] for p in report["pillars"]] == ["safety", "trade"]


# ---------------------------------------------------------------------------------------
# No uncertainty, no spread


def certain_scorecard() -> str:
    """Exact values only, no scale, no alternative: the data leave nothing to vary."""
    doc = small_scorecard(
        "Certain",
        goalposts_indicator("a", "A", obs(2020, value=30.0, quote="q"), pillar="p"),
        goalposts_indicator("b", "B", obs(2020, value=70.0, quote="q"), pillar="p"),
        goalposts_indicator("c", "C", obs(2020, value=55.0, quote="q"), pillar="q"),
        pillars=({"id": "p", "name": "P"}, {"id": "q", "name": "Q"}),
    )
    return tomli_w.dumps(doc)


def test_a_file_with_no_uncertainty_gives_zero_spread(
    runner: CliRunner, write_data: WriteData
) -> None:
    path = write_data(certain_scorecard())
    report = sensitivity_json(
        runner, path, "--runs", "500", "--seed", "3", "--vary", "values,levels,goalposts"
    )
    assert [g["inputs"] for g in report["groups"]] == [0, 0, 0, 0, 0]
    assert report["inputs"] == []
    for result in [*report["pillars"], report["overall"]]:
        nominal = result["nominal"]["score"]
        d = result["distribution"]
        assert d["median"] == d["p5"] == d["p95"] == d["minimum"] == d["maximum"] == nominal
        assert d["std"] == 0.0
        assert d["bands"][result["nominal"]["status"]] == 1.0
        assert result["indices"] == []
        assert result["indices_reason"].startswith("no assumption is varied")
    # P scores 50 (progressing), Q 55: P is the weaker in every run.
    assert [p["rank"]["weakest"] for p in report["pillars"]] == [1.0, 0.0]
    assert [p["rank"]["shares"] for p in report["pillars"]] == [[1.0, 0.0], [0.0, 1.0]]


def test_a_single_part_has_no_weight_or_mean_to_vary(
    runner: CliRunner, write_data: WriteData
) -> None:
    """One indicator in one pillar: its weight and the choice of mean change nothing, so
    even the default groups leave the score where it is."""
    doc = small_scorecard("One", goalposts_indicator("a", "A", obs(2020, value=42.0, quote="q")))
    path = write_data(tomli_w.dumps(doc))
    report = sensitivity_json(runner, path, "--runs", "100", "--seed", "1")
    assert all(g["varied"] for g in report["groups"])
    assert sum(g["inputs"] for g in report["groups"]) == 0
    d = report["overall"]["distribution"]
    assert d["p5"] == d["p95"] == 42.0


def test_spread_appears_with_the_uncertainty(runner: CliRunner, write_data: WriteData) -> None:
    """The same file with one range and an open bound: only those move, within their
    score intervals, and the open bound's default end is named."""
    doc = tomllib.loads(certain_scorecard())
    doc["indicators"][0]["observations"][0] = obs(2020, low=20.0, high=40.0, quote="q")
    doc["indicators"][2]["observations"][0] = obs(2020, at_least=55.0, quote="q")
    path = write_data(tomli_w.dumps(doc))
    report = sensitivity_json(runner, path, "--runs", "2000", "--seed", "9", "--vary", "values")
    inputs = {(i["item"], i["description"], i["default"]) for i in report["inputs"]}
    assert inputs == {("a", "uniform on [20, 40]", False), ("c", "uniform on [55, 100]", True)}
    p, q = report["pillars"]
    # P = (a + 70) / 2 with a uniform on [20, 40]: from 45 to 55, median 50.
    assert 45.0 <= p["distribution"]["p5"] < 46.0 and 54.0 < p["distribution"]["p95"] <= 55.0
    assert abs(p["distribution"]["median"] - 50.0) < 0.5
    # Q: at least 55 on goalposts 0-100, sampled up to 100 (where the score stops moving).
    assert q["nominal"]["score"] == 55.0
    assert q["distribution"]["minimum"] >= 55.0 and q["distribution"]["maximum"] <= 100.0
    assert abs(q["distribution"]["median"] - 77.5) < 1.5
    # One group moves everything: both its indices are 1, within their stated error.
    (index,) = p["indices"]
    assert index["group"] == "values"
    assert abs(index["first_order"] - 1.0) <= 4 * index["first_order_se"]
    assert abs(index["total"] - 1.0) <= 4 * index["total_se"]


# ---------------------------------------------------------------------------------------
# Reproducible


def test_the_same_seed_gives_identical_output(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    path = str(write_data(valid_toml))
    for fmt in ("json", "table", "csv"):
        args = ("sensitivity", "--data", path, "--runs", "3000", "--seed", "42", "-f", fmt)
        assert ok(runner, *args) == ok(runner, *args)
    first = ok(runner, "sensitivity", "--data", path, "--runs", "3000", "--seed", "42", "--json")
    other = ok(runner, "sensitivity", "--data", path, "--runs", "3000", "--seed", "43", "--json")
    assert json.loads(first)["seed"] == 42
    assert first != other


def test_a_run_without_seed_names_the_seed_that_repeats_it(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    path = write_data(valid_toml)
    first = sensitivity_json(runner, path, "--runs", "300")
    again = sensitivity_json(runner, path, "--runs", "300", "--seed", str(first["seed"]))
    assert again == first


def test_the_library_call_gives_the_commands_numbers(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    """`analyse` is the engine other commands can call (explain, the HTML report)."""
    path = write_data(valid_toml)
    doc = load(DataPath(path, "--data")).doc
    report = analyse(
        doc, 2011, 400, 8, ["values", "levels"], data_file=str(path), data_origin="--data"
    )
    printed = sensitivity_json(
        runner, path, "--year", "2011", "--runs", "400", "--seed", "8", "--vary", "levels,values"
    )
    assert report.model_dump(mode="json") == printed
    assert [g["group"] for g in printed["groups"] if g["varied"]] == ["values", "levels"]


# ---------------------------------------------------------------------------------------
# Formats


def test_json_validates_against_the_published_schema(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for text in (valid_toml, certain_scorecard()):
        path = write_data(text)
        report = sensitivity_json(runner, path, "--runs", "300", "--seed", "2")
        assert list(validator.iter_errors(report)) == []
        assert (report["kind"], report["runs"], report["seed"]) == ("sensitivity", 300, 2)
    assert list(validator.iter_errors({**report, "kind": "show"}))
    assert list(validator.iter_errors({**report, "extra": 1}))


def test_csv_and_ndjson_carry_the_json_numbers(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    path = str(write_data(valid_toml))
    args = ("sensitivity", "--data", path, "--runs", "500", "--seed", "4")
    report = json.loads(ok(runner, *args, "--json"))
    rows = [json.loads(line) for line in ok(runner, *args, "-f", "ndjson").splitlines()]
    table = list(csv.reader(io.StringIO(ok(runner, *args, "-f", "csv"))))
    assert tuple(table[0]) == SENSITIVITY_COLUMNS
    assert [r["id"] for r in rows] == ["safety", "trade", "overall"]
    assert [[csv_text(r[c]) for c in SENSITIVITY_COLUMNS] for r in rows] == table[1:]
    for row, result in zip(rows, [*report["pillars"], report["overall"]], strict=True):
        d = result["distribution"]
        assert (row["median"], row["p5"], row["p95"]) == (d["median"], d["p5"], d["p95"])
        assert row["share_limited"] == d["bands"]["limited"]
        for index in result["indices"]:
            assert row[f"first_order_{index['group']}"] == index["first_order"]
            assert row[f"total_{index['group']}"] == index["total"]
        for group in GROUPS:
            if group not in {i["group"] for i in result["indices"]}:
                assert row[f"total_{group}"] is None


def test_markdown_and_table_show_every_pillar_and_the_overall(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    path = str(write_data(valid_toml))
    args = ("sensitivity", "--data", path, "--runs", "500", "--seed", "4")
    report = json.loads(ok(runner, *args, "--json"))
    md = ok(runner, *args, "-f", "markdown")
    tables = pipe_tables(md)
    scores, ranks, indices = tables
    assert scores[0] == ["Pillar", "Nominal", "Median", "5-95%", "Off", "Lim.", "Prog.", "On"]
    assert [row[0] for row in scores[1]] == ["Safety", "Trade", "Overall"]
    safety = report["pillars"][0]
    d = safety["distribution"]
    assert scores[1][0][1:4] == [
        f"{safety['nominal']['score']:.1f}",
        f"{d['median']:.1f}",
        f"[{d['p5']:.1f}, {d['p95']:.1f}]",
    ]
    assert [row[0] for row in ranks[1]] == ["Safety", "Trade"]
    assert indices[0][1:] == [g["group"] for g in report["groups"] if g["varied"] and g["inputs"]]
    text = ok(runner, *args)
    for heading in ("Scores", "Rank (1 = weakest)", "Sensitivity indices: S / S_T"):
        assert heading in text
    assert "500 runs, seed 4" in text


# ---------------------------------------------------------------------------------------
# A light start for the other commands

PROBE = """
import sys
import scorecard.cli
loaded = "numpy" in sys.modules
from scorecard.cli import app
sys.argv = ["scorecard", *sys.argv[1:]]
try:
    app()
except SystemExit:
    pass
print("numpy" if loaded or "numpy" in sys.modules else "no numpy", file=sys.stderr)
"""


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), "no numpy"),
        (("show", "--format", "json"), "no numpy"),
        (("report",), "no numpy"),
        (("sensitivity", "--runs", "10", "--seed", "1", "--format", "json"), "numpy"),
    ],
    ids=["import", "show", "report", "sensitivity"],
)
def test_numpy_is_imported_by_sensitivity_alone(args: tuple[str, ...], expected: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *(args or ("--version",))],
        capture_output=True,
        text=True,
        env=child_env(),
        timeout=120,
        check=False,
    )
    assert done.stderr.strip().splitlines()[-1] == expected, done.stderr


def test_svg_draws_the_table(runner: CliRunner, write_data: WriteData, valid_toml: str) -> None:
    path = str(write_data(valid_toml))
    svg = ok(runner, "sensitivity", "--data", path, "--runs", "50", "--seed", "1", "-f", "svg")
    assert svg.lstrip().startswith("<svg") and "Sensitivity&#160;indices" in svg


# ---------------------------------------------------------------------------------------
# The progress bar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_shows_on_a_terminal_for_long_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from scorecard import cli

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with cli._progress_bar(cli.PROGRESS_MIN_RUNS) as update:
        assert update is not None
        update(cli.PROGRESS_MIN_RUNS // 2, cli.PROGRESS_MIN_RUNS)
    assert "runs" in terminal.getvalue()
    with cli._progress_bar(cli.PROGRESS_MIN_RUNS - 1) as update:
        assert update is None
    # Not a terminal (a pipe, a file, the test runner): never, however long the run.
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with cli._progress_bar(cli.PROGRESS_MIN_RUNS * 10) as update:
        assert update is None


# ---------------------------------------------------------------------------------------
# The HTML report shows the ranges


def test_the_html_report_shows_the_ranges(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    path = str(write_data(valid_toml))
    page = ok(runner, "report", "--data", path, "--sensitivity", "--seed", "6")
    report = json.loads(ok(runner, "sensitivity", "--data", path, "--seed", "6", "--json"))
    section = page[page.index('<section id="sensitivity"') :]
    section = section[: section.index("</section>")]
    rows = [
        [cell.strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", section, re.S)
    ]
    assert rows[0][:4] == ["Pillar", "Score", "Median", "5\u201395% range"]
    body = rows[1:]
    assert [r[0] for r in body] == ["Safety", "Trade", "Overall"]
    for row, result in zip(body, [*report["pillars"], report["overall"]], strict=True):
        d = result["distribution"]
        assert row[1:4] == [
            f"{result['nominal']['score']:.1f}",
            f"{d['median']:.1f}",
            f"[{d['p5']:.1f}, {d['p95']:.1f}]",
        ]
    assert "--seed 6" in section
    without = ok(runner, "report", "--data", path)
    assert 'id="sensitivity"' not in without


def test_the_html_report_seed_needs_sensitivity(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    from helpers import invoke

    path = str(write_data(valid_toml))
    result = invoke(runner, "report", "--data", path, "--seed", "6")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "--seed goes with --sensitivity\n"


def test_an_open_bound_with_a_stated_limit_is_drawn_up_to_it(
    runner: CliRunner, write_data: WriteData
) -> None:
    doc = tomllib.loads(certain_scorecard())
    doc["indicators"][2]["observations"][0] = obs(
        2020, at_least=55.0, limit=65.0, limit_rationale="A stated far end.", quote="q"
    )
    path = write_data(tomli_w.dumps(doc))
    report = sensitivity_json(runner, path, "--runs", "2000", "--seed", "9", "--vary", "values")
    assert [(i["item"], i["description"], i["default"]) for i in report["inputs"]] == [
        ("c", "uniform on [55, 65]", False)
    ]
    q = report["pillars"][1]
    # A bound with its limit is a range: its nominal score is the midpoint's, as in `show`.
    assert q["nominal"]["score"] == 60.0
    assert q["distribution"]["minimum"] >= 55.0 and q["distribution"]["maximum"] <= 65.0
