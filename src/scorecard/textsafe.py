"""Make untrusted text from a data file safe to print.

Names, quotes and notes come from files that anyone may have written. Before they reach a
terminal, control characters (ESC sequences that move the cursor, change the title or
hide text) are removed; Rich markup is never interpreted because renderers pass such text
as `rich.text.Text`, not as markup strings.

Bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE, the isolates U+2066-U+2069, ...) and
invisible characters (U+200B ZERO WIDTH SPACE, U+2060 WORD JOINER, U+FEFF) are removed too:
they make text display as something other than what it is ("gnp.exe" shown as "exe.png"),
or make two different ids look the same. The line and paragraph separators U+2028 and
U+2029 become spaces, so that no data can start a line of its own. JSON keeps these
characters, escaped as `\\uXXXX` (see `scorecard.render.json`).
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, and C1 controls (U+0080-U+009F, which include CSI).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# A whole ESC or CSI sequence, so that no printable tail such as "[31m" is left behind.
_SEQUENCE = re.compile(r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b.")


#: Bidirectional formatting characters and invisible ones, by code point.
INVISIBLE = (
    "\u061c\u180e\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)
_UNSEEN = str.maketrans({**dict.fromkeys(INVISIBLE), "\u2028": " ", "\u2029": " "})


def strip_controls(text: str) -> str:
    """`text` without terminal control sequences, control characters, bidirectional controls
    or invisible characters."""
    return _CONTROL.sub("", _SEQUENCE.sub("", text)).translate(_UNSEEN)


def one_line(text: str) -> str:
    """`strip_controls`, with line breaks and tabs folded to single spaces."""
    return re.sub(r"\s+", " ", strip_controls(text)).strip()


def cut(text: str, width: int = 64) -> str:
    """`text`, cut to `width` characters with "..." when longer."""
    return text if len(text) <= width else text[: width - 3] + "..."


def shown(value: object, width: int = 40) -> str:
    """A value from a data file or the command line as a message quotes it: short, whatever
    its size.

    `repr` of an integer of more than 4,300 digits raises ValueError, and a megabyte-long
    string would flood the terminal: both are cut.
    """
    if type(value) is int and value.bit_length() > 64:
        digits = int(value.bit_length() * 0.30103) + 1
        return f"an integer of about {digits:,} digits"
    # Only the start of a long string is quoted: repr of all of it costs its whole length.
    return cut(repr(value[: width + 1] if isinstance(value, str) else value), width)
