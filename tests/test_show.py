"""`scorecard show` on the shipped dataset, through the command line.

Expected scores come from `reference_scores` below: a second, deliberately plain reading of
docs/methodology.md that works on the raw TOML, not on the package's models, so that a
wrong score in `scorecard.score` cannot also be the expected value. Expected texts (values
as a person would say them, status labels, messages) are written out by hand.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

import scorecard.load
from helpers import csv_text, invoke, line_of, ok, pipe_tables, squeeze
from scorecard.load import load, resolve_data_path
from scorecard.score import build_show_report, current_year

if TYPE_CHECKING:
    from typer.testing import CliRunner

    from helpers import WriteData

INF = math.inf
ESC = "\x1b"

# ---------------------------------------------------------------------------------------
# An independent reference implementation of the scoring method


@dataclass(frozen=True)
class Ref:
    score: float
    low: float
    high: float
    #: "central", "best_case", "worst_case" or "mixed" (docs/methodology.md).
    estimate: str = "central"


def _level_scores(scale: dict[str, Any]) -> dict[str, float]:
    levels = scale["levels"]
    if all("score" in level for level in levels):
        return {level["name"]: float(level["score"]) for level in levels}
    return {level["name"]: 100.0 * i / (len(levels) - 1) for i, level in enumerate(levels)}


def _normalise(ind: dict[str, Any], v: float) -> float:
    scoring = ind["scoring"]
    if scoring["method"] == "target":
        base, goal = scoring["baseline"], ind["target"]["value"]
        if math.isinf(v):
            share = 1.0 if (v > 0) == (goal > base) else 0.0
        else:
            share = (v - base) / (goal - base)
    else:
        lo, hi = scoring["min"], scoring["max"]
        if math.isinf(v):
            share = 1.0 if v > 0 else 0.0
        elif scoring.get("log", False):
            share = (math.log(v) - math.log(lo)) / (math.log(hi) - math.log(lo)) if v > 0 else 0.0
        else:
            share = (v - lo) / (hi - lo)
        if ind["direction"] == "lower":
            share = 1.0 - share
    return min(100.0, max(0.0, 100.0 * share))


def reference_indicator(raw: dict[str, Any], ind: dict[str, Any], year: int) -> Ref | None:
    """Score of a scored indicator at `year`, or None when it has no usable evidence."""
    max_age = raw["scorecard"].get("max_age", 5)
    candidates = [o for o in ind.get("observations", []) if o["year"] <= year]
    if not candidates:
        return None
    obs = max(candidates, key=lambda o: o["year"])
    if year - obs["year"] > max_age:
        return None
    if "level" in obs:
        scales = {s["id"]: s for s in raw["scales"]}
        point = _level_scores(scales[ind["scoring"]["scale"]])[obs["level"]]
        return Ref(point, point, point)
    if "value" in obs:
        lo = hi = central = obs["value"]
    elif "limit" in obs:
        # A bound closed by a stated limit is a range.
        lo, hi = sorted((obs.get("at_least", obs.get("at_most")), obs["limit"]))
        central = (lo + hi) / 2
    elif "at_least" in obs:
        lo, hi, central = obs["at_least"], INF, obs["at_least"]
    elif "at_most" in obs:
        lo, hi, central = -INF, obs["at_most"], obs["at_most"]
    else:
        lo, hi = obs["low"], obs["high"]
        central = (lo + hi) / 2
    ends = sorted((_normalise(ind, lo), _normalise(ind, hi)))
    score = _normalise(ind, central)
    estimate = "central"
    if math.isinf(lo) or math.isinf(hi):
        # An open bound is scored at the bound: the favourable end is a best case.
        estimate = "best_case" if score == ends[1] else "worst_case"
        if ends[0] == ends[1]:
            estimate = "central"
    return Ref(score, ends[0], ends[1], estimate)


def _mean(parts: list[tuple[Ref, float]]) -> Ref:
    total = sum(w for _, w in parts)
    kinds = {r.estimate for r, _ in parts} - {"central"}
    return Ref(
        sum(r.score * w for r, w in parts) / total,
        sum(r.low * w for r, w in parts) / total,
        sum(r.high * w for r, w in parts) / total,
        "central" if not kinds else kinds.pop() if len(kinds) == 1 else "mixed",
    )


@dataclass(frozen=True)
class PillarRef:
    result: Ref | None
    usable: int
    scored: int


def reference_scores(raw: dict[str, Any], year: int) -> tuple[dict[str, PillarRef], Ref | None]:
    """Every pillar's result, and the overall result, at `year` (arithmetic means only)."""
    meta = raw["scorecard"]
    minimum = meta.get("min_coverage", 0.5)
    assert meta.get("aggregation", "arithmetic") == "arithmetic"
    pillars: dict[str, PillarRef] = {}
    for pillar in raw["pillars"]:
        assert pillar.get("aggregation", "arithmetic") == "arithmetic"
        scored = [
            i
            for i in raw["indicators"]
            if i["pillar"] == pillar["id"] and i["scoring"]["method"] != "none"
        ]
        parts = [
            (ref, i.get("weight", 1.0))
            for i in scored
            if (ref := reference_indicator(raw, i, year)) is not None
        ]
        enough = bool(scored) and len(parts) / len(scored) >= minimum
        pillars[pillar["id"]] = PillarRef(
            _mean(parts) if enough and parts else None, len(parts), len(scored)
        )
    with_score = [
        (pillars[p["id"]].result, p.get("weight", 1.0))
        for p in raw["pillars"]
        if pillars[p["id"]].result is not None
    ]
    overall = None
    if with_score and len(with_score) / len(raw["pillars"]) >= minimum:
        overall = _mean([(r, w) for r, w in with_score if r is not None])
    return pillars, overall


