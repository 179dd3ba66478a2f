"""The report of `scorecard validate`, as text lines or as JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scorecard.render.json import dumps
from scorecard.textsafe import one_line

if TYPE_CHECKING:
    from scorecard.errors import Problem
    from scorecard.load import DataPath
    from scorecard.model import Document

#: Version of the `validate --format json` document; bump on any incompatible change.
VALIDATION_SCHEMA_VERSION = 1


def problem_dict(problem: Problem) -> dict[str, object]:
    """A problem with the stable field names of the JSON report."""
    return {
        "file": problem.file,
        "line": problem.line,
        "kind": problem.kind,
        "id": problem.item,
        "field": problem.field,
        "severity": problem.severity,
        "message": problem.message,
    }


def render_validation(
    source: DataPath,
    doc: Document | None,
    errors: list[Problem],
    warnings: list[Problem],
    fmt: str,
    readable: bool = True,
) -> str:
    """The whole report: one line per problem, then a summary line.

    `readable` is false when the file could not be read at all: it is then not called
    invalid, since nothing in it was checked.
    """
    if fmt == "json":
        payload = {
            "schema_version": VALIDATION_SCHEMA_VERSION,
            "file": str(source.path),
            "origin": source.origin,
            "valid": not errors,
            "errors": [problem_dict(p) for p in errors],
            "warnings": [problem_dict(p) for p in warnings],
        }
        # `dumps` escapes C1 controls (such as the one-byte CSI) that json.dumps leaves raw.
        return dumps(payload) + "\n"
    lines = [p.one_line() for p in (*errors, *warnings)]
    if not readable:
        lines.append(f"{source.display()}: cannot be read, so nothing was checked")
    elif errors:
        lines.append(
            f"{source.display()}: invalid: {len(errors)} error(s), {len(warnings)} warning(s)"
        )
    elif doc is not None:
        n_obs = sum(len(i.observations) for i in doc.indicators)
        lines.append(
            f"{source.display()}: valid: {len(doc.pillars)} pillars, "
            f"{len(doc.indicators)} indicators, {n_obs} observations, "
            f"{len(warnings)} warning(s)"
        )
    # No terminal controls, and one problem per line: an id from the file or the file's
    # name may hold escape sequences or line breaks.
    return "\n".join(one_line(line) for line in lines) + "\n"
