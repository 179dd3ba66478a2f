"""One-sided bounds: a stated limit makes a range; without one, the score is marked.

docs/methodology.md, "One-sided bounds": an `at_least`/`at_most` with a `limit` is scored
as the range between the two; an open bound is scored at the bound, and the score says
whether that is its best case or its worst, in every format and in every aggregate it
feeds. A figure for part of a year says so in its text.
"""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any

import pytest

from helpers import as_json, ok, pipe_tables, squeeze
from scorecard.model import Observation
from scorecard.score import central_value, combined_estimate, estimate_of, value_interval

if TYPE_CHECKING:
    from typer.testing import CliRunner

    from helpers import WriteData

HEAD = """\
[scorecard]
title = "Bounds"
assessment_year = 2011

[[sources]]
id = "s"
title = "S"

[[pillars]]
id = "p"
name = "P"
"""


def indicator(ident: str, direction: str, observations: str) -> str:
    return f"""
[[indicators]]
id = "{ident}"
pillar = "p"
name = "{ident.title()}"
direction = "{direction}"
unit = "cases"
scoring = {{ method = "goalposts", min = 0.0, max = 10.0, rationale = "r" }}
{observations}"""


def obs(year: int, value: str, extra: str = "") -> str:
    return f"""
[[indicators.observations]]
year = {year}
{value}
{extra}source = "s"
quote = "q"
"""


#: Lower is better: "at least 4" is scored at 4, its favourable end: a best case.
RATE = indicator("rate", "lower", obs(2010, "value = 5.0") + obs(2011, "at_least = 4.0"))
#: Higher is better: "at least 2" is scored at 2, its unfavourable end: a worst case.
CONVICTIONS = indicator("conv", "higher", obs(2011, "at_least = 2.0"))
#: A stated limit: "at least 4, plausibly no more than 8" is the range 4-8.
CLOSED = indicator(
    "closed",
    "lower",
    obs(2011, "at_least = 4.0", 'limit = 8.0\nlimit_rationale = "Never above 8 in any year."\n'),
)
#: A partial period.
PARTIAL = indicator("part", "higher", obs(2011, "value = 5.0", 'period = "January-June"\n'))


def results(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {i["id"]: i for p in report["pillars"] for i in p["indicators"]}


# ---------------------------------------------------------------------------------------
# The engine


def test_a_limit_closes_the_interval_and_centres_the_estimate() -> None:
    at_least = Observation(year=2011, at_least=4.0, limit=8.0, limit_rationale="r", source="s")
    at_most = Observation(year=2011, at_most=4.0, limit=1.0, limit_rationale="r", source="s")
    assert (value_interval(at_least).low, value_interval(at_least).high) == (4.0, 8.0)
    assert (value_interval(at_most).low, value_interval(at_most).high) == (1.0, 4.0)
    assert (central_value(at_least), central_value(at_most)) == (6.0, 2.5)


def test_estimate_of_an_observation() -> None:
    bound = Observation(year=2011, at_least=4.0, source="s")
    closed = Observation(year=2011, at_least=4.0, limit=8.0, limit_rationale="r", source="s")
    exact = Observation(year=2011, value=4.0, source="s")
    assert estimate_of(bound, 60.0, 0.0, 60.0) == "best_case"
    assert estimate_of(bound, 20.0, 20.0, 100.0) == "worst_case"
    # Clipping can leave nothing open: both ends score 100.
    assert estimate_of(bound, 100.0, 100.0, 100.0) == "central"
    assert estimate_of(closed, 40.0, 20.0, 60.0) == "central"
    assert estimate_of(exact, 40.0, 40.0, 40.0) == "central"


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        ((), "central"),
        (("central", "central"), "central"),
        (("central", "best_case"), "best_case"),
        (("worst_case", "central", "worst_case"), "worst_case"),
        (("best_case", "worst_case"), "mixed"),
        (("mixed", "central"), "mixed"),
    ],
)
def test_combined_estimate(parts: tuple[Any, ...], expected: str) -> None:
    assert combined_estimate(parts) == expected


