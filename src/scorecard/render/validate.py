"""The text of `scorecard validate`: one line per problem, then a summary line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scorecard.errors import Problem
from scorecard.textsafe import one_line

if TYPE_CHECKING:
    from scorecard.report.validate import ProblemOut, ValidateReport


def _line(p: ProblemOut) -> str:
    # One wording for a problem, whether the CLI prints it from an error or from a report.
    return Problem(p.file, p.message, p.line, p.kind, p.id, p.field, p.severity).one_line()


def render_validate_text(report: ValidateReport) -> str:
    errors, warnings = report.errors, report.warnings
    lines = [_line(p) for p in (*errors, *warnings)]
    if not report.readable:
        # Nothing in it was checked, so it is not called invalid.
        lines.append(f"{report.data_file}: cannot be read, so nothing was checked")
    elif errors:
        lines.append(
            f"{report.data_file}: invalid: {len(errors)} error(s), {len(warnings)} warning(s)"
        )
    elif report.contents is not None:
        c = report.contents
        lines.append(
            f"{report.data_file}: valid: {c.pillars} pillars, {c.indicators} indicators, "
            f"{c.observations} observations, {len(warnings)} warning(s)"
        )
    # No terminal controls, and one problem per line: an id from the file or the file's
    # name may hold escape sequences or line breaks.
    return "\n".join(one_line(line) for line in lines) + "\n"
