"""`scorecard validate`: exact messages, line numbers and exit codes.

Each case edits the valid fixture (tests/conftest.py) and states every line `validate`
must print: `file:line: kind id: field: message`. The expected line number is found by
searching the edited text for a snippet that stands on that line, so the expectations
do not depend on how the product maps locations to lines.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import jsonschema  # type: ignore[import-untyped]
import pytest

from helpers import DATA, OBS_HEADER, edit, line_of
from scorecard import __version__
from scorecard.load import bundled_data_path
from scorecard.report.validate import ValidateReport

if TYPE_CHECKING:
    from helpers import Validate, WriteData

UNKNOWN_KEY = "unknown key (check the spelling; see docs/data-format.md)"
NOT_FINITE = "must be a finite number (nan and inf are not allowed)"
VALID_SUMMARY = f"{DATA}: valid: 2 pillars, 3 indicators, 4 observations, 0 warning(s)"
#: A list index where an id belongs, e.g. `indicators[2]` or `pillars.0`.
LIST_INDEX = re.compile(r"\b(?:sources|pillars|scales|indicators)(?:\[\d+\]|\.\d+)")


@dataclass(frozen=True)
class Case:
    changes: tuple[tuple[str, str], ...]
    #: Every error expected: (a snippet on its line, which occurrence of the snippet, the
    #: rest of the message line after `data.toml:LINE: `).
    errors: tuple[tuple[str, int, str], ...]


def expected_lines(text: str, errors: tuple[tuple[str, int, str], ...]) -> list[str]:
    located = [(line_of(text, snippet, n), rest) for snippet, n, rest in errors]
    return [f"{DATA}:{line}: {rest}" for line, rest in sorted(located, key=lambda e: e[0])]


DUP_ID = 'id = "homicides"'
EMPTY_ID = 'id = "empty"'
CONTEXT_ID = 'id = "context"'
TARGET = 'target = { value = 10.0, year = 2015, rationale = "Halve it." }'

CASES: dict[str, Case] = {
    # Numbers that TOML allows and the schema does not.
    "nan in an observation value": Case(
        (("value = 18.0", "value = nan"),),
        (("value = nan", 1, f"indicator homicides: observations[2010].value: {NOT_FINITE}"),),
    ),
    "inf in an inline-table baseline": Case(
        (("baseline = 20.0", "baseline = inf"),),
        (("baseline = inf", 1, f"indicator homicides: scoring.baseline: {NOT_FINITE}"),),
    ),
    "-inf in a goalpost": Case(
        (("max = 1000.0", "max = -inf"),),
        (("max = -inf", 1, f"indicator exports: scoring.max: {NOT_FINITE}"),),
    ),
    "nan weight": Case(
        (("weight = 2.0", "weight = nan"),),
        (("weight = nan", 1, f"pillar trade: weight: {NOT_FINITE}"),),
    ),
    # Wrong types: no coercion.
    "string year": Case(
        (("year = 2010\nvalue = 18.0", 'year = "2010"\nvalue = 18.0'),),
        (
            (
                'year = "2010"',
                1,
                "indicator homicides: observations[#1].year: "
                "Input should be a valid integer (got str '2010')",
            ),
        ),
    ),
    "bool weight": Case(
        (("weight = 2.0", "weight = true"),),
        (
            (
                "weight = true",
                1,
                "pillar trade: weight: Input should be a valid number (got bool True)",
            ),
        ),
    ),
    "table where a value belongs": Case(
        (("weight = 2.0", "weight = { value = 2.0 }"),),
        (("weight = {", 1, "pillar trade: weight: Input should be a valid number (got a table)"),),
    ),
    "number where a table belongs": Case(
        ((TARGET, "target = 10"),),
        (("target = 10", 1, "indicator homicides: target: must be a table (got int 10)"),),
    ),
    # Unknown keys: typos are errors, wherever they are.
    "typo in a pillar key": Case(
        (("weight = 2.0", "wieght = 2.0"),),
        (("wieght = 2.0", 1, f"pillar trade: wieght: {UNKNOWN_KEY}"),),
    ),
    "typo in an observation key": Case(
        (('quote = "The rate was 18."', 'qoute = "The rate was 18."'),),
        (("qoute =", 1, f"indicator homicides: observations[2010].qoute: {UNKNOWN_KEY}"),),
    ),
    "typo in an inline table": Case(
        (("value = 10.0, year = 2015", "value = 10.0, yaer = 2015"),),
        (("target = {", 1, f"indicator homicides: target.yaer: {UNKNOWN_KEY}"),),
    ),
    "typo in a table header": Case(
        (("[indicators.scoring]", "[indicators.scoring.x]\n[indicators.scorng]"),),
        (
            (
                "[indicators.scoring.x]",
                1,
                "indicator exports: scoring: required key `method` is missing "
                "(one of 'target', 'goalposts', 'ordinal', 'none')",
            ),
            ("[indicators.scorng]", 1, f"indicator exports: scorng: {UNKNOWN_KEY}"),
        ),
    ),
    # Duplicate ids: the later one is reported, by id, on its own line.
    "duplicate indicator id": Case(
        (('id = "exports"', 'id = "homicides"'),),
        (('id = "homicides"', 2, "indicator homicides: id: duplicate id 'homicides'"),),
    ),
    "duplicate pillar id": Case(
        (
            (
                '[[pillars]]\nid = "trade"',
                '[[pillars]]\nid = "safety"\nname = "Again"\n\n[[pillars]]\nid = "trade"',
            ),
        ),
        (('id = "safety"', 2, "pillar safety: id: duplicate id 'safety'"),),
    ),
    "duplicate source id": Case(
        (
            (
                '[[pillars]]\nid = "safety"',
                '[[sources]]\nid = "stats"\ntitle = "Again"\n\n[[pillars]]\nid = "safety"',
            ),
        ),
        (('id = "stats"', 2, "source stats: id: duplicate id 'stats'"),),
    ),
    "duplicate scale id": Case(
        (
            (
                '[[indicators]]\nid = "homicides"',
                '[[scales]]\nid = "progress"\nname = "Again"\nrationale = "r"\n'
                'levels = [{ name = "a" }, { name = "b" }]\n\n[[indicators]]\nid = "homicides"',
            ),
        ),
        (('id = "progress"', 2, "scale progress: id: duplicate id 'progress'"),),
    ),
    "duplicate level name": Case(
        (('name = "some"', 'name = "none"'),),
        (
            (
                "[[scales]]",
                1,
                "scale progress: level names must be unique within a scale (repeated: none)",
            ),
        ),
    ),
    # Dangling references.
    "unknown pillar": Case(
        (('pillar = "trade"\nname = "Exports"', 'pillar = "trad"\nname = "Exports"'),),
        (
            (
                'pillar = "trad"',
                1,
                "indicator exports: pillar: unknown pillar 'trad'; known: safety, trade",
            ),
        ),
    ),
    "unknown observation source": Case(
        (('source = "stats"', 'source = "statz"'),),
        (
            (
                'source = "statz"',
                1,
                "indicator exports: observations[2010].source: "
                "unknown source 'statz'; known: report, stats",
            ),
        ),
    ),
    "unknown assessment source": Case(
        (("weight = 2.0", 'weight = 2.0\nassessment = { source = "nobody", quote = "Q." }'),),
        (
            (
                "assessment = {",
                1,
                "pillar trade: assessment.source: unknown source 'nobody'; "
                "known sources: report, stats",
            ),
        ),
    ),
    "unknown scale": Case(
        (('scale = "progress"', 'scale = "progres"'),),
        (
            (
                'scale = "progres"',
                1,
                "indicator reform: scoring.scale: unknown scale 'progres'; known: progress",
            ),
        ),
    ),
    "observed level not in the scale": Case(
        (('level = "some"', 'level = "most"'),),
        (
            (
                'level = "most"',
                1,
                "indicator reform: observations[2011].level: level 'most' is not in scale "
                "'progress'; levels: none, some, full",
            ),
        ),
    ),
    "target level not in the scale": Case(
        (('level = "full"', 'level = "all"'),),
        (
            (
                'level = "all"',
                1,
                "indicator reform: target.level: level 'all' is not in scale 'progress'; "
                "levels: none, some, full",
            ),
        ),
    ),
    # Numbers that do not make sense together.
    "low greater than high": Case(
        (("low = 15.0", "low = 19.0"),),
        (
            (
                OBS_HEADER,
                2,
                "indicator homicides: observations[2011]: low (19) is greater than high (17)",
            ),
        ),
    ),
    # A stated limit closes an open bound, on its far side, with a reason.
    "limit on an exact value": Case(
        (("value = 18.0\n", 'value = 18.0\nlimit = 20.0\nlimit_rationale = "r"\n'),),
        (
            (
                OBS_HEADER,
                1,
                "indicator homicides: observations[2010]: `limit` closes an open bound: it goes "
                "with at_least or at_most",
            ),
        ),
    ),
    "limit below an at_least": Case(
        (("low = 15.0\nhigh = 17.0\n", 'at_least = 15.0\nlimit = 10.0\nlimit_rationale = "r"\n'),),
        (
            (
                OBS_HEADER,
                2,
                "indicator homicides: observations[2011]: limit (10) is below at_least (15): it "
                "must be the highest plausible value",
            ),
        ),
    ),
    "limit above an at_most": Case(
        (("low = 15.0\nhigh = 17.0\n", 'at_most = 17.0\nlimit = 20.5\nlimit_rationale = "r"\n'),),
        (
            (
                OBS_HEADER,
                2,
                "indicator homicides: observations[2011]: limit (20.5) is above at_most (17): it "
                "must be the lowest plausible value",
            ),
        ),
    ),
    "limit without its rationale": Case(
        (("low = 15.0\nhigh = 17.0\n", "at_least = 15.0\nlimit = 19.0\n"),),
        (
            (
                OBS_HEADER,
                2,
                "indicator homicides: observations[2011]: a `limit` needs a `limit_rationale` "
                "saying why it is plausible",
            ),
        ),
    ),
    "limit rationale without a limit": Case(
        (("low = 15.0\nhigh = 17.0\n", 'at_least = 15.0\nlimit_rationale = "r"\n'),),
        (
            (
                OBS_HEADER,
                2,
                "indicator homicides: observations[2011]: `limit_rationale` needs a `limit`",
            ),
        ),
    ),
    "range without high": Case(
        (("high = 17.0\n", ""),),
        (
            (
                OBS_HEADER,
                2,
                "indicator homicides: observations[2011]: a range needs both low and high",
            ),
        ),
    ),
    "goalposts min equal to max": Case(
        (("max = 1000.0", "max = 1.0"),),
        (("[indicators.scoring]", 1, "indicator exports: scoring: goalposts need min < max"),),
    ),
    "goalposts min above max": Case(
        (("max = 1000.0", "max = 0.5"),),
        (("[indicators.scoring]", 1, "indicator exports: scoring: goalposts need min < max"),),
    ),
    "log scale with a zero goalpost": Case(
        (("min = 1.0", "min = 0.0"),),
        (
            (
                "[indicators.scoring]",
                1,
                "indicator exports: scoring: a log scale needs positive goalposts",
            ),
        ),
    ),
    "log scale with a negative goalpost": Case(
        (("min = 1.0", "min = -10.0"),),
        (
            (
                "[indicators.scoring]",
                1,
                "indicator exports: scoring: a log scale needs positive goalposts",
            ),
        ),
    ),
    "log scale with a zero value": Case(
        (("value = 100.0", "value = 0.0"),),
        (
            (
                OBS_HEADER,
                3,
                "indicator exports: observations[2010]: a log scale needs positive values",
            ),
        ),
    ),
    "log scale with a negative bound": Case(
        (("value = 100.0", "at_most = -1.0"),),
        (
            (
                OBS_HEADER,
                3,
                "indicator exports: observations[2010]: a log scale needs positive values",
            ),
        ),
    ),
    "two observations for one year": Case(
        (("year = 2011\nlow", "year = 2010\nlow"),),
        (
            (
                "year = 2010\nlow",
                1,
                "indicator homicides: observations[2010].year: a second observation for 2010",
            ),
        ),
    ),
    "target equal to the baseline": Case(
        (("value = 10.0, year = 2015", "value = 20.0, year = 2015"),),
        (("target = {", 1, "indicator homicides: target.value: the target equals the baseline"),),
    ),
    "target above the baseline when lower is better": Case(
        (("value = 10.0, year = 2015", "value = 30.0, year = 2015"),),
        (
            (
                "target = {",
                1,
                "indicator homicides: target.value: direction is 'lower' but the target (30) "
                "is above the baseline (20)",
            ),
        ),
    ),
    "target below the baseline when higher is better": Case(
        (('direction = "lower"', 'direction = "higher"'),),
        (
            (
                "target = {",
                1,
                "indicator homicides: target.value: direction is 'higher' but the target (10) "
                "is below the baseline (20)",
            ),
        ),
    ),
    "observation year 1492": Case(
        (("year = 2010\nvalue = 18.0", "year = 1492\nvalue = 18.0"),),
        (
            (
                "year = 1492",
                1,
                "indicator homicides: observations[1492].year: "
                "Input should be greater than or equal to 1900",
            ),
        ),
    ),
    "target year 2101": Case(
        (("year = 2015", "year = 2101"),),
        (
            (
                "target = {",
                1,
                "indicator homicides: target.year: Input should be less than or equal to 2100",
            ),
        ),
    ),
    "observation with two value forms": Case(
        (("value = 18.0", "value = 18.0\nat_least = 17.0"),),
        (
            (
                OBS_HEADER,
                1,
                "indicator homicides: observations[2010]: give exactly one of value, at_least, "
                "at_most, low/high or level (found: value, at_least)",
            ),
        ),
    ),
    "observation with no value": Case(
        (("value = 18.0\n", ""),),
        (
            (
                OBS_HEADER,
                1,
                "indicator homicides: observations[2010]: give exactly one of value, at_least, "
                "at_most, low/high or level (found: none)",
            ),
        ),
    ),
    # Methods and the keys they need.
    "unknown scoring method": Case(
        (('method = "goalposts"', 'method = "goalpost"'),),
        (
            (
                'method = "goalpost"',
                1,
                "indicator exports: scoring.method: must be one of 'target', 'goalposts', "
                "'ordinal', 'none' (got 'goalpost')",
            ),
        ),
    ),
    "scoring method of the wrong type": Case(
        (('scoring = { method = "ordinal"', "scoring = { method = 3"),),
        (
            (
                "scoring = { method = 3",
                1,
                "indicator reform: scoring.method: must be one of 'target', 'goalposts', "
                "'ordinal', 'none' (got 3)",
            ),
        ),
    ),
    "scoring without a method": Case(
        (('method = "goalposts"\n', ""),),
        (
            (
                "[indicators.scoring]",
                1,
                "indicator exports: scoring: required key `method` is missing "
                "(one of 'target', 'goalposts', 'ordinal', 'none')",
            ),
        ),
    ),
    "missing required key": Case(
        (('name = "Exports"\n', ""),),
        (("[[indicators]]", 2, "indicator exports: name: required key is missing"),),
    ),
    "missing direction": Case(
        (('direction = "higher"\n', ""),),
        (
            (
                "[[indicators]]",
                2,
                "indicator exports: direction: the goalposts method needs a direction",
            ),
        ),
    ),
    "target method without a target": Case(
        ((TARGET + "\n", ""),),
        (
            (
                "[[indicators]]",
                1,
                "indicator homicides: target: the target method needs a target with a value",
            ),
        ),
    ),
    "ordinal observation with a value": Case(
        (('level = "some"', "value = 1.0"),),
        (
            (
                OBS_HEADER,
                4,
                "indicator reform: observations[2011]: "
                "an ordinal indicator's observations give a `level`",
            ),
        ),
    ),
    "level on a target-method indicator": Case(
        (("value = 18.0", 'level = "some"'),),
        (
            (
                'level = "some"',
                1,
                "indicator homicides: observations[2010].level: a level needs the ordinal method; "
                "this indicator uses 'target'",
            ),
        ),
    ),
    "bad id": Case(
        (('id = "reform"', 'id = "Reform"'),),
        (
            (
                'id = "Reform"',
                1,
                "indicator Reform: id: an id is lowercase letters, digits, '-' and '_', "
                "starting with a letter or digit (got 'Reform')",
            ),
        ),
    ),
    # Primary source and external figures.
    "external figure without a url, from a source without one": Case(
        (
            ('url = "https://example.org/stats/2010"\n', ""),
            ('url = "https://example.org/stats"\n', ""),
        ),
        (
            (
                OBS_HEADER,
                3,
                "indicator exports: observations[2010]: an external figure needs the `url` it "
                "was checked against",
            ),
        ),
    ),
    "secondary source not marked external": Case(
        (("external = true\n", ""),),
        (
            (
                OBS_HEADER,
                3,
                "indicator exports: observations[2010].external: the source 'stats' is not the "
                "primary source 'report'; set external = true",
            ),
        ),
    ),
}


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_problem_line_names_file_line_id_and_field(
    case: Case, valid_toml: str, write_data: WriteData, validate: Validate
) -> None:
    text = edit(valid_toml, *case.changes)
    write_data(text)
    result = validate(DATA)
    expected = expected_lines(text, case.errors)
    assert (
        result.stdout
        == "\n".join([*expected, f"{DATA}: invalid: {len(expected)} error(s), 0 warning(s)"]) + "\n"
    )
    assert result.exit_code == 1
    assert not LIST_INDEX.search(result.stdout)


def test_valid_file_exits_0_with_a_summary(
    write_data: WriteData, validate: Validate, valid_toml: str
) -> None:
    write_data(valid_toml)
    result = validate(DATA)
    assert result.exit_code == 0
    assert result.stdout == VALID_SUMMARY + "\n"
    assert result.stderr == ""


def test_external_figure_may_take_its_sources_url(
    write_data: WriteData, validate: Validate, valid_toml: str
) -> None:
    write_data(edit(valid_toml, ('url = "https://example.org/stats/2010"\n', "")))
    result = validate(DATA)
    assert result.exit_code == 0
    assert result.stdout == VALID_SUMMARY + "\n"


def test_malformed_toml_names_the_line(
    write_data: WriteData, validate: Validate, valid_toml: str
) -> None:
    text = edit(valid_toml, ('title = "The report"', 'title = "The report'))
    write_data(text)
    result = validate(DATA)
    assert result.exit_code == 1
    first, summary = result.stdout.splitlines()
    line = line_of(text, 'title = "The report')
    assert first.startswith(f"{DATA}:{line}: not valid TOML: ")
    assert "(column " in first
    assert summary == f"{DATA}: invalid: 1 error(s), 0 warning(s)"


def test_all_problems_are_reported_at_once(
    write_data: WriteData, validate: Validate, valid_toml: str
) -> None:
    """Schema errors (typo, nan) and cross-check errors (reference, duplicate) together."""
    case = Case(
        (
            ("weight = 2.0", "wieght = 2.0"),
            ("value = 18.0", "value = nan"),
            ('source = "stats"', 'source = "statz"'),
            ('id = "reform"', 'id = "exports"'),
        ),
        (
            ("wieght = 2.0", 1, f"pillar trade: wieght: {UNKNOWN_KEY}"),
            ("value = nan", 1, f"indicator homicides: observations[2010].value: {NOT_FINITE}"),
            (
                'source = "statz"',
                1,
                "indicator exports: observations[2010].source: "
                "unknown source 'statz'; known: report, stats",
            ),
            ('id = "exports"', 2, "indicator exports: id: duplicate id 'exports'"),
        ),
    )
    text = edit(valid_toml, *case.changes)
    write_data(text)
    result = validate(DATA)
    expected = expected_lines(text, case.errors)
    assert result.exit_code == 1
    assert (
        result.stdout == "\n".join([*expected, f"{DATA}: invalid: 4 error(s), 0 warning(s)"]) + "\n"
    )


def test_duplicate_of_an_item_with_a_schema_error_is_still_reported(
    write_data: WriteData, validate: Validate, valid_toml: str
) -> None:
    # The first `homicides` breaks the schema; its id still makes the second a duplicate,
    # and its pillar still counts as scored (no "pillar has no scored indicator" warning).
    text = edit(valid_toml, ("value = 18.0", "value = nan"), ('id = "exports"', DUP_ID))
    write_data(text)
    result = validate(DATA)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{DATA}:{line_of(text, 'value = nan')}: indicator homicides: "
        f"observations[2010].value: {NOT_FINITE}",
        f"{DATA}:{line_of(text, DUP_ID, 2)}: indicator homicides: id: duplicate id 'homicides'",
        f"{DATA}: invalid: 2 error(s), 0 warning(s)",
    ]


def test_line_numbers_with_a_line_separator_inside_a_string(
    write_data: WriteData, validate: Validate, valid_toml: str
) -> None:
    # U+2028, NEL and form feed are not line breaks in TOML; they must not shift lines.
    text = edit(
        valid_toml,
        ('title = "The report"', 'title = "The\u2028report\x85of\u2029record"'),
        ("baseline = 20.0", 'baseline = "twenty"'),
    )
    write_data(text)
    result = validate(DATA)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{DATA}:{line_of(text, 'baseline =')}: indicator homicides: scoring.baseline: "
        "Input should be a valid number (got str 'twenty')"
    )


def test_line_numbers_after_a_lone_triple_quote_in_a_literal_string(
    write_data: WriteData, validate: Validate, valid_toml: str
) -> None:
    # `'a """ lone'` is a one-line literal string holding three quotes, not the start of a
    # multi-line string: every later error keeps its line (issue 9).
    text = edit(
        valid_toml,
        ('title = "Test scorecard"', 'title = "Test scorecard"\ndescription = \'a """ lone\''),
        ("weight = 2.0", "wieght = 2.0"),
        ("value = 18.0", "value = nan"),
    )
    write_data(text)
    result = validate(DATA)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{DATA}:{line_of(text, 'wieght')}: pillar trade: wieght: {UNKNOWN_KEY}",
        f"{DATA}:{line_of(text, 'value = nan')}: indicator homicides: "
        f"observations[2010].value: {NOT_FINITE}",
        f"{DATA}: invalid: 2 error(s), 0 warning(s)",
    ]


