"""Finding ids a user typed: unknown ones get a "did you mean" in every command."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scorecard.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Sequence


def unknown(what: str, name: str, known: Sequence[str], where: str = "") -> UsageError:
    """`unknown indicator 'x'; did you mean 'y'?`, or a few of the known ids."""
    # Ids that start with what was typed (`selee` for `selee-olson-2011`) are too far
    # apart for difflib's ratio, yet the likeliest meaning.
    import difflib  # only when an id is unknown: not every command's start-up

    close = [k for k in known if name and k.startswith(name)]
    close += [
        k for k in difflib.get_close_matches(name, list(known), n=3, cutoff=0.6) if k not in close
    ]
    close = close[:3]
    if close:
        hint = "did you mean " + " or ".join(repr(c) for c in close) + "?"
    else:
        shown = ", ".join(known[:8])
        more = f", ... ({len(known)} in all)" if len(known) > 8 else ""
        hint = f"known: {shown}{more}" if known else "the file has none"
    return UsageError(f"unknown {what} {name!r}{where}; {hint}")