MARK = {"central": "", "best_case": "≤", "worst_case": "≥", "mixed": "≈"}
CAVEAT = {
    "central": "",
    "best_case": " (at best)",
    "worst_case": " (at worst)",
    "mixed": " (open bounds)",
}


def score_text(ref: Ref) -> str:
    """The score as every format prints it: `41.4`, `≤41.4` for a best case."""
    return f"{MARK[ref.estimate]}{ref.score:.1f}"


def status_label(score: float, low: float, high: float, estimate: str = "central") -> str:
    """The status as printed on one line, with the default bands of the shipped data
    (tables put a caveat, and the ~ after it, on a second line)."""

    def band(x: float) -> str:
        return (
            "on track"
            if x >= 75
            else "progressing"
            if x >= 50
            else "limited"
            if x >= 25
            else "off track"
        )

    return band(score) + CAVEAT[estimate] + (" ~" if band(low) != band(high) else "")


def status_first_line(ref: Ref) -> str:
    """The first line of a table's status cell: the band (and ~ when no caveat follows)."""
    return status_label(ref.score, ref.low, ref.high, ref.estimate).split(" (")[0]


def interval_text(low: float, high: float) -> str:
    if f"{low:.1f}" == f"{high:.1f}":
        return f"[{low:.1f}]"
    return f"[{low:.1f}, {high:.1f}]"


# ---------------------------------------------------------------------------------------
# Running the command


def wide(runner: CliRunner, *args: str) -> list[str]:
    """Table output wide enough that no cell wraps."""
    return ok(runner, *args, env={"COLUMNS": "260"}).splitlines()


def cells(line: str) -> list[str]:
    """A line of a wide table split on runs of two or more spaces."""
    return [c for c in re.split(r"\s{2,}", line.strip()) if c]


def show_json(runner: CliRunner, *args: str) -> dict[str, Any]:
    payload: dict[str, Any] = json.loads(ok(runner, "show", "--format", "json", *args))
    return payload


# ---------------------------------------------------------------------------------------
# The scores


def test_reference_reproduces_the_worked_example(raw: dict[str, Any]) -> None:
    """The reference itself agrees with the numbers worked by hand in docs/methodology.md."""
    pillars, overall = reference_scores(raw, 2011)
    crime = pillars["crime-groups"].result
    assert crime is not None
    killings = 100 * (15273 - 12903) / (15273 - 2826)
    centres = [killings, 100 * 20 / 37, 100, 100 / 3, 25, 0, 50, 50]
    assert crime.score == pytest.approx(sum(centres) / 8)
    assert crime.low == pytest.approx((sum(centres) - killings) / 8)
    assert (round(crime.score, 1), round(crime.low, 1)) == (41.4, 39.0)
    assert overall is not None
    assert (round(overall.score, 1), round(overall.low, 1), round(overall.high, 1)) == (
        44.3,
        42.2,
        44.3,
    )


@pytest.mark.usefixtures("frozen")
def test_json_scores_match_the_reference_at_every_year(
    runner: CliRunner, raw: dict[str, Any]
) -> None:
    years = sorted({o["year"] for i in raw["indicators"] for o in i.get("observations", [])})
    for year in [*years, 2013, 2020]:
        report = show_json(runner, "--year", str(year))
        pillars, overall = reference_scores(raw, year)
        for p in report["pillars"]:
            expected = pillars[p["id"]]
            assert (p["coverage"]["usable"], p["coverage"]["scored"]) == (
                expected.usable,
                expected.scored,
            ), (year, p["id"])
            got = p["result"]
            if expected.result is None:
                assert got["score"] is None and got["reason"], (year, p["id"])
            else:
                want = expected.result
                assert (got["score"], got["low"], got["high"]) == pytest.approx(
                    (want.score, want.low, want.high), abs=1e-9
                ), (year, p["id"])
        got = report["overall"]["result"]
        if overall is None:
            assert got["score"] is None, year
        else:
            assert (got["score"], got["low"], got["high"]) == pytest.approx(
                (overall.score, overall.low, overall.high), abs=1e-9
            ), year


