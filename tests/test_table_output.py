"""Whole tables, exactly, at a fixed width (80 columns, no colour), as hatch tests its output.

The other table tests check facts (a value, a verdict, a row left out); these pin the layout
a person reads: columns, wrapping, the score bar, the footnotes. They run on the small test
file, whose numbers can be checked by hand: Safety 2011 is the range 15-17 against a target
of 10 from a baseline of 20, so (20 - 16) / (20 - 10) = 40.0 with [30.0, 50.0]; Trade is
the mean of exports (log goalposts 1-1000: log10(100) / 3 = 66.7) and a level halfway up
its scale (50.0), so 58.3; the overall weighs Trade twice: (40 + 2 x 58.3) / 3 = 52.2.
Rich pads lines to the width with spaces; they are stripped before comparing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from helpers import DATA, ok

if TYPE_CHECKING:
    from typer.testing import CliRunner

    from helpers import WriteData

AT_80 = {"COLUMNS": "80"}

SHOW_SUMMARY = """\
Test scorecard
Data: data.toml
Year: 2011 (assessment year)
Overall: 52.2 [48.9, 55.6] progressing ~ · 3/3 indicators, 2/2 pillars

 Pillar            Score   Interval       Status        Cov.
─────────────────────────────────────────────────────────────
 Safety (safety)    40.0   [30.0, 50.0]   limited ~      1/1
 Trade (trade)      58.3   [58.3]         progressing    2/2

Scores 0-100: on track from 75, progressing from 50, limited from 25, off track
below. ~ the interval spans more than one band. Every quote and source: --json.
"""

DIFF_2010_2011 = """\
Test scorecard
Data: data.toml
Change from 2010 to 2011: 1 improved, 1 no new data, 1 new

 Pillar            2010   2011   Change   Interval         Verdict
────────────────────────────────────────────────────────────────────────────────
 Safety (safety)   20.0   40.0    +20.0   [+10.0, +30.0]   improved ↑
 Trade (trade)     66.7   58.3     -8.3   [-8.3]           no new data *
                                                           (+0.0 like for like)
 Overall           51.1   52.2     +1.1   [-2.2, +4.4]     improved ↑ *
                                                           (+6.7 like for like)

 Indicator        At 2010 / at 2011          Change
────────────────────────────────────────────────────────────
 Homicide rate    18 per 100,000 (2010)      +20.0
 homicides        15-17 per 100,000 (2011)   [+10.0, +30.0]
                                             improved ↑
 Customs reform   no data                    -
 reform           some (2011)                new

Changes are TO minus FROM in score points; the interval is every change the
evidence allows, and the verdict is read from it. Largest losses first. * the
indicators behind the score differ between the years: the verdict compares only
those with data in both (like for like). ≤ a best case: an open bound ("at
least", "at most") is scored at its favourable end, so the score is at most this
and the status at best this; ≥ a worst case, likewise at least this; ≈ open
bounds of both kinds feed the score. 1 indicator(s) without news hidden: use
--all.
"""


def table(runner: CliRunner, *args: str) -> str:
    out = ok(runner, *args, "--data", DATA, env=AT_80)
    return "".join(line.rstrip() + "\n" for line in out.splitlines())


def test_show_summary_table(runner: CliRunner, write_data: WriteData, valid_toml: str) -> None:
    write_data(valid_toml)
    assert table(runner, "show", "--summary") == SHOW_SUMMARY


def test_diff_table(runner: CliRunner, write_data: WriteData, valid_toml: str) -> None:
    write_data(valid_toml)
    assert table(runner, "diff", "2010", "2011") == DIFF_2010_2011
