"""`scorecard validate`: check a data file and report every problem as a `ValidateReport`.

The checks are `scorecard.load`'s (schema, cross-checks, each problem on its line), plus
the layouts `scorecard add` could not edit (`scorecard.edit.layout`), which only `validate`
reports. Rendering is in `scorecard.render` (text and json).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scorecard import __version__
from scorecard.edit.layout import edit_hazards
from scorecard.errors import DataInvalidError, FileReadError
from scorecard.load import collector_paused, validate_document
from scorecard.report.validate import FileContents, ProblemOut, ValidateReport
from scorecard.tomltext import parse_toml, read_text

if TYPE_CHECKING:
    from scorecard.errors import Problem
    from scorecard.load import DataPath
    from scorecard.model import Document
    from scorecard.report.validate import ItemKind


def _in_file_order(problems: list[Problem]) -> list[Problem]:
    # Stable: problems on the same line keep the order they were found in.
    return sorted(problems, key=lambda p: (p.line is None, p.line or 0))


def check(source: DataPath) -> tuple[Document | None, list[Problem], list[Problem]]:
    """(document or None, errors, warnings); `FileReadError` when it cannot be read."""
    name = str(source.path)
    with collector_paused():
        try:
            text = read_text(source.path)
            raw = parse_toml(text, name)
        except DataInvalidError as err:
            return None, err.problems, []
        doc, errors, warnings = validate_document(raw, text, name)
    return doc, errors, _in_file_order([*warnings, *edit_hazards(text, name, raw)])


_KINDS: dict[str, ItemKind] = {
    "scorecard": "scorecard",
    "source": "source",
    "pillar": "pillar",
    "scale": "scale",
    "indicator": "indicator",
}


def problem_out(problem: Problem) -> ProblemOut:
    return ProblemOut.model_construct(
        file=problem.file,
        line=problem.line,
        kind=_KINDS.get(problem.kind or ""),
        id=problem.item,
        field=problem.field,
        severity="warning" if problem.severity == "warning" else "error",
        message=problem.message,
    )


def build_validate_report(source: DataPath) -> ValidateReport:
    """Every problem of the file; an unreadable file is a report too (`readable` false)."""
    readable = True
    try:
        doc, errors, warnings = check(source)
    except FileReadError as err:
        doc, errors, warnings, readable = None, [err.problem], [], False
    contents = None
    if doc is not None:
        contents = FileContents.model_construct(
            pillars=len(doc.pillars),
            indicators=len(doc.indicators),
            observations=sum(len(i.observations) for i in doc.indicators),
        )
    return ValidateReport.model_construct(
        tool_version=__version__,
        data_file=source.display(),
        data_origin=source.origin,
        title=doc.scorecard.title if doc is not None else None,
        readable=readable,
        valid=not errors,
        contents=contents,
        errors=[problem_out(p) for p in errors],
        warnings=[problem_out(p) for p in warnings],
    )
