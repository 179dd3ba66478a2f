"""One self-contained HTML page: `scorecard report`.

The page is built from the same report models as every other format (`show` at one year,
the score series over the years, and optionally `diff` from an earlier year); nothing here
scores. Jinja2 renders it with autoescaping on, so every string from the data file is
escaped by the template engine, never by hand. The charts are static inline SVG whose
coordinates are computed here; the page has no script, no external style sheet, no web
font and no image from elsewhere, so opening it makes no network request.

Jinja2 is imported by this module only, and this module only by `scorecard report`, so the
other commands do not pay for it at start-up.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import jinja2

from scorecard.format import format_number
from scorecard.render.select import changes_for_reading
from scorecard.render.words import (
    ESTIMATE_MARK,
    STATUS_LABEL,
    VERDICT_LABEL,
    format_change,
    format_estimate,
    format_interval,
    format_score,
    format_summary,
    like_for_like_note,
    status_label,
)

if TYPE_CHECKING:
    from scorecard.report import ScoreBand, ShowReport, SourceOut
    from scorecard.report.diff import DiffReport, IndicatorChange
    from scorecard.report.history import HistoryPoint, HistoryReport, HistorySeries
    from scorecard.report.sensitivity import SensitivityReport, SensitivityResult

TEMPLATES = Path(__file__).with_name("templates")

#: Text and background colours per status: each pair has a contrast of at least 4.5:1 (a
#: test computes it), and the status is always written out as well, never shown by colour
#: alone. `mark` is the chart's line and marker colour (at least 3:1 against white).
PALETTE: dict[str, dict[str, str]] = {
    "on_track": {"fg": "#14532d", "bg": "#dcfce7", "mark": "#15803d"},
    "progressing": {"fg": "#713f12", "bg": "#fef9c3", "mark": "#a16207"},
    "limited": {"fg": "#7c2d12", "bg": "#ffedd5", "mark": "#c2410c"},
    "off_track": {"fg": "#7f1d1d", "bg": "#fee2e2", "mark": "#b91c1c"},
    "none": {"fg": "#374151", "bg": "#f3f4f6", "mark": "#6b7280"},
}
#: Page colours (text on background), also checked for contrast by the tests.
INK = "#111827"
MUTED = "#4b5563"
PAPER = "#ffffff"
ACCENT = "#1d4ed8"
BAND_FILL = "#93c5fd"

_SAFE_SCHEMES = frozenset({"http", "https"})


def http_url(url: str | None) -> str | None:
    """`url` if it is an absolute http(s) address, else None: only these become links.

    A data file may hold `javascript:`, `data:` or a relative path where a url belongs;
    such text is shown, never made clickable. Browsers ignore tabs, newlines and leading
    spaces in a scheme, so the check runs on the url as a browser would read it.
    """
    if not url:
        return None
    cleaned = "".join(ch for ch in url.strip() if ch not in "\t\n\r")
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return None
    if parts.scheme.lower() not in _SAFE_SCHEMES or not parts.netloc:
        return None
    return cleaned


# ---------------------------------------------------------------------------------------
# Charts: coordinates for static SVG


@dataclass(frozen=True)
class Segment:
    x1: float
    y1: float
    x2: float
    y2: float
    #: The two years are not adjacent: the line bridges years the series does not have.
    bridged: bool


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    low_y: float
    high_y: float
    year: int
    status: str
    label: str
    #: The score is a best or worst case (an open bound feeds it): drawn as a hollow point.
    open: bool = False


@dataclass(frozen=True)
class Tick:
    at: float
    label: str


@dataclass
class Chart:
    """A trend chart's geometry in SVG user units; the template only draws it."""

    id: str
    name: str
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    bands: list[str] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    thresholds: list[Tick] = field(default_factory=list)
    #: The year the cards show, marked on the chart.
    shown: Tick | None = None
    desc: str = ""
    rows: list[HistoryPoint] = field(default_factory=list)