# ---------------------------------------------------------------------------------------
# The table


def pillar_rows(
    raw: dict[str, Any], year: int, table: bool = True
) -> list[tuple[str, list[str], str]]:
    """(name and id, expected cells after them, the source's verdict) for every pillar; the
    status as on the first line of a table's cell, or whole (`table=False`)."""
    pillars, _ = reference_scores(raw, year)
    rows = []
    for p in raw["pillars"]:
        ref = pillars[p["id"]]
        coverage = f"{ref.usable}/{ref.scored}"
        if ref.result is None:
            expected = ["-", "-", "no score", coverage]
        else:
            r = ref.result
            status = (
                status_first_line(r) if table else status_label(r.score, r.low, r.high, r.estimate)
            )
            expected = [score_text(r), interval_text(r.low, r.high), status, coverage]
        rows.append((f"{p['name']} ({p['id']})", expected, p["assessment"]["quote"]))
    return rows


@pytest.mark.usefixtures("frozen")
def test_table_lists_every_pillar_with_score_interval_coverage_and_verdict(
    runner: CliRunner, raw: dict[str, Any]
) -> None:
    lines = wide(runner, "show")
    assert "Year: 2011 (assessment year)" in lines
    rows = pillar_rows(raw, 2011)
    assert len(rows) == 5
    for name, expected, quote in rows:
        found = [line for line in lines if line.strip().startswith(name + "  ")]
        assert len(found) == 1, name
        row = cells(found[0])
        # name, score, bar, interval, status, coverage
        assert row[0] == name
        assert [row[1], *row[3:]] == expected, name
        # The verdict is under the table, after the pillar's id.
        ident = name.rsplit(" (", 1)[1].rstrip(")")
        assert f"{ident} \u201c{squeeze(quote)}\u201d" in squeeze("\n".join(lines))


@pytest.mark.usefixtures("frozen")
def test_table_at_100_columns_holds_the_same_facts(runner: CliRunner, raw: dict[str, Any]) -> None:
    out = ok(runner, "show")
    flat = squeeze(out)
    for name, expected, quote in pillar_rows(raw, 2011):
        score, interval, status, coverage = expected
        pattern = rf"{re.escape(score)}\s+\S+\s+{re.escape(interval)}\s+{re.escape(status)}\s+"
        row = [line for line in out.splitlines() if re.search(pattern + re.escape(coverage), line)]
        assert row and row[0].strip().startswith(name.split()[0]), name
        # Wrapped over several lines, the verdict still reads as one quote.
        assert f"\u201c{squeeze(quote)}\u201d" in flat


@pytest.mark.usefixtures("frozen")
def test_table_at_an_earlier_year(runner: CliRunner, raw: dict[str, Any]) -> None:
    lines = wide(runner, "show", "--year", "2009")
    assert "Year: 2009" in lines
    assert not any("assessment year" in line for line in lines)
    rows = pillar_rows(raw, 2009)
    for name, expected, _ in rows:
        row = cells(next(line for line in lines if line.strip().startswith(name + "  ")))
        if expected[0] == "-":
            # No score: no bar either, and the reason follows the name.
            assert row[1:] == expected, name
        else:
            assert [row[1], *row[3:]] == expected, name
    crime = [line.strip() for line in lines if "no score: coverage" in line]
    # Two of the eight scored indicators of pillar 1 have evidence by 2009.
    assert "no score: coverage 2/8 is below the minimum 0.5" in crime


#: Each value form, as a person would say it (indicator id, value text, evidence year).
NATURAL_VALUES = [
    ("oc-homicides", "at least 12,903 killings a year (covers January-September only)", 2011),
    ("most-wanted-captured", "20 leaders", 2011),
    ("intelligence-sharing", "Substantial", 2011),
    ("long-gun-reporting", "Proposed", 2011),
    ("illicit-flows", "19-29 billion US$ a year", 2011),
    ("money-laundering-strategy", "None", 2011),
    ("conviction-rate", "at most 2 percent of crimes", 2011),
    ("police-officers-total", "400,000 officers", 2011),
    ("federal-police-size", "32,000 officers", 2009),
    ("states-reform-laws", "11 states, of 32", 2011),
    ("risk-segmentation", "Partly implemented", 2011),
    ("permit-time", "2-3 years", 2011),
    (
        "treatment-budget-change",
        "1.1 percent change (covers FY2010 to FY2012 (requested) only)",
        2011,
    ),
    (
        "cocaine-use-young-adults",
        "-46 percent change (covers the five years before the letter only)",
        2011,
    ),
    ("heavy-user-share", "at least 50 percent of consumption", 2011),
    ("cocaine-chronic-share", "66.7-75 percent of cocaine consumed", 2011),
]


