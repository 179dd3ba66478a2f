"""`scorecard diff FROM TO`: verdicts checked against the evidence, and consistency with `show`.

Expected changes are worked out here from the observations in the shipped data and the
formulas of docs/methodology.md ("Changes between years"): the change interval of an
indicator is [to.low - from.high, to.high - from.low].
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections import Counter
from typing import TYPE_CHECKING, Any

import pytest
import tomli_w

from helpers import (
    as_json,
    csv_text,
    goalposts_indicator,
    invoke,
    obs,
    ok,
    pipe_tables,
    small_scorecard,
    squeeze,
)
from scorecard.diff import build_diff_report
from scorecard.load import load, resolve_data_path
from scorecard.score import current_year

if TYPE_CHECKING:
    from typer.testing import CliRunner

    from helpers import WriteData


def killings(v: float) -> float:
    """Score of a count of organized-crime killings: lower is better, goalposts 2,826-15,273."""
    return 100 * (15273 - v) / (15273 - 2826)


def usable_year(ind: dict[str, Any], year: int, max_age: int = 5) -> int | None:
    """The year of the evidence that counts at `year`, if any (the as-of rule)."""
    years: list[int] = [o["year"] for o in ind.get("observations", []) if o["year"] <= year]
    if not years or year - max(years) > max_age:
        return None
    return max(years)


def indicators_by_id(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in report["indicators"]}


# ---------------------------------------------------------------------------------------
# Verdicts against the evidence


@pytest.mark.usefixtures("frozen")
def test_diff_2009_2011(runner: CliRunner, raw: dict[str, Any]) -> None:
    report = as_json(runner, "diff", "2009", "2011")
    assert (report["kind"], report["from_year"], report["to_year"]) == ("diff", 2009, 2011)
    by_id = indicators_by_id(report)

    # Killings: exactly 9,614 in 2009, at least 12,903 in 2011. Every value the 2011 bound
    # allows is worse than 2009's: worsened.
    c = by_id["oc-homicides"]
    assert c["from"]["evidence"]["text"] == "9,614 killings a year"
    assert (
        c["to"]["evidence"]["text"]
        == "at least 12,903 killings a year (covers January-September only)"
    )
    change = c["score_change"]
    assert change["verdict"] == "worsened"
    assert change["change"] == pytest.approx(killings(12903) - killings(9614))
    assert change["low"] == pytest.approx(0 - killings(9614))
    assert change["high"] == pytest.approx(killings(12903) - killings(9614))
    assert change["high"] < 0
    # In killings: at least 3,289 more, no upper bound.
    assert c["value_change"] == {"low": 12903 - 9614, "high": None}

    # Most wanted: none of 37 in 2009, 20 in 2011.
    c = by_id["most-wanted-captured"]
    assert c["score_change"]["verdict"] == "improved"
    assert c["score_change"]["change"] == pytest.approx(100 * 20 / 37)
    assert c["score_change"]["low"] == c["score_change"]["high"] == c["score_change"]["change"]
    assert c["value_change"] == {"low": 20.0, "high": 20.0}

    # Adopted in 2008, still adopted in 2011: a new observation, the same score.
    c = by_id["federal-accusatory-trials"]
    assert (c["from"]["evidence"]["year"], c["to"]["evidence"]["year"]) == (2008, 2011)
    assert c["score_change"] == {"change": 0.0, "low": 0.0, "high": 0.0, "verdict": "unchanged"}

    # The U.S. commitment was recorded once, in 2009: the same observation on both sides.
    c = by_id["demand-commitment"]
    assert c["score_change"]["verdict"] == "no_new_data"
    assert c["value_change"] is None  # a level has no numeric change

    scored = [i for i in raw["indicators"] if i["scoring"]["method"] != "none"]
    new = {i["id"] for i in scored if usable_year(i, 2009) is None and usable_year(i, 2011)}
    assert "intelligence-sharing" in new and "long-gun-reporting" in new
    context = {i["id"] for i in raw["indicators"] if i["scoring"]["method"] == "none"}
    for ident, c in by_id.items():
        if ident in new:
            assert c["score_change"]["verdict"] == "new", ident
            assert c["score_change"]["change"] is None
        if ident in context:
            assert c["score_change"]["verdict"] == "context", ident
    named = {"oc-homicides", "most-wanted-captured", "federal-accusatory-trials"}
    assert set(by_id) == new | context | named | {"demand-commitment"}

    expected = {
        "improved": 1,
        "worsened": 1,
        "uncertain": 0,
        "unchanged": 1,
        "no_new_data": 1,
        "new": len(new),
        "stale": 0,
        "no_data": 0,
        "context": len(context),
    }
    assert (len(new), len(context)) == (20, 13)
    assert report["summary"] == expected
    assert report["summary"] == dict(
        Counter(
            {
                **dict.fromkeys(expected, 0),
                **Counter(c["score_change"]["verdict"] for c in report["indicators"]),
            }
        )
    )


@pytest.mark.usefixtures("frozen")
def test_diff_2009_2011_pillars(runner: CliRunner) -> None:
    report = as_json(runner, "diff", "2009", "2011")
    pillars = {p["id"]: p for p in report["pillars"]}
    # Two of pillar 1's eight scored indicators have data by 2009: no score then.
    crime = pillars["crime-groups"]
    assert crime["from"]["score"] is None
    assert crime["score_change"] == {"change": None, "low": None, "high": None, "verdict": "new"}
    # Demand: 50 (commitment adopted) in 2009; 2011 adds market data at level none (0), so
    # the score falls to 25, but the one indicator in both years has not moved.
    demand = pillars["demand"]
    assert (demand["from"]["score"], demand["to"]["score"]) == (50.0, 25.0)
    assert demand["score_change"]["change"] == -25.0
    assert demand["basis_changed"] is True
    assert demand["like_for_like"]["verdict"] == "no_new_data"
    assert demand["score_change"]["verdict"] == "no_new_data"
    # Only demand has a score in 2009: one pillar of five is below the minimum share.
    assert report["overall"]["from"]["score"] is None
    assert report["overall"]["score_change"]["verdict"] == "new"


@pytest.mark.usefixtures("frozen")
@pytest.mark.parametrize("to_year", ["2011", "2012"])
def test_one_sided_bounds_that_overlap_are_uncertain(runner: CliRunner, to_year: str) -> None:
    report = as_json(runner, "diff", "2010", to_year)
    c = indicators_by_id(report)["oc-homicides"]
    # At least 15,000 in 2010 scores [0, f(15000)]; at least 12,903 scores [0, f(12903)].
    assert c["from"]["evidence"]["text"] == "at least 15,000 killings a year"
    assert c["to"]["evidence"]["year"] == 2011
    change = c["score_change"]
    assert change["verdict"] == "uncertain"
    assert change["low"] == pytest.approx(0 - killings(15000))
    assert change["high"] == pytest.approx(killings(12903) - 0)
    assert change["change"] == pytest.approx(killings(12903) - killings(15000))
    assert (round(change["low"], 1), round(change["high"], 1)) == (-2.2, 19.0)
    # Both figures are bounds below: the change in killings is unbounded both ways.
    assert c["value_change"] == {"low": None, "high": None}


@pytest.mark.usefixtures("frozen")
def test_diff_2010_2012(runner: CliRunner) -> None:
    by_id = indicators_by_id(as_json(runner, "diff", "2010", "2012"))
    wanted = by_id["most-wanted-captured"]
    assert (wanted["from"]["evidence"]["year"], wanted["to"]["evidence"]["year"]) == (2009, 2012)
    assert wanted["score_change"]["verdict"] == "improved"
    assert wanted["score_change"]["change"] == pytest.approx(100 * 25 / 37)
    assert by_id["states-reform-laws"]["score_change"]["verdict"] == "new"
    assert by_id["todos-somos-juarez"]["score_change"]["verdict"] == "no_new_data"
    assert by_id["military-justice-reform"]["score_change"]["verdict"] == "unchanged"
    assert by_id["federal-police-size"]["score_change"]["verdict"] == "context"


@pytest.mark.usefixtures("frozen")
def test_evidence_too_old_at_to(runner: CliRunner, raw: dict[str, Any]) -> None:
    """Nothing usable at TO: *stale* when FROM had usable evidence that has aged out since,
    else *no new data* for the same observation and *no data* otherwise
    (docs/methodology.md, rule 2)."""
    by_id = indicators_by_id(as_json(runner, "diff", "2011", "2018"))
    seen = Counter[str]()
    for ind in raw["indicators"]:
        if ind["scoring"]["method"] == "none" or usable_year(ind, 2018) is not None:
            continue
        latest = max((o["year"] for o in ind["observations"] if o["year"] <= 2018), default=None)
        c = by_id[ind["id"]]
        if usable_year(ind, 2011) is not None:
            expected = "stale"
        else:
            expected = "no_new_data" if latest is not None else "no_data"
        assert c["score_change"]["verdict"] == expected, ind["id"]
        assert c["to"]["state"] == "stale", ind["id"]
        seen[expected] += 1
    # Adopted in 2011 and not recorded since; 11 states in 2011, 22 in 2012 (now stale).
    assert by_id["federal-accusatory-trials"]["score_change"]["verdict"] == "stale"
    assert by_id["states-reform-laws"]["score_change"]["verdict"] == "stale"
    assert seen["stale"] > 1


# ---------------------------------------------------------------------------------------
# Consistency with `show`


@pytest.mark.usefixtures("frozen")
def test_every_pair_of_years_agrees_with_show(runner: CliRunner, raw: dict[str, Any]) -> None:
    years = sorted({o["year"] for i in raw["indicators"] for o in i.get("observations", [])})
    shows = {y: as_json(runner, "show", "--year", str(y)) for y in years}
    for year_from, year_to in itertools.combinations(years, 2):
        report = as_json(runner, "diff", str(year_from), str(year_to))
        before, after = shows[year_from], shows[year_to]
        aggregates = [(report["overall"], before["overall"]["result"], after["overall"]["result"])]
        for change, b, a in zip(
            report["pillars"], before["pillars"], after["pillars"], strict=True
        ):
            assert change["id"] == b["id"] == a["id"]
            aggregates.append((change, b["result"], a["result"]))
        for change, b, a in aggregates:
            where = (year_from, year_to, change["id"])
            assert change["from"] == b, where
            assert change["to"] == a, where
            delta = change["score_change"]["change"]
            if b["score"] is None or a["score"] is None:
                assert delta is None, where
            else:
                assert delta == a["score"] - b["score"], where
                low, high = change["score_change"]["low"], change["score_change"]["high"]
                assert low - 1e-9 <= delta <= high + 1e-9, where
        shown = [i for p in after["pillars"] for i in p["indicators"]]
        shown_before = [i for p in before["pillars"] for i in p["indicators"]]
        for c, b, a in zip(report["indicators"], shown_before, shown, strict=True):
            assert (c["from"], c["to"]) == (b, a)
            if c["score_change"]["change"] is not None:
                assert c["score_change"]["change"] == a["result"]["score"] - b["result"]["score"]


def test_pillar_change_is_exactly_to_minus_from_whatever_the_order(
    runner: CliRunner, write_data: WriteData
) -> None:
    """Summing the same floats in another order can change the last bit: the change must
    still be exactly the difference of the scores `show` prints (docs/methodology.md)."""
    values = {"z": (13.4, 25.5), "y": (84.7, 49.5), "x": (76.4, 44.9)}
    indicators = [
        goalposts_indicator(k, k, obs(2010, value=b, quote="q"), obs(2011, value=a, quote="q"))
        for k, (b, a) in values.items()
    ]
    path = write_data(tomli_w.dumps(small_scorecard("Order", *indicators)))
    before = json.loads(ok(runner, "show", "--json", "--year", "2010", "--data", str(path)))
    after = json.loads(ok(runner, "show", "--json", "--year", "2011", "--data", str(path)))
    report = json.loads(ok(runner, "diff", "2010", "2011", "--json", "--data", str(path)))
    b, a = before["pillars"][0]["result"]["score"], after["pillars"][0]["result"]["score"]
    assert b == pytest.approx((13.4 + 84.7 + 76.4) / 3)
    assert a == pytest.approx((25.5 + 49.5 + 44.9) / 3)
    assert report["pillars"][0]["score_change"]["change"] == a - b
    assert report["overall"]["score_change"]["change"] == a - b
    assert report["pillars"][0]["score_change"]["verdict"] == "worsened"


# ---------------------------------------------------------------------------------------
# Exit codes


def small_toml(a_2011: float) -> str:
    return tomli_w.dumps(
        small_scorecard(
            "Small",
            goalposts_indicator(
                "a", "A", obs(2010, value=40.0, quote="q"), obs(2011, value=a_2011, quote="q")
            ),
            goalposts_indicator(
                "b", "B", obs(2010, at_least=10.0, quote="q"), obs(2011, at_least=20.0, quote="q")
            ),
        )
    )


@pytest.mark.parametrize(
    ("a_2011", "verdict", "code"),
    [(50.0, "improved", 0), (40.0, "unchanged", 0), (30.0, "worsened", 1)],
)
def test_exit_code_is_1_only_when_something_worsened(
    runner: CliRunner, write_data: WriteData, a_2011: float, verdict: str, code: int
) -> None:
    path = write_data(small_toml(a_2011))
    report = json.loads(ok(runner, "diff", "2010", "2011", "--json", "--data", str(path)))
    verdicts = {c["id"]: c["score_change"]["verdict"] for c in report["indicators"]}
    # b: at least 10, then at least 20: [20 - 100, 100 - 10], uncertain either way.
    assert verdicts == {"a": verdict, "b": "uncertain"}
    result = invoke(runner, "diff", "2010", "2011", "--exit-code", "--data", str(path))
    assert result.exit_code == code
    assert "Change from 2010 to 2011" in result.stdout
    # Without --exit-code a worsening is not an error.
    assert invoke(runner, "diff", "2010", "2011", "--data", str(path)).exit_code == 0


@pytest.mark.usefixtures("frozen")
def test_exit_code_on_the_shipped_data(runner: CliRunner) -> None:
    worse = invoke(runner, "diff", "2009", "2011", "--exit-code", "--format", "json")
    assert worse.exit_code == 1
    assert json.loads(worse.stdout)["summary"]["worsened"] == 1
    report = as_json(runner, "diff", "2010", "2012")
    verdicts = [c["score_change"]["verdict"] for c in report["indicators"]]
    verdicts += [p["score_change"]["verdict"] for p in (*report["pillars"], report["overall"])]
    assert "worsened" not in verdicts
    assert invoke(runner, "diff", "2010", "2012", "--exit-code").exit_code == 0


@pytest.mark.usefixtures("frozen")
@pytest.mark.parametrize(("year_from", "year_to"), [("2011", "2011"), ("2011", "2009")])
def test_from_must_be_before_to(runner: CliRunner, year_from: str, year_to: str) -> None:
    result = invoke(runner, "diff", year_from, year_to)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"FROM ({year_from}) must be before TO ({year_to})\n"


@pytest.mark.usefixtures("frozen")
def test_unknown_year_or_pillar_exits_2(runner: CliRunner) -> None:
    result = invoke(runner, "diff", "2006", "2011")
    assert result.exit_code == 2
    span = f"choose a year from 2007 to {current_year()} "
    assert result.stderr.startswith(f"unknown year 2006: {span}")
    later = current_year() + 1
    result = invoke(runner, "diff", "2009", str(later))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"unknown year {later}: ")
    result = invoke(runner, "diff", "2009", "2011", "--pillar", "nope")
    assert result.exit_code == 2
    assert result.stderr == (
        "unknown pillar 'nope'; known: crime-groups, rule-of-law, border, communities, demand\n"
    )
    assert result.stdout == ""


# ---------------------------------------------------------------------------------------
# Tables: quiet rows, order and the summary line


def is_quiet(c: dict[str, Any]) -> bool:
    """A row without news, as README describes it: no change to read."""
    verdict = c["score_change"]["verdict"]
    if verdict == "context":
        after = c["to"]["evidence"]
        before = c["from"]["evidence"]
        return after is None or (before is not None and before["year"] == after["year"])
    return verdict in {"unchanged", "no_new_data", "no_data"}


@pytest.mark.usefixtures("frozen")
def test_all_shows_the_quiet_rows(runner: CliRunner) -> None:
    report = as_json(runner, "diff", "2010", "2012")
    quiet = [c for c in report["indicators"] if is_quiet(c)]
    loud = [c for c in report["indicators"] if not is_quiet(c)]
    assert {c["id"] for c in quiet} >= {
        "federal-accusatory-trials",
        "military-justice-reform",
        "todos-somos-juarez",
        "demand-commitment",
        "federal-police-size",
    }
    wide = {"COLUMNS": "260"}
    default = squeeze(ok(runner, "diff", "2010", "2012", env=wide))
    everything = squeeze(ok(runner, "diff", "2010", "2012", "--all", env=wide))
    for c in quiet:
        assert c["name"] not in default, c["id"]
        assert c["name"] in everything, c["id"]
    for c in loud:
        assert c["name"] in default, c["id"]
    assert f"{len(quiet)} indicator(s) without news hidden: use --all." in default
    assert "without news hidden" not in everything
    markdown = ok(runner, "diff", "2010", "2012", "--format", "markdown")
    markdown_all = ok(runner, "diff", "2010", "2012", "--format", "markdown", "--all")
    rows = indicator_rows(markdown)
    assert sorted(r[0] for r in rows) == sorted(c["name"] for c in loud)
    assert len(indicator_rows(markdown_all)) == len(report["indicators"])
    # Machine formats hold every indicator whatever --all says.
    for fmt in ("ndjson", "csv"):
        a = ok(runner, "diff", "2010", "2012", "--format", fmt)
        assert a == ok(runner, "diff", "2010", "2012", "--format", fmt, "--all")
    assert as_json(runner, "diff", "2010", "2012", "--all") == report


def indicator_rows(markdown: str) -> list[list[str]]:
    tables = pipe_tables(markdown)
    assert len(tables) == 2
    header, body = tables[1]
    assert header[0] == "Indicator"
    return body


@pytest.mark.usefixtures("frozen")
def test_largest_losses_first(runner: CliRunner) -> None:
    rows = indicator_rows(ok(runner, "diff", "2009", "2011", "--format", "markdown", "--all"))
    changes = [row[3] for row in rows]
    numbers = [float(c) for c in changes if c != "-"]
    assert numbers == sorted(numbers)
    assert numbers[0] == pytest.approx(killings(12903) - killings(9614), abs=0.05)
    # Rows without a change come after every row with one.
    first_dash = changes.index("-")
    assert all(c == "-" for c in changes[first_dash:])


@pytest.mark.usefixtures("frozen")
def test_summary_line(runner: CliRunner, raw: dict[str, Any]) -> None:
    expected = "1 improved, 1 worsened, 1 unchanged, 1 no new data, 20 new, 13 context"
    table = ok(runner, "diff", "2009", "2011", env={"COLUMNS": "200"})
    assert f"Change from 2009 to 2011: {expected}" in table.splitlines()
    markdown = ok(runner, "diff", "2009", "2011", "--format", "markdown")
    assert f"- Indicators: {expected}" in markdown.splitlines()
    # With a pillar filter, only its indicators are counted.
    report = as_json(runner, "diff", "2009", "2011", "--pillar", "demand")
    assert [p["id"] for p in report["pillars"]] == ["demand"]
    assert {c["pillar"] for c in report["indicators"]} == {"demand"}
    counts = {k: v for k, v in report["summary"].items() if v}
    demand = [i for i in raw["indicators"] if i["pillar"] == "demand"]
    context = sum(i["scoring"]["method"] == "none" for i in demand)
    assert (len(demand), context) == (9, 7)
    # Two ordinal indicators (market data new; commitment unchanged since 2009), the rest context.
    assert counts == {"new": 1, "no_new_data": 1, "context": context}
    line = f"Change from 2009 to 2011: 1 no new data, 1 new, {context} context"
    assert line in ok(runner, "diff", "2009", "2011", "-p", "demand", env={"COLUMNS": "200"})


# ---------------------------------------------------------------------------------------
# Output formats


@pytest.mark.usefixtures("frozen")
def test_json_is_the_library_report(runner: CliRunner) -> None:
    source = resolve_data_path(None)
    doc = load(source).doc
    for year_from, year_to, pillars in ((2009, 2011, None), (2010, 2012, ["border", "demand"])):
        expected = build_diff_report(
            doc, source.display(), source.origin, year_from, year_to, pillars=pillars
        ).model_dump(mode="json", by_alias=True)
        args = ["diff", str(year_from), str(year_to)]
        for p in pillars or []:
            args += ["--pillar", p]
        assert as_json(runner, *args) == expected
        assert json.loads(ok(runner, *args, "--json")) == expected


@pytest.mark.usefixtures("frozen")
def test_ndjson_and_csv_rows(runner: CliRunner) -> None:
    report = as_json(runner, "diff", "2009", "2011")
    rows = [
        json.loads(line) for line in ok(runner, "diff", "2009", "2011", "-f", "ndjson").splitlines()
    ]
    assert [r["indicator"] for r in rows] == [c["id"] for c in report["indicators"]]
    for row, c in zip(rows, report["indicators"], strict=True):
        assert (row["from_year"], row["to_year"]) == (2009, 2011)
        assert row["verdict"] == c["score_change"]["verdict"]
        assert row["pillar"] == c["pillar"]
        assert row["score_change"] == c["score_change"]["change"]
        assert (row["score_change_low"], row["score_change_high"]) == (
            c["score_change"]["low"],
            c["score_change"]["high"],
        )
        assert row["from_score"] == c["from"]["result"]["score"]
        assert row["to_score"] == c["to"]["result"]["score"]
    reader = csv.reader(io.StringIO(ok(runner, "diff", "2009", "2011", "-f", "csv")))
    header = next(reader)
    assert header == list(rows[0])
    body = list(reader)
    assert body == [[csv_text(row[k]) for k in header] for row in rows]


@pytest.mark.usefixtures("frozen")
def test_markdown_pillar_table(runner: CliRunner, raw: dict[str, Any]) -> None:
    text = ok(runner, "diff", "2009", "2011", "--format", "markdown")
    assert text.startswith(f"# {raw['scorecard']['title']}: 2009 to 2011\n")
    header, body = pipe_tables(text)[0]
    assert header == ["Pillar", "2009", "2011", "Change", "Interval", "Verdict"]
    assert [row[0] for row in body] == [p["name"] for p in raw["pillars"]] + ["Overall"]
    demand = body[4]
    assert demand[1:5] == ["50.0", "25.0", "-25.0", "[-25.0]"]
    assert demand[5] == "no new data * (+0.0 like for like)"
    killings_row = next(
        r for r in indicator_rows(text) if r[0] == "Organized-crime-related killings"
    )
    assert killings_row[1] == "9,614 killings a year (2009)"
    assert (
        killings_row[2] == "at least 12,903 killings a year (covers January-September only) (2011)"
    )
    assert killings_row[5].startswith("worsened")


def test_overall_like_for_like_leaves_out_a_pillar_with_nothing_comparable(
    runner: CliRunner, write_data: WriteData
) -> None:
    """Pillar P swaps its evidence (A ages out, B appears): nothing in it is comparable, so
    its verdict is uncertain and the overall like-for-like change is pillar Q's alone."""
    document = small_scorecard(
        "Swap",
        goalposts_indicator("a", "A", obs(2010, value=40.0, quote="q")),
        goalposts_indicator("b", "B", obs(2012, value=80.0, quote="q")),
        goalposts_indicator(
            "c", "C", obs(2010, value=50.0, quote="q"), obs(2012, value=60.0, quote="q"), pillar="q"
        ),
        pillars=({"id": "p", "name": "P"}, {"id": "q", "name": "Q"}),
        max_age=1,
    )
    path = write_data(tomli_w.dumps(document))
    report = as_json(runner, "diff", "2010", "2012", "--data", str(path))
    verdicts = {c["id"]: c["score_change"]["verdict"] for c in report["indicators"]}
    assert verdicts == {"a": "stale", "b": "new", "c": "improved"}
    p, q = report["pillars"]
    assert p["basis_changed"] and p["like_for_like"] is None
    assert p["score_change"]["verdict"] == "uncertain"
    assert not q["basis_changed"]
    assert q["score_change"]["change"] == pytest.approx(10.0)
    overall = report["overall"]
    assert overall["basis_changed"]
    assert overall["like_for_like"]["change"] == pytest.approx(10.0)
    assert overall["score_change"]["verdict"] == "improved"