def test_line_numbers_with_crlf_line_ends(
    write_data: WriteData, validate: Validate, valid_toml: str
) -> None:
    text = edit(valid_toml, ("weight = 2.0", "wieght = 2.0"))
    write_data(text.replace("\n", "\r\n"))
    result = validate(DATA)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{DATA}:{line_of(text, 'wieght')}: pillar trade: wieght: {UNKNOWN_KEY}"
    )


# --- warnings -------------------------------------------------------------------------------

WARNED_CHANGES = (
    # A pillar whose only indicator is a context indicator, with no observation.
    ("[[scales]]", '[[pillars]]\nid = "empty"\nname = "Not scored yet"\n\n[[scales]]'),
    (
        '[[indicators]]\nid = "reform"',
        '[[indicators]]\nid = "context"\npillar = "empty"\nname = "Context"\n'
        'scoring = { method = "none" }\n\n[[indicators]]\nid = "reform"',
    ),
    # An observation without a quote.
    ('quote = "Some progress."\n', ""),
)


def test_warnings_do_not_fail(write_data: WriteData, validate: Validate, valid_toml: str) -> None:
    text = edit(valid_toml, *WARNED_CHANGES)
    write_data(text)
    result = validate(DATA)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"{DATA}:{line_of(text, EMPTY_ID) - 1}: pillar empty: warning: "
        "the pillar has no scored indicator, so it will get no score",
        f"{DATA}:{line_of(text, CONTEXT_ID) - 1}: indicator context: warning: "
        "the indicator has no observation",
        f"{DATA}:{line_of(text, OBS_HEADER, 4)}: indicator reform: observations[2011]: "
        "warning: no quote: the evidence behind this figure is not shown",
        f"{DATA}: valid: 3 pillars, 4 indicators, 4 observations, 3 warning(s)",
    ]