@pytest.mark.usefixtures("frozen")
def test_every_value_kind_reads_naturally(runner: CliRunner, raw: dict[str, Any]) -> None:
    names = {i["id"]: i["name"] for i in raw["indicators"]}
    report = show_json(runner)
    texts = {i["id"]: i["evidence"]["text"] for p in report["pillars"] for i in p["indicators"]}
    lines = wide(runner, "show")
    markdown = ok(runner, "show", "--format", "markdown")
    for ident, text, year in NATURAL_VALUES:
        assert texts[ident] == text
        row = [line for line in lines if line.strip().startswith(names[ident] + "  ")]
        assert len(row) == 1, ident
        assert cells(row[0])[1].startswith(text), (ident, row[0])
        assert f"  {year}  " in row[0]
        assert f"| {names[ident]} ({ident}) | {text}" in markdown
    killings = next(line for line in lines if line.strip().startswith(names["oc-homicides"]))
    # A partial-year figure says which part, in every format, so that it never reads as a
    # full year's; a figure from outside the paper is marked.
    assert "at least 12,903 killings a year (covers January-September only) \u2020" in killings


@pytest.mark.usefixtures("frozen")
def test_targets_read_naturally(runner: CliRunner) -> None:
    report = show_json(runner)
    targets = {
        i["id"]: i["target"]["text"]
        for p in report["pillars"]
        for i in p["indicators"]
        if i["target"]
    }
    assert targets["most-wanted-captured"] == "37 leaders"
    assert targets["states-reform-laws"] == "32 states, of 32 by 2016"
    assert targets["federal-accusatory-trials"] == "Implemented by 2016"
    assert targets["binational-strategy-communities"] == "Adopted by 2011"
    assert targets["market-size-data"] == "Regular"
    flat = squeeze(ok(runner, "show", env={"COLUMNS": "260"}))
    for text in ("37 leaders", "32 states, of 32 by 2016", "Implemented by 2016"):
        assert text in flat


@pytest.mark.usefixtures("frozen")
def test_summary_omits_indicator_tables(runner: CliRunner, raw: dict[str, Any]) -> None:
    full = squeeze(ok(runner, "show", env={"COLUMNS": "260"}))
    summary = squeeze(ok(runner, "show", "--summary", env={"COLUMNS": "260"}))
    for pillar in raw["pillars"]:
        assert pillar["name"] in summary
    for ind in raw["indicators"]:
        assert ind["name"] in full
        assert ind["name"] not in summary
    assert "Indicator" not in summary
    md = ok(runner, "show", "--summary", "--format", "markdown")
    assert "| Indicator |" not in md and "| Pillar |" in md


# ---------------------------------------------------------------------------------------
# Choosing pillars and years

PILLAR_IDS = "crime-groups, rule-of-law, border, communities, demand"


@pytest.mark.usefixtures("frozen")
def test_pillar_filter(runner: CliRunner, raw: dict[str, Any]) -> None:
    names = {p["id"]: p["name"] for p in raw["pillars"]}
    out = squeeze(ok(runner, "show", "--pillar", "border", env={"COLUMNS": "260"}))
    assert names["border"] in out
    for other in ("crime-groups", "rule-of-law", "communities", "demand"):
        assert names[other] not in out
    assert "Rail traffic through non-intrusive screening" in out
    assert "Organized-crime-related killings" not in out
    report = show_json(runner, "-p", "demand", "--pillar", "border")
    # File order, whatever order they were asked for in.
    assert [p["id"] for p in report["pillars"]] == ["border", "demand"]
    # The overall score still covers every pillar.
    assert report["overall"] == show_json(runner)["overall"]
    rows = ok(runner, "show", "--pillar", "border", "--format", "ndjson").splitlines()
    border = [i for i in raw["indicators"] if i["pillar"] == "border"]
    assert [json.loads(r)["indicator"] for r in rows] == [i["id"] for i in border]


@pytest.mark.usefixtures("frozen")
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_unknown_pillar_exits_2_listing_valid_ids(runner: CliRunner, fmt: str) -> None:
    result = invoke(runner, "show", "--pillar", "nope", "--format", fmt)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"unknown pillar 'nope'; known: {PILLAR_IDS}\n"


@pytest.mark.usefixtures("frozen")
def test_a_mistyped_pillar_gets_a_suggestion(runner: CliRunner) -> None:
    result = invoke(runner, "show", "--pillar", "bordr")
    assert result.exit_code == 2
    assert result.stderr == "unknown pillar 'bordr'; did you mean 'border'?\n"


