"""Which rows a reader sees, and in what order (tables and Markdown; json has every row)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scorecard.report.diff import DiffReport, IndicatorChange

#: Verdicts that tables leave out unless asked for `--all`: nothing to read in them.
QUIET_VERDICTS = frozenset({"unchanged", "no_new_data", "no_data"})


def changes_for_reading(report: DiffReport, show_all: bool) -> list[IndicatorChange]:
    """Indicator rows for people: the largest losses first, quiet rows only with --all.

    Context rows stay when their evidence changed, since the new figure is news.
    """
    # Here, not at the top: `render.table` imports this module, and `show` should not
    # import the diff engine and its report models.
    from scorecard.diff import same_evidence
    from scorecard.report.diff import VERDICTS

    def quiet(c: IndicatorChange) -> bool:
        if c.score_change.verdict == "context":
            return same_evidence(c.at_from, c.at_to) or c.at_to.evidence is None
        return c.score_change.verdict in QUIET_VERDICTS

    rows = [c for c in report.indicators if show_all or not quiet(c)]
    return sorted(
        rows,
        key=lambda c: (
            c.score_change.change is None,
            c.score_change.change if c.score_change.change is not None else 0.0,
            VERDICTS.index(c.score_change.verdict),
        ),
    )
