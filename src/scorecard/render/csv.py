"""CSV: the same flat rows as NDJSON, with a header.

A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a
formula by spreadsheets (`=HYPERLINK(...)`, `+cmd|...`): such cells get a leading `'`, which
spreadsheets show as text (OWASP's advice for CSV injection). Numbers are never changed.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

from scorecard.textsafe import strip_controls

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence


_FORMULA_START = frozenset("=+-@\t\r")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        text = strip_controls(value)
        return "'" + text if text[:1] in _FORMULA_START else text
    if isinstance(value, float):
        return repr(value)
    return value


def render_csv(columns: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buffer.getvalue()