VALID_YEARS = "2007, 2008, 2009, 2010, 2011, 2012, 2014, 2016, 2024"


@pytest.mark.usefixtures("frozen")
@pytest.mark.parametrize("year", ["2006", "1900", str(current_year() + 1)])
def test_unknown_year_exits_2_naming_valid_years(
    runner: CliRunner, raw: dict[str, Any], year: str
) -> None:
    years = sorted({o["year"] for i in raw["indicators"] for o in i.get("observations", [])})
    assert ", ".join(map(str, years)) == VALID_YEARS
    result = invoke(runner, "show", "--year", year)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"unknown year {year}: choose a year from 2007 to {current_year()} "
        f"(years with observations: {VALID_YEARS})\n"
    )


@pytest.mark.usefixtures("frozen")
def test_a_year_after_the_last_observation_is_read_by_the_as_of_rule(runner: CliRunner) -> None:
    """Up to this year: 2024's evidence still counts a year later, and its age says so."""
    report = show_json(runner, "--year", "2025")
    assert report["year"] == 2025
    indicators = [i for p in report["pillars"] for i in p["indicators"]]
    from_2024 = [i for i in indicators if i["evidence"] and i["evidence"]["year"] == 2024]
    assert from_2024
    assert all(i["age"] == 1 and i["state"] in ("scored", "context") for i in from_2024)
    # Evidence from 2016 and before is more than five years old by 2025: stale, not hidden.
    stale = [i for i in indicators if i["state"] == "stale"]
    assert stale
    assert all(i["evidence"]["year"] < 2020 for i in stale)


@pytest.mark.usefixtures("frozen")
def test_year_2009_against_the_default(runner: CliRunner) -> None:
    default = show_json(runner)
    assert (default["year"], default["year_origin"]) == (2011, "assessment_year")
    assert show_json(runner, "--year", "2011")["pillars"] == default["pillars"]
    early = show_json(runner, "--year", "2009")
    assert (early["year"], early["year_origin"]) == (2009, "--year")
    by_id = {i["id"]: i for p in early["pillars"] for i in p["indicators"]}
    killings = by_id["oc-homicides"]
    assert killings["evidence"]["text"] == "9,614 killings a year"
    assert (killings["evidence"]["year"], killings["age"]) == (2009, 0)
    assert killings["result"]["score"] == pytest.approx(100 * (15273 - 9614) / (15273 - 2826))
    # Evidence from 2008 counts in 2009 under the as-of rule, one year old.
    trials = by_id["federal-accusatory-trials"]
    assert (trials["evidence"]["year"], trials["age"], trials["state"]) == (2008, 1, "scored")
    assert by_id["intelligence-sharing"]["state"] == "no_data"
    assert by_id["intelligence-sharing"]["evidence"] is None


# ---------------------------------------------------------------------------------------
# Output formats


@pytest.mark.usefixtures("frozen")
def test_json_is_the_library_report(runner: CliRunner) -> None:
    source = resolve_data_path(None)
    assert source.origin == "./scorecard.toml"
    doc = load(source).doc
    for args, year, pillars in (
        ((), None, None),
        (("--year", "2009"), 2009, None),
        (("--pillar", "border", "--year", "2016"), 2016, ["border"]),
    ):
        expected = build_show_report(
            doc, source.display(), source.origin, year=year, pillars=pillars
        ).model_dump(mode="json", by_alias=True)
        assert show_json(runner, *args) == expected
        assert json.loads(ok(runner, "show", "--json", *args)) == expected
    report = show_json(runner)
    assert report["schema_version"] == 1 and report["kind"] == "show"
    assert report["data_origin"] == "./scorecard.toml"
    assert report["data_file"] == "scorecard.toml"


@pytest.mark.usefixtures("bundled")
def test_json_names_the_bundled_dataset(runner: CliRunner) -> None:
    report = show_json(runner)
    assert report["data_origin"] == "bundled"
    # Through the module, not a name imported from it, as tests/test_shipped_data.py may
    # point the bundled dataset at a changed copy for a whole run.
    assert report["data_file"] == str(scorecard.load.bundled_data_path())


@pytest.mark.usefixtures("frozen")
def test_ndjson_has_one_object_per_indicator(runner: CliRunner, raw: dict[str, Any]) -> None:
    lines = ok(runner, "show", "--format", "ndjson").splitlines()
    rows = [json.loads(line) for line in lines]
    assert [r["indicator"] for r in rows] == [i["id"] for i in raw["indicators"]]
    assert all(isinstance(r, dict) for r in rows)
    report = show_json(runner)
    by_id = {i["id"]: (p, i) for p in report["pillars"] for i in p["indicators"]}
    for row in rows:
        pillar, ind = by_id[row["indicator"]]
        assert row["year"] == 2011
        assert row["pillar"] == pillar["id"] == ind["pillar"]
        assert row["name"] == ind["name"]
        assert row["state"] == ind["state"]
        assert (row["score"], row["score_low"], row["score_high"]) == (
            ind["result"]["score"],
            ind["result"]["low"],
            ind["result"]["high"],
        )
        assert row["value_text"] == (ind["evidence"]["text"] if ind["evidence"] else None)