# --- JSON -----------------------------------------------------------------------------------


def json_report(stdout: str) -> dict[str, Any]:
    """The report, checked against what `scorecard schema validate` prints."""
    report: dict[str, Any] = json.loads(stdout)
    jsonschema.validate(report, ValidateReport.model_json_schema())
    assert report["valid"] == (not report["errors"])
    assert all(e["severity"] == "error" for e in report["errors"])
    assert all(w["severity"] == "warning" for w in report["warnings"])
    return report


@pytest.mark.parametrize(
    ("changes", "snippet", "message"),
    [
        (
            (('rationale = "Evenly spaced: some progress is half of full."\n', ""),),
            "[[scales]]",
            "scale progress: warning: the scale has no `rationale`: say why its levels score "
            "what they do (which level counts as progress, and why)",
        ),
        (
            (('target = { level = "full", rationale = "Complete it." }\n', ""),),
            'id = "reform"',
            "indicator reform: warning: a scored ordinal indicator needs a `target` level with "
            "its `rationale` (which level counts as success, and why), or scoring method "
            '"none" to show it as context',
        ),
    ],
    ids=["scale without rationale", "ordinal indicator without target"],
)
def test_unreasoned_scales_and_ordinal_indicators_warn(
    changes: tuple[tuple[str, str], ...],
    snippet: str,
    message: str,
    write_data: WriteData,
    validate: Validate,
    valid_toml: str,
) -> None:
    """A warning, not an error: files written before the rule still load and score."""
    text = edit(valid_toml, *changes)
    write_data(text)
    result = validate(DATA)
    # An indicator's problems are reported at its [[indicators]] header, the line above.
    line = line_of(text, snippet) - (1 if snippet.startswith("id =") else 0)
    assert result.stdout == (
        f"{DATA}:{line}: {message}\n"
        f"{DATA}: valid: 2 pillars, 3 indicators, 4 observations, 1 warning(s)\n"
    )
    assert result.exit_code == 0


