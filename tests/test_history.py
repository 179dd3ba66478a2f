"""`scorecard history`: the scores year by year, on small files written here.

Every point must be what `show --year` gives for its year, so the tests compare the two
engines' outputs rather than numbers written down by hand.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import TYPE_CHECKING, Any

import pytest

from helpers import (
    complete_bash,
    context_indicator,
    goalposts_indicator,
    invoke,
    obs,
    ok,
    pipe_tables,
    small_scorecard,
    squeeze,
)
from scorecard import score
from scorecard.errors import UsageError
from scorecard.history import build_history_report
from scorecard.model import Document
from scorecard.render.history import trend_chart
from scorecard.report import BandsOut, ScoreBand
from scorecard.report.history import HistoryPoint
from scorecard.score import build_show_report

if TYPE_CHECKING:
    from typer.testing import CliRunner

    from helpers import WriteData

PILLARS = ({"id": "p", "name": "P"}, {"id": "q", "name": "Q", "weight": 2.0})


def history_doc(**scorecard: Any) -> Document:
    """Two pillars over 2008-2014, observations out of year order, a range and a bound."""
    return Document.model_validate(
        small_scorecard(
            "History",
            goalposts_indicator(
                "a",
                "A",
                obs(2012, low=40.0, high=60.0, quote="Between 40 and 60."),
                obs(2008, value=10.0, quote="Ten."),
                obs(2010, at_least=30.0, quote="At least 30."),
            ),
            goalposts_indicator("b", "B", obs(2009, value=80.0), pillar="p"),
            goalposts_indicator("c", "C", obs(2011, value=20.0), obs(2014, value=5.0), pillar="q"),
            context_indicator("ctx", "Context", obs(2010, value=3.0), pillar="q"),
            pillars=PILLARS,
            max_age=2,
            **scorecard,
        )
    )


@pytest.fixture(autouse=True)
def in_2016(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(score, "current_year", lambda: 2016)


def test_default_range_is_first_to_last_year_with_data() -> None:
    report = build_history_report(history_doc())
    assert (report.from_year, report.to_year) == (2008, 2014)
    assert [s.id for s in report.series] == ["overall", "p", "q"]
    assert [s.kind for s in report.series] == ["overall", "pillar", "pillar"]
    assert all([p.year for p in s.points] == list(range(2008, 2015)) for s in report.series)


def test_default_range_reaches_a_later_assessment_year() -> None:
    report = build_history_report(history_doc(assessment_year=2016))
    assert (report.from_year, report.to_year) == (2008, 2016)


def test_every_point_is_what_show_gives_for_its_year() -> None:
    doc = history_doc()
    report = build_history_report(doc, from_year=2008, to_year=2016)
    for year in range(2008, 2017):
        show = build_show_report(doc, "f", "t", year=year)
        at = {s.id: next(p for p in s.points if p.year == year) for s in report.series}
        assert at["overall"].result == show.overall.result
        assert at["overall"].coverage == show.overall.coverage
        for pillar in show.pillars:
            assert at[pillar.id].result == pillar.result
            assert at[pillar.id].coverage == pillar.coverage
            assert at[pillar.id].state is None


def test_years_without_a_score_say_why() -> None:
    report = build_history_report(history_doc(), ["q"])
    q = report.series[0]
    # q's only scored indicator starts in 2011 and, at max_age 2, counts until 2013.
    scored = [p.year for p in q.points if p.result.score is not None]
    assert scored == [2011, 2012, 2013, 2014]
    first = q.points[0].result
    assert (first.score, first.reason) == (None, "coverage 0/1 is below the minimum 0.5")


def test_a_pillar_id_gives_the_pillar_and_its_indicators() -> None:
    report = build_history_report(history_doc(), ["p"], 2009, 2012)
    assert [(s.id, s.kind) for s in report.series] == [
        ("p", "pillar"),
        ("a", "indicator"),
        ("b", "indicator"),
    ]
    a = report.series[1]
    assert a.pillar == "p"
    assert [(p.year, p.state, p.evidence_year) for p in a.points] == [
        (2009, "scored", 2008),
        (2010, "scored", 2010),
        (2011, "scored", 2010),
        (2012, "scored", 2012),
    ]
    b = report.series[2]
    # b's 2009 evidence is 3 years old in 2012: past the maximum age of 2.
    assert [p.state for p in b.points] == ["scored", "scored", "scored", "stale"]


def test_an_indicator_lists_every_observation_oldest_first_with_its_own_score() -> None:
    doc = history_doc()
    report = build_history_report(doc, ["a"], 2014, 2014)
    (a,) = report.series
    assert a.observations is not None
    assert [o.evidence.year for o in a.observations] == [2008, 2010, 2012]
    assert [o.evidence.quote for o in a.observations] == [
        "Ten.",
        "At least 30.",
        "Between 40 and 60.",
    ]
    assert [o.evidence.text for o in a.observations] == ["10", "at least 30", "40-60"]
    # Each observation's score is the score `show` gives in its own year.
    for o in a.observations:
        show = build_show_report(doc, "f", "t", year=o.evidence.year)
        shown = next(i for p in show.pillars for i in p.indicators if i.id == "a")
        assert o.result == shown.result
    assert [(o.result.score, o.result.low, o.result.high) for o in a.observations] == [
        (10.0, 10.0, 10.0),
        (30.0, 30.0, 100.0),
        (50.0, 40.0, 60.0),
    ]


def test_a_context_indicator_has_observations_but_no_score() -> None:
    (ctx,) = build_history_report(history_doc(), ["ctx"]).series
    assert ctx.method == "none"
    assert ctx.observations is not None
    assert [o.result.score for o in ctx.observations] == [None]
    assert {p.state for p in ctx.points} == {"context"}


def test_ids_keep_their_order_and_repeats_collapse() -> None:
    report = build_history_report(history_doc(), ["c", "a", "c"])
    assert [s.id for s in report.series] == ["c", "a"]
    assert report.ids == ["c", "a"]


def test_unknown_id_suggests_a_known_one() -> None:
    with pytest.raises(UsageError) as caught:
        build_history_report(history_doc(), ["ctz"])
    assert str(caught.value) == "unknown pillar or indicator 'ctz'; did you mean 'ctx'?"


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (2012, 2010, "--from (2012) must not be after --to (2010)"),
        (2007, None, "unknown year 2007: choose a year from 2008 to 2016 "),
        (None, 2017, "unknown year 2017: choose a year from 2008 to 2016 "),
    ],
)
def test_bad_year_ranges_are_usage_errors(start: int | None, end: int | None, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        build_history_report(history_doc(), (), start, end)
    assert str(caught.value).startswith(message)


def test_a_file_without_observations_has_no_history() -> None:
    doc = Document.model_validate(small_scorecard("Empty", goalposts_indicator("a", "A")))
    with pytest.raises(UsageError, match="no observations yet"):
        build_history_report(doc)


# ---------------------------------------------------------------------------------------
# The trend chart

BANDS = BandsOut.model_construct(on_track=75.0, progressing=50.0, limited=25.0)


def point(score: float | None, low: float | None = None, high: float | None = None) -> HistoryPoint:
    result = ScoreBand.model_construct(
        score=score,
        low=score if low is None else low,
        high=score if high is None else high,
        status=None,
        crosses_band=False,
        reason=None,
        estimate="central",
    )
    return HistoryPoint.model_construct(
        year=2000, result=result, coverage=None, state=None, evidence_year=None
    )


def test_trend_chart_places_the_estimate_in_its_band_and_marks_the_interval() -> None:
    points = [
        point(None),  # no score
        point(0.0),  # the bottom of off track: the lowest block
        point(25.0),  # a band includes its lower bound
        point(49.9),  # the top of limited
        point(60.0, 40.0, 80.0),  # progressing, the interval reaching limited and on track
        point(100.0),
        point(10.0, 0.0, 30.0),  # off track, reaching limited
    ]
    assert trend_chart(points, BANDS) == [
        "    │█ ",
        "    ▄  ",
        "  ▁█│ │",
        "·▁    ▄",
    ]


def test_trend_chart_follows_the_file_s_bands() -> None:
    bands = BandsOut.model_construct(on_track=90.0, progressing=60.0, limited=30.0)
    assert trend_chart([point(80.0), point(20.0)], bands) == ["  ", "▆ ", "  ", " ▆"]


# ---------------------------------------------------------------------------------------
# The command, on the tests' small file


#: `history` of the tests' small file at 80 columns: 2011's safety interval reaches the
#: progressing band (│), trade's has no width, and three series leave room in the year
#: table for every year's interval.
TABLE_80 = (
    "Test scorecard",
    "Data: {path}",
    "History 2010-2011: scores 0-100, estimate [interval], as in `show --year`",
    "",
    " #   Series            Trend 2010-2011   Last score         ",
    "────────────────────────────────────────────────────────────",
    " 1   Overall            75               52.2 [48.9, 55.6]  ",
    "                        50 ▁▁            2011 progressing ~ ",
    "                        25  │                               ",
    "                         0                                  ",
    " 2   Safety (safety)    75               40.0 [30.0, 50.0]  ",
    "                        50  │            2011 limited ~     ",
    "                        25  ▅                               ",
    "                         0 ▇                                ",
    " 3   Trade (trade)      75               58.3 [58.3]        ",
    "                        50 ▆▃            2011 progressing   ",
    "                        25                                  ",
    "                         0                                  ",
    "",
    " Year   #1                    #2                    #3          ",
    "────────────────────────────────────────────────────────────────",
    " 2010   51.1 [51.1]           20.0 [20.0]           66.7 [66.7] ",
    " 2011   52.2 ~ [48.9, 55.6]   40.0 ~ [30.0, 50.0]   58.3 [58.3] ",
    "",
    "Trend: one column a year; the rows are the status bands, each labelled with its ",
    "lower bound (on track, progressing, limited, off track). █ the estimate, its ",
    "height where in the band it lies; │ the interval reaching another band; · no ",
    "score. ~ the interval spans more than one band. - no score that year.",
)


def test_table_at_80_columns(runner: CliRunner, write_data: WriteData, valid_toml: str) -> None:
    path = str(write_data(valid_toml))
    out = ok(runner, "history", "--data", path, env={"COLUMNS": "80"})
    assert out.splitlines() == [line.format(path=path) for line in TABLE_80]
    assert max(map(len, out.splitlines())) <= 80


def test_every_format(runner: CliRunner, write_data: WriteData, valid_toml: str) -> None:
    path = str(write_data(valid_toml))
    report = json.loads(ok(runner, "history", "homicides", "--data", path, "--format", "json"))
    assert report["kind"] == "history"
    (series,) = report["series"]
    assert [o["evidence"]["quote"] for o in series["observations"]] == [
        "The rate was 18.",
        "Between 15 and 17.",
    ]
    assert report["data_file"] == path
    assert report["data_origin"] == "--data"
    rows = [
        json.loads(r) for r in ok(runner, "history", "--data", path, "-f", "ndjson").splitlines()
    ]
    assert [(r["series"], r["year"]) for r in rows] == [
        (s, y) for s in ("overall", "safety", "trade") for y in (2010, 2011)
    ]
    csv_rows = list(
        csv.DictReader(io.StringIO(ok(runner, "history", "homicides", "--data", path, "-f", "csv")))
    )
    assert [(r["year"], r["value_text"], r["quote"]) for r in csv_rows] == [
        ("2010", "18 per 100,000", "The rate was 18."),
        ("2011", "15-17 per 100,000", "Between 15 and 17."),
    ]
    markdown = ok(runner, "history", "homicides", "--data", path, "-f", "markdown")
    tables = pipe_tables(markdown)
    assert tables[0][0] == ["Year", "Homicide rate (homicides)"]
    assert tables[1][0] == ["Year", "Value", "Score", "Interval", "Source", "Quote"]
    assert [r[0] for r in tables[1][1]] == ["2010", "2011"]


def test_json_with_another_format_is_a_usage_error(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    path = str(write_data(valid_toml))
    for command in (["history"], ["show"], ["diff", "2010", "2011"]):
        result = invoke(runner, *command, "--json", "--format", "csv", "--data", path)
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == (
            "--json is short for --format json: it cannot go with --format csv\n"
        )
        # With --format json, or alone, it is what it says.
        assert json.loads(ok(runner, *command, "--json", "-f", "json", "--data", path))


def test_unknown_id_exits_2_with_a_suggestion(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    path = str(write_data(valid_toml))
    result = invoke(runner, "history", "homicide", "--data", path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == ("unknown pillar or indicator 'homicide'; did you mean 'homicides'?\n")


# ---------------------------------------------------------------------------------------
# The shipped data (values read from the file, not written down here)


@pytest.mark.usefixtures("frozen")
def test_shipped_history_has_a_row_per_pillar_and_the_overall(
    runner: CliRunner, raw: dict[str, Any]
) -> None:
    years = sorted({o["year"] for i in raw["indicators"] for o in i.get("observations", [])})
    out = ok(runner, "history", env={"COLUMNS": "80"})
    assert max(map(len, out.splitlines())) <= 80
    assert f"Trend {years[0]}-{years[-1]}" in out
    labels = ["1 Overall"] + [
        f"{n} {p['name'].split()[0]}" for n, p in enumerate(raw["pillars"], 2)
    ]
    assert all(label in squeeze(out) for label in labels)
    year_rows = [line.split()[0] for line in out.splitlines() if re.match(r"^ \d{4} ", line)]
    assert year_rows == [str(y) for y in range(years[0], years[-1] + 1)]


@pytest.mark.usefixtures("frozen")
def test_shipped_indicator_history_lists_every_observation_with_its_quote(
    runner: CliRunner, raw: dict[str, Any]
) -> None:
    (homicides,) = [i for i in raw["indicators"] if i["id"] == "oc-homicides"]
    report = json.loads(ok(runner, "history", "oc-homicides", "--json"))
    observations = report["series"][0]["observations"]
    assert [o["evidence"]["quote"] for o in observations] == [
        o["quote"] for o in sorted(homicides["observations"], key=lambda o: o["year"])
    ]
    out = squeeze(ok(runner, "history", "oc-homicides", env={"COLUMNS": "160"}))
    for o in homicides["observations"]:
        assert squeeze(o["quote"]) in out


# ---------------------------------------------------------------------------------------
# Shell completion


def test_completion_offers_ids_from_the_data_file(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    path = str(write_data(valid_toml))
    assert complete_bash(runner, f"scorecard history --data {path} ") == [
        "safety",
        "trade",
        "homicides",
        "exports",
        "reform",
    ]
    assert complete_bash(runner, f"scorecard history --data {path} tr") == ["trade"]
    assert complete_bash(runner, f"scorecard show --data {path} --pillar s") == ["safety"]
    # A file that cannot be read completes nothing, quietly.
    assert complete_bash(runner, "scorecard history --data missing.toml ") == []


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_script_for_each_shell(runner: CliRunner, shell: str) -> None:
    script = ok(runner, "completion", shell)
    assert f"_SCORECARD_COMPLETE=complete_{shell}" in script
