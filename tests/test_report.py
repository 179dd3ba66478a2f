"""`scorecard report`: one self-contained HTML page, read as text and parsed as HTML.

What a browser does with the page (console, network, script, print) is in
test_report_browser.py; this file checks the page's content and safety without one, and
the SVG export of the terminal table (`--format svg`).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from typing import TYPE_CHECKING

import pytest

from helpers import (
    HOSTILE_EVIDENCE_URL,
    HOSTILE_INDICATOR,
    HOSTILE_PILLAR,
    HOSTILE_QUOTE,
    HOSTILE_SOURCE_URL,
    HOSTILE_TITLE,
    child_env,
    hostile,
    invoke,
    ok,
)
from scorecard.render.words import ESTIMATE_MARK, format_score

if TYPE_CHECKING:
    from pathlib import Path

    from typer.testing import CliRunner

    from helpers import WriteData


#: Elements that do not break a line of text.
INLINE = frozenset({"a", "cite", "code", "em", "span", "strong"})


class Page(HTMLParser):
    """The parts of a page the tests look at: tags, links, text, tables."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._in_style = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"
        if tag not in INLINE:
            self.text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False
        if tag not in INLINE:
            self.text.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if not self._in_style:
            self.text.append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]

    @property
    def words(self) -> str:
        """The text as a reader sees it: block elements apart, inline ones run on."""
        return " ".join("".join(self.text).split())


def report(runner: CliRunner, *args: str) -> str:
    return ok(runner, "report", *args)


# ---------------------------------------------------------------------------------------
# Contents


def test_report_of_the_dataset(runner: CliRunner, frozen: Path) -> None:
    """Every pillar, chart, verdict, quote and source of the (frozen copy of the) dataset."""
    page_text = report(runner)
    shown = json.loads(ok(runner, "show", "--format", "json"))
    page = Page(page_text)
    words = page.words
    assert shown["title"] in words
    assert f"Overall score in {shown['year']}" in words
    cards = [a for a in page.all("article") if a.get("data-card") == "pillar"]
    assert [c["data-pillar"] for c in cards] == [p["id"] for p in shown["pillars"]]
    charts = [a.get("data-chart") for a in page.all("figure") if "chart" in (a["class"] or "")]
    assert charts == ["overall", *(p["id"] for p in shown["pillars"])]
    assert len(page.all("svg")) >= len(charts)
    for pillar in shown["pillars"]:
        result = pillar["result"]
        mark = ESTIMATE_MARK[result["estimate"]]
        assert f"{pillar['name']} {mark}{format_score(result['score'])}" in words
        assert pillar["assessment"]["quote"] in words
        for ind in pillar["indicators"]:
            if ind["evidence"] and ind["evidence"]["quote"]:
                assert ind["evidence"]["quote"] in words
    for source in shown["sources"]:
        assert source["title"] in words