# ---------------------------------------------------------------------------------------
# JSON


def test_json_marks_indicators_and_every_aggregate(
    runner: CliRunner, write_data: WriteData
) -> None:
    path = str(write_data(HEAD + RATE + CONVICTIONS + CLOSED))
    report = as_json(runner, "show", "--data", path)
    by_id = results(report)
    rate, conv, closed = by_id["rate"], by_id["conv"], by_id["closed"]
    assert (rate["result"]["score"], rate["result"]["low"], rate["result"]["high"]) == (
        pytest.approx(60.0),
        0.0,
        pytest.approx(60.0),
    )
    assert rate["result"]["estimate"] == "best_case"
    assert conv["result"]["estimate"] == "worst_case"
    assert (conv["result"]["score"], conv["result"]["high"]) == (pytest.approx(20.0), 100.0)
    # The limit makes a range, 4-8: scores 60 to 20, central 40 (the value 6).
    assert closed["result"]["estimate"] == "central"
    assert (closed["result"]["score"], closed["result"]["low"], closed["result"]["high"]) == (
        pytest.approx(40.0),
        pytest.approx(20.0),
        pytest.approx(60.0),
    )
    ev = closed["evidence"]
    assert (ev["kind"], ev["value"], ev["low"], ev["high"]) == ("at_least", 6.0, 4.0, 8.0)
    assert (ev["limit"], ev["limit_rationale"]) == (8.0, "Never above 8 in any year.")
    assert ev["text"] == "at least 4 cases (limit 8)"
    assert rate["evidence"]["limit"] is None and rate["evidence"]["high"] is None
    # A best case and a worst case feed the pillar and the overall score.
    assert report["pillars"][0]["result"]["estimate"] == "mixed"
    assert report["overall"]["result"]["estimate"] == "mixed"


def test_a_best_case_propagates_to_pillar_and_overall(
    runner: CliRunner, write_data: WriteData
) -> None:
    path = str(write_data(HEAD + RATE + CLOSED))
    report = as_json(runner, "show", "--data", path)
    assert report["pillars"][0]["result"]["estimate"] == "best_case"
    assert report["overall"]["result"]["estimate"] == "best_case"
    # Without the open bound nothing is marked.
    closed_only = as_json(runner, "show", "--data", str(write_data(HEAD + CLOSED, "c.toml")))
    assert closed_only["overall"]["result"]["estimate"] == "central"


# ---------------------------------------------------------------------------------------
# The other formats


def test_table_marks_scores_and_statuses(runner: CliRunner, write_data: WriteData) -> None:
    path = str(write_data(HEAD + RATE + CLOSED))
    out = ok(runner, "show", "--data", path, env={"COLUMNS": "200"})
    lines = out.splitlines()
    assert "Overall: ≤50.0 [10.0, 60.0] progressing (at best) ~" in lines[3]
    rate = next(line for line in lines if line.strip().startswith("Rate "))
    assert "≤60.0   [0.0, 60.0]" in rate
    # The caveat sits under the band in the status column.
    assert rate.rstrip().endswith("progressing")
    # (The indicator's id sits on that next line too, under its name.)
    assert lines[lines.index(rate) + 1].strip().endswith("  (at best) ~")
    closed = next(line for line in lines if line.strip().startswith("Closed "))
    assert "at least 4 cases (limit 8)" in closed and " 40.0 " in closed
    assert "limit: Never above 8 in any year." in squeeze(out)
    assert "≤ a best case: an open bound" in squeeze(out)


