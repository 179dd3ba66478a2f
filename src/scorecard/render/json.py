"""JSON and NDJSON: the report model, dumped."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from scorecard.textsafe import INVISIBLE

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from pydantic import BaseModel

# JSON escapes C0 controls but leaves C1 controls (U+0080-U+009F, among them the one-byte
# CSI) and DEL raw; escaping them keeps a `cat` of the output from driving the terminal.
# Bidirectional and invisible characters are escaped for the same reason (textsafe.INVISIBLE),
# and the line separators U+2028/U+2029, which some JSON readers take for line breaks.
_RAW_CONTROLS = re.compile(f"[\\x7f-\\x9f\u2028\u2029{INVISIBLE}]")


def _escape_controls(text: str) -> str:
    return _RAW_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def dumps(payload: Any, indent: int | None = 2) -> str:
    """JSON text of a plain payload, full precision, controls escaped.

    NaN and infinity are not JSON: the scoring never produces them (docs/methodology.md,
    "Numbers"), and should one slip through it is a bug, reported as one, not bad output.
    """
    return _escape_controls(json.dumps(payload, indent=indent, ensure_ascii=False, allow_nan=False))


def render_json(report: BaseModel) -> str:
    return dumps(report.model_dump(mode="json", by_alias=True)) + "\n"


def render_ndjson(rows: Iterable[Mapping[str, Any]]) -> str:
    return "".join(dumps(dict(row), indent=None) + "\n" for row in rows)