def test_report_on_a_small_file_shows_each_part(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    path = write_data(valid_toml)
    words = Page(report(runner, "--data", str(path))).words
    # The header: title, data file, year.
    assert "Test scorecard" in words
    assert f"Data file {path}" in words
    assert "Year 2011 (the file's assessment year)" in words
    # The evidence of an indicator: value as given, year, score with interval, status,
    # the quote and its source; external figures marked, with the link they were checked at.
    assert (
        "Homicide rate (homicides) 15-17 per 100,000 Target: 10 per 100,000 by 2015 "
        "2011 40.0 [30.0, 50.0] limited ~"
    ) in words
    assert "“Between 15 and 17.” The report." in words
    assert "† external" in words and "† External figure. Statistics office." in words
    # The trend table behind a chart: every year from the first with data.
    assert "Safety: score by year Year Score Interval Status 2010 " in words
    # Method and the marks actually used.
    assert "on track at 75 or more" in words
    assert "† a figure from outside the primary source (external)" in words


def test_from_adds_the_verdicts_of_diff(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    path = write_data(valid_toml)
    words = Page(report(runner, "--data", str(path), "--from", "2010")).words
    diff = json.loads(ok(runner, "diff", "2010", "2011", "--data", str(path), "--json"))
    assert "What changed from 2010 to 2011" in words
    homicides = next(c for c in diff["indicators"] if c["id"] == "homicides")
    assert homicides["score_change"]["verdict"] == "improved"
    assert "Homicide rate 18 per 100,000 (2010) 15-17 per 100,000 (2011) +" in words
    assert "improved ↑" in words


def test_year_chooses_the_snapshot_not_the_trend(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    path = write_data(valid_toml)
    words = Page(report(runner, "--data", str(path), "--year", "2010")).words
    assert "Overall score in 2010" in words
    # The trend still covers every year with data.
    assert "2010 " in words and "2011 " in words


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2011"], "--from (2011) must be before the report's year (2011)\n"),
        (["--from", "2012", "--year", "2011"], "--from (2012) must be before the report's year"),
        (["--year", "1800"], "unknown year 1800"),
    ],
)
def test_usage_errors(
    runner: CliRunner, write_data: WriteData, valid_toml: str, args: list[str], message: str
) -> None:
    path = write_data(valid_toml)
    result = invoke(runner, "report", "--data", str(path), *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_an_invalid_file_is_exit_3(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    path = write_data(valid_toml.replace("value = 18.0", "value = -1e999"))
    result = invoke(runner, "report", "--data", str(path))
    assert result.exit_code == 3
    assert result.stdout == ""


def test_output_file(
    runner: CliRunner, write_data: WriteData, valid_toml: str, workdir: Path
) -> None:
    path = write_data(valid_toml)
    result = invoke(runner, "report", "--data", str(path), "-o", "out.html")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert re.fullmatch(r"wrote out\.html \(\d+ KiB\)\n", result.stderr)
    written = (workdir / "out.html").read_text(encoding="utf-8")
    assert written == report(runner, "--data", str(path))


def test_an_output_that_cannot_be_written_is_exit_2(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    path = write_data(valid_toml)
    result = invoke(runner, "report", "--data", str(path), "-o", "missing/out.html")
    assert result.exit_code == 2
    assert "missing/out.html: cannot write" in result.stderr
    assert len(result.stderr.splitlines()) == 1


# ---------------------------------------------------------------------------------------
# Self-contained and safe


def test_the_shipped_data_makes_a_page_under_1_mb(runner: CliRunner, bundled: None) -> None:
    assert len(report(runner).encode("utf-8")) < 1_000_000


def test_nothing_is_fetched(runner: CliRunner, frozen: Path) -> None:
    """No script, style sheet, font, image or frame from anywhere: links are all it has."""
    text = report(runner)
    page = Page(text)
    for tag in ("script", "link", "img", "iframe", "object", "embed", "video", "audio"):
        assert page.all(tag) == [], tag
    assert not any("src" in attrs for _, attrs in page.tags)
    styles = "".join(re.findall(r"<style>(.*?)</style>", text, re.S))
    assert "url(" not in styles and "@import" not in styles and "@font-face" not in styles
    # The only addresses outside links are the SVG namespace, if any.
    without_links = re.sub(r'<a href="[^"]*"', "", text)
    assert set(re.findall(r"https?://[^\s\"'<]+", without_links)) <= {
        "http://www.w3.org/2000/svg"
    } | {a["href"] for a in page.all("a") if a["href"] and a["href"] in without_links}
    csp = [m for m in page.all("meta") if m.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in (csp[0]["content"] or "")


def test_hostile_strings_render_as_text(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    path = write_data(hostile(valid_toml))
    text = report(runner, "--data", str(path))
    page = Page(text)
    assert page.all("script") == [] and page.all("img") == []
    assert not any(k.startswith("on") for _, attrs in page.tags for k in attrs)
    words = page.words
    for hostile_text in (HOSTILE_TITLE, HOSTILE_PILLAR, HOSTILE_QUOTE, HOSTILE_INDICATOR):
        assert hostile_text in words
    # The urls are shown, never linked.
    assert HOSTILE_SOURCE_URL in words and HOSTILE_EVIDENCE_URL in words
    hrefs = [a["href"] or "" for a in page.all("a")]
    assert all(h.startswith(("#", "https://", "http://")) for h in hrefs), hrefs
    assert "&lt;script&gt;" in text


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://example.org/a?b=c#d", "https://example.org/a?b=c#d"),
        ("http://example.org", "http://example.org"),
        ("  HTTPS://example.org/x  ", "HTTPS://example.org/x"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("java\tscript:alert(1)", None),
        (" javascript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("vbscript:msgbox(1)", None),
        ("//example.org/protocol-relative", None),
        ("/etc/passwd", None),
        ("file:///etc/passwd", None),
        ("https:/no-host", None),
        ("", None),
        (None, None),
    ],
)
def test_only_http_urls_become_links(url: str | None, linked: str | None) -> None:
    from scorecard.render.html import http_url

    assert http_url(url) == linked


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(fg: str, bg: str) -> float:
    """The WCAG 2 contrast ratio of two #rrggbb colours."""
    light, dark = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_helper() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_text_colours_have_a_contrast_of_at_least_4_5() -> None:
    from scorecard.render.html import ACCENT, INK, MUTED, PALETTE, PAPER

    for text in (INK, MUTED, ACCENT):
        assert contrast(text, PAPER) >= 4.5, text
    for status, colours in PALETTE.items():
        assert contrast(colours["fg"], colours["bg"]) >= 4.5, status
        # Markers and bars are graphics: 3:1 against the page (WCAG 1.4.11).
        assert contrast(colours["mark"], PAPER) >= 3.0, status


def test_tables_have_headers_and_charts_a_text_alternative(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    text = report(runner, "--data", str(write_data(valid_toml)))
    tables = re.findall(r"<table.*?</table>", text, re.S)
    assert tables
    for table in tables:
        assert "<caption>" in table and "<thead>" in table and 'scope="col"' in table
    svgs = re.findall(r"<svg.*?</svg>", text, re.S)
    charts = [s for s in svgs if "<title" in s]
    assert len(charts) == 3  # the overall and two pillars
    for svg in svgs:
        assert 'role="img"' in svg
        assert "<desc" in svg or "aria-label=" in svg
    assert "@media print" in text and "@media (max-width" in text


# ---------------------------------------------------------------------------------------
# Trend chart geometry


def _series(
    points: list[tuple[int, float | None, float | None, float | None]],
    best_case: tuple[int, ...] = (),
) -> object:
    from scorecard.report import ScoreBand
    from scorecard.report.history import HistoryPoint, HistorySeries

    return HistorySeries.model_construct(
        id="p",
        kind="pillar",
        name="P",
        pillar=None,
        method=None,
        unit=None,
        observations=None,
        points=[
            HistoryPoint.model_construct(
                year=year,
                result=ScoreBand.model_construct(
                    score=score,
                    low=low,
                    high=high,
                    status=None if score is None else "limited",
                    crosses_band=False,
                    reason=None if score is not None else "no data",
                    estimate="best_case" if year in best_case else "central",
                ),
                coverage=None,
                state=None,
                evidence_year=None,
            )
            for year, score, low, high in points
        ],
    )


def test_chart_breaks_at_a_year_without_a_score() -> None:
    from scorecard.render.html import build_chart

    bands = {"on_track": 75.0, "progressing": 50.0, "limited": 25.0}
    series = _series(
        [
            (2010, 30.0, 20.0, 40.0),
            (2011, 40.0, 30.0, 50.0),
            (2012, None, None, None),
            (2013, 50.0, 50.0, 50.0),
            (2016, 60.0, 55.0, 60.0),
        ],
        best_case=(2016,),
    )
    chart = build_chart(series, bands, 2011)  # type: ignore[arg-type]  # a HistorySeries
    # Two runs: 2010-2011 and 2013-2016; each is a band and a line.
    assert len(chart.bands) == 2
    assert [(s.bridged) for s in chart.segments] == [False, True]
    assert [m.year for m in chart.markers] == [2010, 2011, 2013, 2016]
    # A best case (an open bound feeds it) is a hollow point, and its label says so.
    assert [m.open for m in chart.markers] == [False, False, False, True]
    assert chart.markers[-1].label == "2016: ≤60.0 [55.0, 60.0] limited (at best)"
    # Scores map to the plot: 100 at the top, 0 at the bottom.
    top, bottom = chart.top, chart.height - chart.bottom
    first = chart.markers[0]
    assert first.y == pytest.approx(bottom - (bottom - top) * 0.30)
    assert first.low_y > first.y > first.high_y
    assert chart.markers[0].x == chart.left
    assert chart.markers[-1].x == chart.width - chart.right
    assert chart.shown is not None and chart.shown.label == "2011"
    assert "4 of 5 years have a score" in chart.desc


# ---------------------------------------------------------------------------------------
# Jinja2 stays out of the other commands


def test_jinja2_is_imported_only_by_report() -> None:
    probe = (
        "import sys\n"
        "import scorecard.cli\n"
        "from scorecard.cli import app\n"
        "try:\n"
        "    app(['show', '--format', 'json'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('jinja2' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env=child_env(),
        timeout=60,
        check=False,
    )
    assert done.stderr.strip().splitlines()[-1] == "False", done.stderr


# ---------------------------------------------------------------------------------------
# The terminal table as SVG


def test_show_as_svg(runner: CliRunner, write_data: WriteData, valid_toml: str) -> None:
    path = write_data(hostile(valid_toml))
    svg = ok(runner, "show", "--data", str(path), "--format", "svg")
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    text = " ".join("".join(root.itertext()).split()).replace("\xa0", " ")
    # Rich draws one text element per run of characters: compare without spaces.
    assert "Homicide rate".replace(" ", "") in text.replace(" ", "")
    assert "<script" not in svg and "<img" not in svg
    assert "@font-face" not in svg
    assert set(re.findall(r"https?://[^\s\"'<>)]+", svg)) <= {
        "http://www.w3.org/2000/svg",
        "https://www.textualize.io",
    }


def test_diff_as_svg(runner: CliRunner, write_data: WriteData, valid_toml: str) -> None:
    path = write_data(valid_toml)
    svg = ok(runner, "diff", "2010", "2011", "--data", str(path), "--format", "svg")
    assert ET.fromstring(svg).tag == "{http://www.w3.org/2000/svg}svg"


def test_a_pillar_without_a_score_says_why(
    runner: CliRunner, write_data: WriteData, valid_toml: str
) -> None:
    strict = valid_toml.replace(
        'primary_source = "report"\n', 'primary_source = "report"\nmin_coverage = 1.0\n'
    )
    words = Page(report(runner, "--data", str(write_data(strict)), "--year", "2010")).words
    assert "Trade - no score Why: coverage 1/2 is below the minimum 1" in words
    assert "Overall score in 2010 - no score Why: only 1 of 2 pillars" in words
    # The trend shows the year as a gap, and its table says why.
    assert (
        "Trade: score by year Year Score Interval Status 2010 - - no score (coverage 1/2" in words
    )
