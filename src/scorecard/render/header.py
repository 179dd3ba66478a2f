"""The data file as every renderer names it: the path, and where it came from when that is
not the path itself (the bundled dataset). Reports carry the two apart (`data_file` is a
path, `data_origin` says how it was chosen), so that a program can open the file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scorecard.format import ESTIMATE_LEGEND, format_number
from scorecard.textsafe import one_line

if TYPE_CHECKING:
    from scorecard.report import ShowReport


def data_label(data_file: str, data_origin: str) -> str:
    """`/path/indicators.toml (bundled dataset)`, or just the path; one line, no controls."""
    suffix = " (bundled dataset)" if data_origin == "bundled" else ""
    return one_line(data_file) + suffix


def legend_text(report: ShowReport, summary: bool, dagger: bool = True) -> str:
    """What the scale is, and only the marks that the tables of `show` use (markdown says
    "(external)" in words, so it has no dagger to explain)."""
    b = report.method.bands
    text = (
        f"Scores 0-100: on track from {format_number(b.on_track)}, progressing from "
        f"{format_number(b.progressing)}, limited from {format_number(b.limited)}, off track "
        "below; [low, high]: what the evidence allows."
    )
    shown = [report.overall.result, *(p.result for p in report.pillars)]
    indicators = [] if summary else [i for p in report.pillars for i in p.indicators]
    shown += [i.result for i in indicators]
    if any(r.crosses_band for r in shown if r.score is not None):
        text += " ~ the interval spans more than one status band."
    if any(r.estimate != "central" for r in shown if r.score is not None):
        text += " " + ESTIMATE_LEGEND
    if dagger and any(i.evidence is not None and i.evidence.external for i in indicators):
        text += " \u2020 a figure from outside the primary source."
    return text + " Every quote and source: --json."