CHART_WIDTH = 560
CHART_HEIGHT = 220
#: Least distance between two year labels, in user units.
_LABEL_GAP = 42


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def build_chart(trend: HistorySeries, bands: dict[str, float], shown_year: int) -> Chart:
    """Lay out one trend: the interval as a band, the central estimate as a line, and a
    rule at the year the rest of the page shows."""
    chart = Chart(trend.id, trend.name, CHART_WIDTH, CHART_HEIGHT, 40, 108, 10, 26)
    chart.rows = list(trend.points)
    years = [p.year for p in trend.points]
    if not years:
        chart.desc = "No year has data."
        return chart
    first, last = min(years), max(years)
    span = max(last - first, 1)
    plot_w = chart.width - chart.left - chart.right
    plot_h = chart.height - chart.top - chart.bottom

    def x(year: int) -> float:
        if first == last:
            return chart.left + plot_w / 2
        return chart.left + plot_w * (year - first) / span

    def y(score: float) -> float:
        return chart.top + plot_h * (1 - score / 100)

    chart.y_ticks = [Tick(y(v), str(v)) for v in (0, 25, 50, 75, 100)]
    names = {"on_track": "on track", "progressing": "progressing", "limited": "limited"}
    chart.thresholds = [Tick(y(bands[k]), f"{names[k]} ≥ {format_number(bands[k])}") for k in names]
    step = max(1, math.ceil(_LABEL_GAP / (plot_w / span)))
    labelled = [yr for yr in years if (yr - first) % step == 0]
    if last not in labelled:
        if labelled and x(last) - x(labelled[-1]) < _LABEL_GAP:
            labelled.pop()
        labelled.append(last)
    chart.x_ticks = [Tick(x(yr), str(yr)) for yr in labelled]
    if first <= shown_year <= last:
        chart.shown = Tick(x(shown_year), str(shown_year))

    # Runs of consecutive points that have a score; a point without one breaks the run.
    runs: list[list[HistoryPoint]] = [[]]
    for point in sorted(trend.points, key=lambda p: p.year):
        r = point.result
        if r.score is None or r.low is None or r.high is None:
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append(point)
    scored = 0
    for run in runs:
        if not run:
            continue
        scored += len(run)
        upper = [f"{_fmt(x(p.year))},{_fmt(y(_high(p)))}" for p in run]
        lower = [f"{_fmt(x(p.year))},{_fmt(y(_low(p)))}" for p in reversed(run)]
        if len(run) > 1:
            chart.bands.append("M" + " L".join(upper + lower) + " Z")
        for a, b in itertools.pairwise(run):
            chart.segments.append(
                Segment(
                    x(a.year),
                    y(_score(a)),
                    x(b.year),
                    y(_score(b)),
                    bridged=b.year - a.year > 1,
                )
            )
        for p in run:
            chart.markers.append(
                Marker(
                    x(p.year),
                    y(_score(p)),
                    y(_low(p)),
                    y(_high(p)),
                    p.year,
                    p.result.status or "none",
                    f"{p.year}: {score_text(p.result)}",
                    open=p.result.estimate != "central",
                )
            )
    chart.desc = _describe(trend, scored)
    return chart


def _score(p: HistoryPoint) -> float:
    assert p.result.score is not None
    return p.result.score


def _low(p: HistoryPoint) -> float:
    assert p.result.low is not None
    return p.result.low


def _high(p: HistoryPoint) -> float:
    assert p.result.high is not None
    return p.result.high


def _describe(trend: HistorySeries, scored: int) -> str:
    """The chart in words, for its SVG `<desc>` (the table beside it has every number)."""
    points = sorted(trend.points, key=lambda p: p.year)
    if not points:
        return "No year has data."
    head = f"Score of {trend.name} on a 0 to 100 scale, {points[0].year} to {points[-1].year}"
    if scored == 0:
        return head + ": no year has a score."
    with_score = [p for p in points if p.result.score is not None]
    a, b = with_score[0], with_score[-1]
    text = f"{head}: {scored} of {len(points)} years have a score. "
    text += f"{a.year}: {score_text(a.result)}."
    if b is not a:
        text += f" {b.year}: {score_text(b.result)}."
    return text


def score_text(result: ScoreBand) -> str:
    """`41.4 [39.0, 41.4] limited`, or `no score (reason)`."""
    if result.score is None:
        return "no score" + (f" ({result.reason})" if result.reason else "")
    return (
        f"{format_estimate(result)} {format_interval(result.low, result.high)} "
        f"{status_label(result)}"
    )


# ---------------------------------------------------------------------------------------
# The page


@dataclass(frozen=True)
class ReportPage:
    """Everything one page shows: `show` at the year, the overall's and each pillar's
    history for the trend charts, and `diff` from an earlier year when asked for."""

    show: ShowReport
    history: HistoryReport
    diff: DiffReport | None = None
    #: `scorecard sensitivity` at the same year, when asked for (`report --sensitivity`).
    sensitivity: SensitivityReport | None = None

    @property
    def trends(self) -> list[HistorySeries]:
        return [s for s in self.history.series if s.kind in ("overall", "pillar")]