@pytest.mark.usefixtures("frozen")
@pytest.mark.parametrize("year", ["2011", "2009"])
def test_csv_has_a_header_and_the_ndjson_rows(runner: CliRunner, year: str) -> None:
    rows = [
        json.loads(line)
        for line in ok(runner, "show", "--year", year, "--format", "ndjson").splitlines()
    ]
    text = ok(runner, "show", "--year", year, "--format", "csv")
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    assert header == list(rows[0])
    body = list(reader)
    assert len(body) == len(rows)
    for got, row in zip(body, rows, strict=True):
        assert got == [csv_text(row[c]) for c in header]


@pytest.mark.usefixtures("frozen")
def test_markdown_has_pipe_tables(runner: CliRunner, raw: dict[str, Any]) -> None:
    text = ok(runner, "show", "--format", "markdown")
    tables = pipe_tables(text)
    # The pillar table, then one table per pillar.
    assert len(tables) == 1 + len(raw["pillars"])
    header, body = tables[0]
    assert header[:3] == ["Pillar", "Score", "Interval"]
    expected = pillar_rows(raw, 2011, table=False)
    assert [row[0] for row in body] == [name for name, _, _ in expected]
    for row, (_, cells_, quote) in zip(body, expected, strict=True):
        score, interval, status, coverage = cells_
        assert row[1:5] == [score, interval, status, coverage]
        assert row[5] == f"*{quote}*"
    for (header, body), pillar in zip(tables[1:], raw["pillars"], strict=True):
        assert header[0] == "Indicator"
        names = [
            f"{i['name']} ({i['id']})" for i in raw["indicators"] if i["pillar"] == pillar["id"]
        ]
        assert [row[0] for row in body] == names
        assert f"## {pillar['name']}" in text.splitlines()


# ---------------------------------------------------------------------------------------
# Terminal width and colour


@pytest.mark.usefixtures("frozen")
@pytest.mark.parametrize("columns", [80, 100])
@pytest.mark.parametrize(
    "args",
    [
        ("show",),
        ("show", "--summary"),
        ("show", "--year", "2009"),
        ("show", "--year", "2024"),
        ("diff", "2009", "2011"),
        ("diff", "2010", "2012", "--all"),
    ],
)
def test_table_fits_the_terminal(runner: CliRunner, columns: int, args: tuple[str, ...]) -> None:
    from rich.cells import cell_len

    out = ok(runner, *args, env={"COLUMNS": str(columns)})
    widths = [cell_len(line) for line in out.splitlines()]
    assert max(widths) <= columns
    if args == ("show",):
        # COLUMNS is honoured, not ignored (Rich's fallback is 80): the long verdict quotes
        # fill the pillar table to the full width.
        assert max(widths) >= columns - 2


@pytest.mark.usefixtures("frozen")
@pytest.mark.parametrize("fmt", ["json", "ndjson", "csv"])
def test_machine_formats_are_never_coloured(runner: CliRunner, fmt: str) -> None:
    colour = {"FORCE_COLOR": "1", "NO_COLOR": None, "TERM": "xterm-256color"}
    # The environment does reach the table: it is coloured.
    assert ESC in ok(runner, "show", env=colour)
    for args in (("show",), ("diff", "2009", "2011"), ("diff", "2010", "2012", "--all")):
        out = ok(runner, *args, "--format", fmt, env=colour)
        assert ESC not in out and "\x9b" not in out
        assert out.strip()


@pytest.mark.usefixtures("frozen")
def test_no_color_means_no_escape_sequences(runner: CliRunner) -> None:
    assert ESC not in ok(runner, "show")
    assert ESC not in ok(runner, "show", env={"FORCE_COLOR": None, "TERM": "xterm-256color"})


# ---------------------------------------------------------------------------------------
# An invalid data file


def unique_line_of(text: str, snippet: str) -> int:
    assert text.count(snippet) == 1, snippet
    return line_of(text, snippet)


@pytest.mark.parametrize("command", [("show",), ("show", "--json"), ("diff", "2010", "2011")])
def test_invalid_data_file_exits_3_with_one_line_per_problem(
    runner: CliRunner, write_data: WriteData, valid_toml: str, command: tuple[str, ...]
) -> None:
    text = valid_toml.replace('name = "Trade"\n', 'name = "Trade"\nwieght = 2.0\n', 1)
    text = text.replace('direction = "higher"', 'direction = "up"', 1)
    path = write_data(text)
    result = invoke(runner, *command, "--data", str(path))
    assert result.exit_code == 3
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 2, result.stderr
    assert lines[0].startswith(f"{path}:{unique_line_of(text, 'wieght = 2.0')}: ")
    assert "wieght" in lines[0]
    direction_line = unique_line_of(text, 'direction = "up"')
    assert lines[1].startswith(f"{path}:{direction_line}: ")
    assert "direction" in lines[1]