def test_json_for_a_valid_file(write_data: WriteData, validate: Validate, valid_toml: str) -> None:
    write_data(valid_toml)
    result = validate(DATA, "--format", "json")
    assert result.exit_code == 0
    assert json_report(result.stdout) == {
        "schema_version": 2,
        "kind": "validate",
        "tool_version": __version__,
        "data_file": DATA,
        "data_origin": "argument",
        "title": "Test scorecard",
        "readable": True,
        "valid": True,
        "contents": {"pillars": 2, "indicators": 3, "observations": 4},
        "errors": [],
        "warnings": [],
    }


def test_json_lists_every_error_with_its_fields(
    write_data: WriteData, validate: Validate, valid_toml: str
) -> None:
    text = edit(
        valid_toml, ("weight = 2.0", "wieght = 2.0"), ('source = "stats"', 'source = "statz"')
    )
    write_data(text)
    result = validate(DATA, "-f", "json")
    assert result.exit_code == 1
    report = json_report(result.stdout)
    assert report["valid"] is False
    assert report["errors"] == [
        {
            "file": DATA,
            "line": line_of(text, "wieght"),
            "kind": "pillar",
            "id": "trade",
            "field": "wieght",
            "severity": "error",
            "message": UNKNOWN_KEY,
        },
        {
            "file": DATA,
            "line": line_of(text, 'source = "statz"'),
            "kind": "indicator",
            "id": "exports",
            "field": "observations[2010].source",
            "severity": "error",
            "message": "unknown source 'statz'; known: report, stats",
        },
    ]
    assert report["warnings"] == []


