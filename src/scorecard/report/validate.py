"""Output models of `scorecard validate` (see `scorecard.report` for the contract)."""

from __future__ import annotations

from typing import Literal

from scorecard.report import Out, ReportHeader

#: Version of the `validate` document, counted apart from the others: version 1 was
#: `{schema_version, file, origin, valid, errors, warnings}`, before the shared header.
VALIDATE_SCHEMA_VERSION: Literal[2] = 2


ItemKind = Literal["scorecard", "source", "pillar", "scale", "indicator"]


class ProblemOut(Out):
    """One problem of a data file: where it is and what is wrong."""

    file: str
    #: 1-based; null when the problem stands on no line (a missing table, an unreadable file).
    line: int | None
    #: What the problem belongs to.
    kind: ItemKind | None
    #: That item's id.
    id: str | None
    #: Dotted path of the field inside that item, e.g. `observations[2011].value`.
    field: str | None
    severity: Literal["error", "warning"]
    message: str


class FileContents(Out):
    """How much a valid file holds."""

    pillars: int
    indicators: int
    observations: int


class ValidateReport(ReportHeader):
    """`scorecard validate`: every problem of a data file, errors and warnings."""

    schema_version: Literal[2] = VALIDATE_SCHEMA_VERSION
    kind: Literal["validate"] = "validate"
    #: False when the file could not be read at all (exit 2); its one error says why.
    readable: bool
    #: No errors (warnings do not count).
    valid: bool
    #: Null when the file is not valid.
    contents: FileContents | None
    #: In file order.
    errors: list[ProblemOut]
    warnings: list[ProblemOut]