SMALL_TOML = """
[scorecard]
title = "Small"
assessment_year = 2011

[[sources]]
id = "s"
title = "S"

[[pillars]]
id = "safety"
name = "Safety"

[[pillars]]
id = "trade"
name = "Trade"
weight = 2.0

[[scales]]
id = "progress"
name = "Progress"
rationale = "Evenly spaced."
levels = [{ name = "none" }, { name = "some" }, { name = "full" }]

[[indicators]]
id = "homicides"
pillar = "safety"
name = "Homicide rate"
direction = "lower"
scoring = { method = "target", baseline = 20.0 }
target = { value = 10.0, rationale = "Halve it." }
observations = [{ year = 2011, low = 15.0, high = 17.0, source = "s", quote = "q" }]

[[indicators]]
id = "exports"
pillar = "trade"
name = "Exports"
direction = "higher"
scoring = { method = "goalposts", min = 1.0, max = 1000.0, log = true, rationale = "r" }
observations = [{ year = 2010, value = 100.0, source = "s", quote = "q" }]

[[indicators]]
id = "reform"
pillar = "trade"
name = "Customs reform"
scoring = { method = "ordinal", scale = "progress" }
target = { level = "full", rationale = "Complete it." }
observations = [{ year = 2011, level = "some", source = "s", quote = "q" }]
"""


def test_a_small_file_scored_by_hand(runner: CliRunner, write_data: WriteData) -> None:
    path = write_data(SMALL_TOML)
    report = json.loads(ok(runner, "show", "--json", "--data", str(path)))
    by_id = {p["id"]: p for p in report["pillars"]}
    # homicides: target 20 -> 10, range 15-17 in 2011: scores [30, 50], centre 40.
    safety = by_id["safety"]["result"]
    assert (safety["score"], safety["low"], safety["high"]) == pytest.approx((40.0, 30.0, 50.0))
    # exports: log goalposts 1-1000, 100 in 2010: 66.67; reform: level 2 of 3: 50.
    trade = by_id["trade"]["result"]
    assert trade["score"] == pytest.approx((200 / 3 + 50) / 2)
    # Overall, pillar weights 1 and 2.
    assert report["overall"]["result"]["score"] == pytest.approx(
        (40.0 + 2 * (200 / 3 + 50) / 2) / 3
    )
    assert report["data_file"] == str(path)
    assert report["data_origin"] == "--data"
    lines = ok(runner, "show", "--data", str(path), env={"COLUMNS": "200"}).splitlines()
    # (40 + 2 * 58.33) / 3 = 52.2; ends (30 + 116.67) / 3 = 48.9 (limited) and 55.6.
    assert "Overall: 52.2 [48.9, 55.6] progressing ~" in " ".join(lines)
    homicides = next(line for line in lines if line.strip().startswith("Homicide rate"))
    assert cells(homicides)[1:] == ["15-17", "2011", "40.0", "[30.0, 50.0]", "limited ~"]


@pytest.mark.parametrize("command", [("show",), ("show", "--json"), ("diff", "2010", "2011")])
def test_warnings_are_summarised_on_stderr_and_do_not_fail(
    runner: CliRunner, write_data: WriteData, valid_toml: str, command: tuple[str, ...]
) -> None:
    """A quote left out is a warning: the report still comes, with one line on stderr."""
    clean = invoke(runner, *command, "--data", str(write_data(valid_toml)))
    assert clean.exit_code == 0
    assert clean.stderr == ""
    quote = next(line for line in valid_toml.splitlines() if line.startswith("quote = "))
    path = write_data(valid_toml.replace(quote + "\n", "", 1))
    result = invoke(runner, *command, "--data", str(path))
    assert result.exit_code == 0
    assert result.stdout
    assert result.stderr == (
        f"scorecard: 1 warning(s) in {path}; run `scorecard validate` to see them\n"
    )