def test_markdown_marks_scores_and_statuses(runner: CliRunner, write_data: WriteData) -> None:
    path = str(write_data(HEAD + RATE + CONVICTIONS + CLOSED))
    text = ok(runner, "show", "--data", path, "--format", "markdown")
    assert "- Overall: **≈40.0** [13.3, 73.3] limited (open bounds) ~" in text
    pillars, indicators = pipe_tables(text)
    assert pillars[1][0][1:4] == ["≈40.0", "[13.3, 73.3]", "limited (open bounds) ~"]
    # Each name is followed by its id: "Rate (rate)".
    rows = {row[0].split(" (")[0]: row for row in indicators[1]}
    assert rows["Rate"][4:7] == ["≤60.0", "[0.0, 60.0]", "progressing (at best) ~"]
    assert rows["Conv"][4:7] == ["≥20.0", "[20.0, 100.0]", "off track (at worst) ~"]
    assert rows["Closed"][1] == "at least 4 cases (limit 8); limit: Never above 8 in any year."
    assert rows["Closed"][4:7] == ["40.0", "[20.0, 60.0]", "limited ~"]
    assert "≤ a best case" in text


def test_csv_and_ndjson_carry_the_estimate_and_the_limit(
    runner: CliRunner, write_data: WriteData
) -> None:
    path = str(write_data(HEAD + RATE + CONVICTIONS + CLOSED))
    lines = ok(runner, "show", "--data", path, "-f", "ndjson").splitlines()
    rows = [json.loads(line) for line in lines]
    assert [(r["indicator"], r["estimate"]) for r in rows] == [
        ("rate", "best_case"),
        ("conv", "worst_case"),
        ("closed", "central"),
    ]
    assert (rows[2]["value_limit"], rows[2]["value_limit_rationale"]) == (
        8.0,
        "Never above 8 in any year.",
    )
    table = list(csv.DictReader(io.StringIO(ok(runner, "show", "--data", path, "-f", "csv"))))
    assert [r["estimate"] for r in table] == ["best_case", "worst_case", "central"]
    assert [r["value_limit"] for r in table] == ["", "", "8.0"]


def test_a_partial_period_never_reads_as_a_full_year(
    runner: CliRunner, write_data: WriteData
) -> None:
    path = str(write_data(HEAD + PARTIAL))
    text = "5 cases (covers January-June only)"
    report = as_json(runner, "show", "--data", path)
    ev = results(report)["part"]["evidence"]
    assert (ev["text"], ev["period"]) == (text, "January-June")
    assert text in ok(runner, "show", "--data", path, env={"COLUMNS": "200"})
    assert f"| {text} |" in ok(runner, "show", "--data", path, "-f", "markdown")
    row = json.loads(ok(runner, "show", "--data", path, "-f", "ndjson"))
    assert (row["value_text"], row["period"]) == (text, "January-June")


# ---------------------------------------------------------------------------------------
# diff


def test_diff_reads_the_verdict_from_the_interval_and_marks_the_scores(
    runner: CliRunner, write_data: WriteData
) -> None:
    path = str(write_data(HEAD + RATE))
    report = as_json(runner, "diff", "2010", "2011", "--data", path)
    rate = report["indicators"][0]
    assert (rate["from"]["result"]["estimate"], rate["to"]["result"]["estimate"]) == (
        "central",
        "best_case",
    )
    # 5 scores 50; "at least 4" scores at most 60: anything from -50 to +10.
    change = rate["score_change"]
    assert (change["change"], change["low"], change["high"]) == (
        pytest.approx(10.0),
        pytest.approx(-50.0),
        pytest.approx(10.0),
    )
    assert change["verdict"] == "uncertain"
    assert report["overall"]["to"]["estimate"] == "best_case"
    out = ok(runner, "diff", "2010", "2011", "--data", path, env={"COLUMNS": "200"})
    pillar = next(line for line in out.splitlines() if line.strip().startswith("P "))
    assert "50.0 ≤60.0 +10.0 [-50.0, +10.0] uncertain" in squeeze(pillar)
    md = ok(runner, "diff", "2010", "2011", "--data", path, "-f", "markdown")
    assert pipe_tables(md)[0][1][0][1:3] == ["50.0", "≤60.0"]
    rows = list(
        csv.DictReader(io.StringIO(ok(runner, "diff", "2010", "2011", "--data", path, "-f", "csv")))
    )
    assert (rows[0]["from_estimate"], rows[0]["to_estimate"]) == ("central", "best_case")
