"""The wording of scores, intervals, statuses and verdicts, shared by every renderer.

Display only: what a report means is in its model (`scorecard.report`); how a table or a
page says it is here. Numbers and values that are part of a report (an observation's text,
a target's text) are worded by `scorecard.format` when the report is built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scorecard.report import ScoreBand
    from scorecard.report.diff import AggregateChange

STATUS_LABEL = {
    "on_track": "on track",
    "progressing": "progressing",
    "limited": "limited",
    "off_track": "off track",
}


def format_score(score: float | None) -> str:
    """A 0-100 score to one decimal, or an em-free dash when there is none."""
    return "-" if score is None else f"{score:.1f}"


def format_interval(low: float | None, high: float | None, signed: bool = False) -> str:
    """`[39.0, 41.4]`, or one number when both ends round alike; `signed` for changes."""
    if low is None or high is None:
        return "-"
    spec = "+.1f" if signed else ".1f"
    if round(low, 1) == round(high, 1):
        return f"[{low:{spec}}]"
    return f"[{low:{spec}}, {high:{spec}}]"


#: The mark before a score that is not a central estimate (docs/methodology.md, "One-sided
#: bounds"): a best case is the most the evidence allows, so the true score is at most it.
ESTIMATE_MARK = {"central": "", "best_case": "≤", "worst_case": "≥", "mixed": "≈"}
#: The caveat after the status of such a score.
ESTIMATE_CAVEAT = {
    "central": "",
    "best_case": " (at best)",
    "worst_case": " (at worst)",
    "mixed": " (open bounds)",
}
#: The legend line of each mark, for the formats that print a legend.
ESTIMATE_LEGEND = (
    '≤ a best case: an open bound ("at least", "at most") is scored at its favourable '
    "end, so the score is at most this and the status at best this; ≥ a worst case, "
    "likewise at least this; ≈ open bounds of both kinds feed the score."
)


def format_estimate(result: ScoreBand) -> str:
    """The score to one decimal with its mark: `44.3`, `≤19.0` (a best case), `≥2.0`."""
    if result.score is None:
        return format_score(None)
    return ESTIMATE_MARK[result.estimate] + format_score(result.score)


def status_label(result: ScoreBand) -> str:
    """ "limited", "off track (at best)" for a best case, and a trailing " ~" when the
    score interval spans more than one band."""
    if result.status is None:
        return "no score"
    caveat = ESTIMATE_CAVEAT[result.estimate]
    return STATUS_LABEL[result.status] + caveat + (" ~" if result.crosses_band else "")


VERDICT_LABEL = {
    "improved": "improved ↑",
    "worsened": "worsened ↓",
    "uncertain": "uncertain ?",
    "unchanged": "unchanged =",
    "no_new_data": "no new data",
    "new": "new",
    "stale": "stale",
    "no_data": "no data",
    "context": "context",
}


def format_change(change: float | None) -> str:
    return "-" if change is None else f"{change:+.1f}"


def format_summary(summary: dict[str, int]) -> str:
    """`3 improved, 1 worsened, ...`: every verdict with a count above zero."""
    parts = [f"{n} {v.replace('_', ' ')}" for v, n in summary.items() if n]
    return ", ".join(parts) if parts else "no indicators"


def like_for_like_note(agg: AggregateChange) -> str:
    """` * (+1.2 like for like)` when the verdict comes from a like-for-like comparison."""
    if not agg.basis_changed or agg.at_from.score is None or agg.at_to.score is None:
        return ""
    if agg.like_for_like is None or agg.like_for_like.change is None:
        return " *"
    return f" * ({format_change(agg.like_for_like.change)} like for like)"