def test_json_warnings_keep_the_file_valid(
    write_data: WriteData, validate: Validate, valid_toml: str
) -> None:
    text = edit(valid_toml, *WARNED_CHANGES)
    write_data(text)
    result = validate(DATA, "--format", "json")
    assert result.exit_code == 0
    report = json_report(result.stdout)
    assert report["valid"] is True
    assert report["errors"] == []
    assert [(w["kind"], w["id"], w["field"]) for w in report["warnings"]] == [
        ("pillar", "empty", None),
        ("indicator", "context", None),
        ("indicator", "reform", "observations[2011]"),
    ]


def test_json_for_an_unreadable_file(validate: Validate) -> None:
    result = validate("missing.toml", "--format", "json")
    assert result.exit_code == 2
    report = json_report(result.stdout)
    assert (report["readable"], report["valid"], report["contents"]) == (False, False, None)
    assert report["errors"] == [
        {
            "file": "missing.toml",
            "line": None,
            "kind": None,
            "id": None,
            "field": None,
            "severity": "error",
            "message": "no such file",
        }
    ]


# --- which file is read ---------------------------------------------------------------------


def test_no_argument_reads_scorecard_data(
    write_data: WriteData, validate: Validate, valid_toml: str
) -> None:
    write_data(valid_toml, "elsewhere.toml")
    write_data("", "scorecard.toml")  # present but ignored: the variable comes first
    result = validate("-f", "json", env={"SCORECARD_DATA": "elsewhere.toml"})
    assert result.exit_code == 0
    report = json_report(result.stdout)
    assert (report["data_file"], report["data_origin"]) == ("elsewhere.toml", "$SCORECARD_DATA")