def test_json_carries_each_method_s_parameters_and_rationale(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    path = str(write_data(valid_toml))
    report = json.loads(ok(runner, "show", "--json", "--data", path))
    scoring = {i["id"]: i["scoring"] for p in report["pillars"] for i in p["indicators"]}
    exports = scoring["exports"]
    assert (exports["method"], exports["min"], exports["max"], exports["log"]) == (
        "goalposts",
        1.0,
        1000.0,
        True,
    )
    assert exports["rationale"] == "Orders of magnitude."
    homicides = scoring["homicides"]
    assert (homicides["baseline"], homicides["target_value"], homicides["target_year"]) == (
        20.0,
        10.0,
        2015,
    )
    assert homicides["target_rationale"] == "Halve it."
    assert [(lv["name"], lv["score"]) for lv in scoring["reform"]["levels"]] == [
        ("none", 0.0),
        ("some", 50.0),
        ("full", 100.0),
    ]


# ---------------------------------------------------------------------------------------
# Reading well at 80 and 160 columns


def words_of(text: str) -> set[str]:
    """The words of a table, without its rules and the slash between two headings."""
    return {w for w in text.split() if not set(w) <= set("─━-|│/ ")}


@pytest.mark.usefixtures("frozen")
@pytest.mark.parametrize("args", [("show",), ("show", "--year", "2016"), ("diff", "2009", "2011")])
@pytest.mark.parametrize("width", ["80", "160"])
def test_no_word_breaks_in_the_middle(runner: CliRunner, args: tuple[str, ...], width: str) -> None:
    """Every word at 80 or 160 columns is a word of the same table with room to spare: a
    word cut in two ("implementin g") would leave pieces that are not."""
    narrow = ok(runner, *args, env={"COLUMNS": width})
    roomy = words_of(ok(runner, *args, env={"COLUMNS": "1000"}))
    assert max(map(len, narrow.splitlines())) <= int(width)
    assert sorted(words_of(narrow) - roomy) == []


@pytest.mark.usefixtures("frozen")
def test_summary_fits_in_30_lines_at_80_columns(runner: CliRunner, raw: dict[str, Any]) -> None:
    out = ok(runner, "show", "--summary", env={"COLUMNS": "80"})
    assert len(out.splitlines()) <= 30
    flat = squeeze(out)
    for pillar in raw["pillars"]:
        # Each pillar by its id, with the start of the source's verdict.
        assert f"({pillar['id']})" in flat
        assert f"{pillar['id']} \u201c{' '.join(pillar['assessment']['quote'].split()[:3])}" in flat


@pytest.mark.usefixtures("frozen")
def test_the_legend_names_the_scale_and_only_the_marks_used(runner: CliRunner) -> None:
    out = squeeze(ok(runner, "show", env={"COLUMNS": "160"}))
    assert "Scores 0-100: on track from 75, progressing from 50, limited from 25" in out
    assert "\u2020 a figure from outside the primary source" in out
    # A mark is explained only when the tables use it.
    report = show_json(runner)
    results = [report["overall"]["result"]] + [p["result"] for p in report["pillars"]]
    results += [i["result"] for p in report["pillars"] for i in p["indicators"]]
    estimates = {r["estimate"] for r in results if r["score"] is not None}
    assert ("\u2264 a best case" in out) == ("best_case" in estimates)
    assert ("\u2265 a worst case" in out) == ("worst_case" in estimates)
    # The summary shows no indicator, so no external figure: no dagger in its legend.
    summary = squeeze(ok(runner, "show", "--summary", env={"COLUMNS": "160"}))
    assert "\u2020" not in summary
    crossing = [p for p in show_json(runner)["pillars"] if p["result"]["crosses_band"]]
    overall = show_json(runner)["overall"]["result"]["crosses_band"]
    assert ("~ the interval spans" in summary) == bool(crossing or overall)


def test_tables_show_ids(runner: CliRunner, write_data: WriteData, valid_toml: str) -> None:
    path = str(write_data(valid_toml))
    out = ok(runner, "show", "--data", path, env={"COLUMNS": "80"})
    lines = [line.strip() for line in out.splitlines()]
    assert any(line.startswith("Safety (safety)") for line in lines)
    assert "Trade (trade)" in lines
    for ident in ("homicides", "exports", "reform"):
        assert any(line.startswith(ident) for line in lines), ident


@pytest.mark.parametrize("fmt", ["csv", "ndjson"])
def test_summary_rows_are_the_pillars_and_the_overall(
    runner: CliRunner, write_data: WriteData, valid_toml: str, fmt: str
) -> None:
    path = str(write_data(valid_toml))
    report = json.loads(ok(runner, "show", "--json", "--data", path))
    out = ok(runner, "show", "--summary", "-f", fmt, "--data", path)
    if fmt == "csv":
        rows: list[dict[str, Any]] = list(csv.DictReader(io.StringIO(out)))
        score = [float(r["score"]) for r in rows]
    else:
        rows = [json.loads(line) for line in out.splitlines()]
        score = [r["score"] for r in rows]
    assert [r["pillar"] for r in rows] == ["safety", "trade", "overall"]
    expected = [p["result"]["score"] for p in report["pillars"]]
    assert score == [*expected, report["overall"]["result"]["score"]]
