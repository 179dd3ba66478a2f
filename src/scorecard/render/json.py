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


#: A JSON string (skipped as it is), or a number with a fraction or an exponent.
_STRING_OR_FLOAT = re.compile(r'"(?:[^"\\]|\\.)*"|-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?')


def _python_float(match: re.Match[str]) -> str:
    token = match.group()
    if token[0] == '"' or token.lstrip("-").isdigit():
        return token
    return repr(float(token))


def _indented(payload: Any) -> str:
    """`json.dumps(payload, indent=2, ensure_ascii=False, allow_nan=False)`, the same text,
    written by pydantic-core about six times as fast (the standard library's indenting
    encoder is pure Python: 0.3 s of a 100k-observation `show`). Its numbers with a
    fraction or an exponent are then written as Python writes floats (`1e-05`, `1e+16`,
    where it writes `1e-5`, `1e16`). Anything it cannot take, NaN and infinity among them,
    goes to the standard library, which says what is wrong. A property test compares the
    two on arbitrary payloads.
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
    return _STRING_OR_FLOAT.sub(_python_float, text)


def render_json(report: BaseModel) -> str:
    return dumps(report.model_dump(mode="json", by_alias=True)) + "\n"


def render_ndjson(rows: Iterable[Mapping[str, Any]]) -> str:
    return "".join(dumps(dict(row), indent=None) + "\n" for row in rows)