def test_scorecard_data_that_is_missing_exits_2(validate: Validate) -> None:
    result = validate(env={"SCORECARD_DATA": "gone.toml"})
    assert result.exit_code == 2
    assert "gone.toml: no such file" in result.stderr


def test_no_argument_reads_scorecard_toml_in_the_cwd(
    write_data: WriteData, validate: Validate, valid_toml: str
) -> None:
    write_data(valid_toml, "scorecard.toml")
    result = validate()
    assert result.exit_code == 0
    assert result.stdout == VALID_SUMMARY.replace(DATA, "scorecard.toml") + "\n"
    report = json_report(validate("--format", "json").stdout)
    assert (report["data_file"], report["data_origin"]) == ("scorecard.toml", "./scorecard.toml")


def test_data_option_and_argument_come_before_the_environment(
    write_data: WriteData, validate: Validate, valid_toml: str
) -> None:
    write_data(valid_toml)
    env = {"SCORECARD_DATA": "gone.toml"}
    by_option = json_report(validate("--data", DATA, "-f", "json", env=env).stdout)
    assert (by_option["data_file"], by_option["data_origin"]) == (DATA, "--data")
    by_argument = json_report(validate(DATA, "-f", "json", env=env).stdout)
    assert (by_argument["data_file"], by_argument["data_origin"]) == (DATA, "argument")


def test_no_argument_falls_back_to_the_bundled_dataset(validate: Validate) -> None:
    result = validate("--format", "json")
    assert result.exit_code in {0, 1}
    report = json_report(result.stdout)
    assert report["data_origin"] == "bundled"
    assert report["data_file"] == f"{bundled_data_path()} (bundled dataset)"
    text = validate()
    assert f"{bundled_data_path()} (bundled dataset): " in text.stdout


def test_the_bundled_dataset_is_valid(validate: Validate) -> None:
    result = validate()
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].startswith(
        f"{bundled_data_path()} (bundled dataset): valid:"
    )


# --- usage ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [("--format", "xml"), ("--no-such-option",), ("a.toml", "b.toml")],
    ids=["bad format", "unknown option", "two paths"],
)
def test_usage_errors_exit_2(validate: Validate, args: tuple[str, ...]) -> None:
    result = validate(*args)
    assert result.exit_code == 2
    assert "Usage:" in result.stderr


def test_path_and_data_together_is_a_usage_error(
    write_data: WriteData, validate: Validate, valid_toml: str
) -> None:
    path = write_data(valid_toml)
    result = validate(str(path), "--data", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "give the file either as PATH or with --data, not both\n"