def _share(value: float) -> str:
    """A share of runs as a percentage: `62%`, `<1%` for a small non-zero share."""
    if value == 0:
        return "0%"
    if value < 0.005:
        return "<1%"
    if 0.995 < value < 1:
        return ">99%"
    return f"{value * 100:.0f}%"


def _driver(result: SensitivityResult) -> str:
    """The group of assumptions with the largest total index, with it: `levels (0.87)`."""
    found = [i for i in result.indices if i.total is not None]
    if not found:
        return "-"
    top = max(found, key=lambda i: i.total or 0.0)
    return f"{top.group} ({top.total:.2f})"


def _status_key(result: ScoreBand) -> str:
    return result.status or "none"


def _bar(result: ScoreBand) -> dict[str, float] | None:
    """A card's interval bar: percentages of its width."""
    if result.score is None or result.low is None or result.high is None:
        return None
    return {"low": result.low, "high": result.high, "score": result.score}


def _source_index(show: ShowReport) -> dict[str, SourceOut]:
    return {s.id: s for s in show.sources}


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        # Every `{{ }}` is HTML-escaped, in text and in attributes alike; nothing from a
        # data file is ever marked safe.
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        score=format_score,
        estimate=format_estimate,
        interval=format_interval,
        change=format_change,
        number=format_number,
        status=status_label,
        score_text=score_text,
        http_url=http_url,
        status_key=_status_key,
        bar=_bar,
        share=_share,
        driver=_driver,
    )
    env.globals.update(
        PALETTE=PALETTE,
        STATUS_LABEL=STATUS_LABEL,
        VERDICT_LABEL=VERDICT_LABEL,
        INK=INK,
        MUTED=MUTED,
        PAPER=PAPER,
        ACCENT=ACCENT,
        BAND_FILL=BAND_FILL,
        like_for_like_note=like_for_like_note,
        format_summary=format_summary,
    )
    return env


def _changes(diff: DiffReport) -> list[IndicatorChange]:
    return changes_for_reading(diff, show_all=False)


def render_html(page: ReportPage) -> str:
    """The whole page as one string."""
    show = page.show
    bands = show.method.bands.model_dump()
    charts = [build_chart(t, bands, show.year) for t in page.trends]
    template = _environment().get_template("report.html.j2")
    return template.render(
        show=show,
        charts=charts,
        diff=page.diff,
        changes=_changes(page.diff) if page.diff else [],
        sources=_source_index(show),
        marks_used=_marks_used(page),
        sensitivity=page.sensitivity,
    )


#: The legend of each mark of a score that is not a central estimate.
ESTIMATE_MEANING = {
    "best_case": "a best case: an open bound is scored at its favourable end, so the score "
    "is at most this and the status (at best) no better",
    "worst_case": "a worst case: an open bound is scored at its unfavourable end, so the "
    "score is at least this",
    "mixed": "open bounds of both kinds feed this score",
}


def _marks_used(page: ReportPage) -> list[tuple[str, str]]:
    """The marks that appear on this page, with their meaning: the legend shows only these."""
    show = page.show
    indicators = [i for p in show.pillars for i in p.indicators]
    results = [show.overall.result, *(p.result for p in show.pillars)]
    results += [i.result for i in indicators]
    results += [pt.result for t in page.trends for pt in t.points]
    marks: list[tuple[str, str]] = []
    for estimate, meaning in ESTIMATE_MEANING.items():
        if any(r.estimate == estimate for r in results):
            marks.append((ESTIMATE_MARK[estimate], meaning))
    if any(pt.result.estimate != "central" for t in page.trends for pt in t.points):
        marks.append(("○", "on a trend chart, a year whose score is such a best or worst case"))
    if any(r.crosses_band for r in results):
        marks.append(("~", "the score interval spans more than one status band"))
    if any(i.evidence and i.evidence.external for i in indicators):
        marks.append(("†", "a figure from outside the primary source (external)"))
    if any(i.state == "stale" for i in indicators):
        marks.append(("stale", f"evidence older than {show.method.max_age} years: not scored"))
    if page.diff and any(a.basis_changed for a in (*page.diff.pillars, page.diff.overall)):
        marks.append(
            (
                "*",
                "the indicators behind the score differ between the years: the verdict "
                "compares only those with data in both (like for like)",
            )
        )
    return marks
