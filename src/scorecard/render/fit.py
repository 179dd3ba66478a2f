"""Fitting tables to a terminal without breaking a word in the middle.

Rich shrinks a wrapping column below its longest word when space runs short, and then folds
or cuts that word ("implementin g", "Organized-crim…"). A column given `min_width =
longest_word(...)` of its cells keeps every word whole: when the terminal is too narrow for
every column's longest word, the table is wider than the terminal (and the terminal wraps
the line) rather than the words being cut.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scorecard.textsafe import one_line

if TYPE_CHECKING:
    from collections.abc import Iterable


def longest_word(texts: Iterable[str | None], floor: int = 1) -> int:
    """The length of the longest whitespace-separated word in `texts` (at least `floor`)."""
    return max([floor, *(len(w) for t in texts if t for w in one_line(t).split())])


def cut_at_word(text: str, width: int) -> str:
    """`text` in at most `width` characters: cut after a whole word, with an ellipsis."""
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    if " " in cut and text[width - 1] != " ":
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip() + "\u2026"
