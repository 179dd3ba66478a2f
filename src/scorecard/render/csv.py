"""CSV: the same flat rows as NDJSON, with a header."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

from scorecard.textsafe import strip_controls

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return strip_controls(value)
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
