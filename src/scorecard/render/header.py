"""The data file as every renderer names it: the path, and where it came from when that is
not the path itself (the bundled dataset). Reports carry the two apart (`data_file` is a
path, `data_origin` says how it was chosen), so that a program can open the file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scorecard.format import format_number
from scorecard.textsafe import one_line

if TYPE_CHECKING:
    from scorecard.report import ShowReport


def data_label(data_file: str, data_origin: str) -> str:
    """`/path/indicators.toml (bundled dataset)`, or just the path; one line, no controls."""
    suffix = " (bundled dataset)" if data_origin == "bundled" else ""
    return one_line(data_file) + suffix


def legend_text(report: ShowReport, summary: bool, dagger: bool = True) -> str:
    """What the scale is, and only the marks that the tables of `show` use (markdown says
    "(external)" in words, so it has no dagger to explain). Short, so that the summary
    stays short."""
    b = report.method.bands
    parts = [
        f"Scores 0-100: on track from {format_number(b.on_track)}, progressing from "
        f"{format_number(b.progressing)}, limited from {format_number(b.limited)}, off track "
        "below."
    ]
    shown = [report.overall.result, *(p.result for p in report.pillars)]
    indicators = [] if summary else [i for p in report.pillars for i in p.indicators]
    shown += [i.result for i in indicators]
    scored = [r for r in shown if r.score is not None]
    if any(r.crosses_band for r in scored):
        parts.append("~ the interval spans more than one band.")
    estimates = {r.estimate for r in scored}
    if "best_case" in estimates:
        parts.append("\u2264 a best case: an open bound scored at its favourable end.")
    if "worst_case" in estimates:
        parts.append("\u2265 a worst case: an open bound scored at its unfavourable end.")
    if "mixed" in estimates:
        parts.append("\u2248 open bounds of both kinds.")
    if dagger and any(i.evidence is not None and i.evidence.external for i in indicators):
        parts.append("\u2020 a figure from outside the primary source.")
    parts.append("Every quote and source: --json.")
    return " ".join(parts)
