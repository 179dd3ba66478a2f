"""The terminal table as an SVG image (`--format svg`), for README images and slides.

Rich records what the table renderer prints and exports it. Rich's SVG loads its font from
a CDN through `@font-face`; that rule is dropped, so the image never makes a network
request and falls back to the viewer's monospace font. Rich escapes the text it exports.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

from rich.console import Console

from scorecard.render.table import diff_tables, show_tables
from scorecard.textsafe import strip_controls

if TYPE_CHECKING:
    from collections.abc import Callable

    from scorecard.report import ShowReport
    from scorecard.report.diff import DiffReport

#: Rich's `@font-face` rules, each a block without nested braces.
_FONT_FACE = re.compile(r"@font-face\s*\{[^{}]*\}\s*")


def render_show_svg(report: ShowReport, *, summary: bool = False) -> str:
    return render_svg(
        lambda console: console.print(show_tables(report, width=console.width, summary=summary)),
        strip_controls(report.title),
    )


def render_diff_svg(report: DiffReport, *, show_all: bool = False) -> str:
    return render_svg(
        lambda console: console.print(diff_tables(report, width=console.width, show_all=show_all)),
        strip_controls(report.title),
    )


def render_svg(draw: Callable[[Console], None], title: str) -> str:
    """What `draw` prints on a recording console, as one SVG document.

    The width follows $COLUMNS (Rich's rule for a console that is not a terminal: 80
    otherwise); colours are recorded unless $NO_COLOR is set.
    """
    console = Console(
        file=io.StringIO(),
        record=True,
        force_terminal=True,
        color_system="truecolor",
        highlight=False,
    )
    draw(console)
    return _FONT_FACE.sub("", console.export_svg(title=title))
