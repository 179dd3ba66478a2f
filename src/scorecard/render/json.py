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
    if indent == 2:
        return _escape_controls(_indented(payload))
    return _escape_controls(json.dumps(payload, indent=indent, ensure_ascii=False, allow_nan=False))


#: A float pydantic-core spells unlike Python: one with an exponent (`1e-5`, `1e16`: Python
#: writes `1e-05`, `1e+16`) or below 1e-4 written out (`0.00005`: Python writes `5e-05`).
#: In text indented one value a line, a number is preceded by a space (after `": "`, or the
#: indentation of an array; or it is the whole text) and ends its line, with or without a
#: comma; a string there would end in a quote, so no text inside a string can match.
_UNLIKE_PYTHON = re.compile(
    r"(?:(?<= )|^)-?(?:[0-9]+(?:\.[0-9]+)?[eE][-+]?[0-9]+|0\.0000[0-9]*)(?=,?$)",
    re.MULTILINE,
)


#: Quick tests for whether `_UNLIKE_PYTHON` can match at all (it is slow to scan a text
#: with: a large report has none of these numbers, typically).
_DIGIT_EXPONENT = re.compile(r"[0-9][eE][-+]?[0-9]")
_TINY = "0.0000"


def _python_float(match: re.Match[str]) -> str:
    return repr(float(match.group()))


def _indented(payload: Any) -> str:
    """`json.dumps(payload, indent=2, ensure_ascii=False, allow_nan=False)`, the same text,
    written by pydantic-core about five times as fast (the standard library's indenting
    encoder is pure Python: 0.3 s of a 100k-observation `show`). The few floats it spells
    otherwise are then written as Python writes them (`_UNLIKE_PYTHON`). Anything it cannot
    take, NaN and infinity among them, goes to the standard library, which says what is
    wrong. A property test compares the two on arbitrary payloads.
    """
    from pydantic_core import to_json

    try:
        text = to_json(payload, indent=2, inf_nan_mode="strings").decode("utf-8")
    except (ValueError, TypeError, UnicodeDecodeError):
        text = None
    # The strings mode writes a non-finite float as "NaN"/"Infinity": the standard library
    # then refuses it (a string in the payload may hold those words too: it agrees then).
    if text is None or '"NaN"' in text or 'Infinity"' in text:
        return json.dumps(payload, indent=2, ensure_ascii=False, allow_nan=False)
    if _TINY in text or _DIGIT_EXPONENT.search(text):
        text = _UNLIKE_PYTHON.sub(_python_float, text)
    return text


def render_json(report: BaseModel) -> str:
    return dumps(report.model_dump(mode="json", by_alias=True)) + "\n"


def render_ndjson(rows: Iterable[Mapping[str, Any]]) -> str:
    return "".join(dumps(dict(row), indent=None) + "\n" for row in rows)
