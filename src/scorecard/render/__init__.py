"""Renderers: one report model in, text in one format out. None of them compute scores.

Where things live:

- `RENDERERS` below: which function renders each (report kind, format) and the keyword
  options it takes, for every report the command line prints. A new report or format is
  one line here; the CLI calls `render`. `history`, `explain`, `list` and `sensitivity`
  give three functions each (a drawing on a Rich console, markdown, flat rows) from which
  all six formats are made.
- `words`: how scores, intervals, statuses and verdicts are said (shared by all formats).
- `select`: which rows a reader sees and in what order (`diff` tables hide quiet rows).
- `table` (Rich, terminal), `svg` (the table as an image), `html` (`scorecard report`),
  `markdown`, `json` (the model dumped, and NDJSON), `rows` (flat
  rows for NDJSON and CSV), `csv`, `validate` (the text of `scorecard validate`).

Renderers are imported only when their format is asked for, so that `show --format json`
never loads Rich.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any, Literal

from scorecard.textsafe import strip_controls

if TYPE_CHECKING:
    from collections.abc import Callable

    from scorecard.report import ReportHeader


@dataclass(frozen=True)
class Renderer:
    #: "module:function"; the function takes the report and `options` as keywords.
    target: str
    #: Keyword options the function takes (e.g. `summary` for `show --summary`).
    options: tuple[str, ...] = ()
    #: What the function gives: "text", the whole text, ending with a newline; "drawing":
    #: it draws the report on the Rich console it is given (captured from the terminal's
    #: console for a table, recorded as an image for SVG); "rows": `(columns, rows)`,
    #: written as CSV or NDJSON.
    gives: Literal["text", "drawing", "rows"] = "text"

    def load(self) -> Callable[..., Any]:
        """The function (its result is what `gives` says)."""
        module, function = self.target.split(":")
        found: Callable[..., Any] = getattr(import_module(module), function)
        return found


_JSON = Renderer("scorecard.render.json:render_json")
_ROWS = "scorecard.render.rows:"

RENDERERS: dict[tuple[str, str], Renderer] = {
    ("show", "table"): Renderer("scorecard.render.table:render_show_table", ("summary",)),
    ("show", "json"): _JSON,
    ("show", "ndjson"): Renderer(_ROWS + "show_table_rows", ("summary",), gives="rows"),
    ("show", "csv"): Renderer(_ROWS + "show_table_rows", ("summary",), gives="rows"),
    ("show", "markdown"): Renderer("scorecard.render.markdown:render_show_markdown", ("summary",)),
    ("show", "svg"): Renderer("scorecard.render.svg:render_show_svg", ("summary",)),
    ("diff", "table"): Renderer("scorecard.render.table:render_diff_table", ("show_all",)),
    ("diff", "json"): _JSON,
    ("diff", "ndjson"): Renderer(_ROWS + "diff_table_rows", gives="rows"),
    ("diff", "csv"): Renderer(_ROWS + "diff_table_rows", gives="rows"),
    ("diff", "markdown"): Renderer("scorecard.render.markdown:render_diff_markdown", ("show_all",)),
    ("diff", "svg"): Renderer("scorecard.render.svg:render_diff_svg", ("show_all",)),
    ("validate", "text"): Renderer("scorecard.render.validate:render_validate_text"),
    ("validate", "json"): _JSON,
}

# The reports drawn on a Rich console, each in every format: (kind, module, the function
# that draws it, the one that gives its markdown, the one that gives its flat rows).
for _kind, _module, _draw, _markdown, _rows in (
    ("history", "history", "render_history_table", "render_history_markdown", "history_table_rows"),
    ("explain", "explain", "render_explain_table", "render_explain_markdown", "explain_rows"),
    ("list", "listing", "render_list_table", "render_list_markdown", "list_table_rows"),
    (
        "sensitivity",
        "sensitivity",
        "render_sensitivity_table",
        "render_sensitivity_markdown",
        "sensitivity_table_rows",
    ),
):
    _at = f"scorecard.render.{_module}:"
    RENDERERS.update(
        {
            (_kind, "table"): Renderer(_at + _draw, gives="drawing"),
            (_kind, "json"): _JSON,
            (_kind, "ndjson"): Renderer(_at + _rows, gives="rows"),
            (_kind, "csv"): Renderer(_at + _rows, gives="rows"),
            (_kind, "markdown"): Renderer(_at + _markdown),
            (_kind, "svg"): Renderer(_at + _draw, gives="drawing"),
        }
    )


def formats(kind: str) -> list[str]:
    """The formats a kind of report can be rendered in."""
    return [fmt for (k, fmt) in RENDERERS if k == kind]


def render(report: ReportHeader, fmt: str, **options: Any) -> str:
    """`report` in format `fmt`. Options a renderer does not take are not passed to it:
    `--summary` shortens a table, while json always holds everything."""
    entry = RENDERERS.get((report.kind, fmt))
    if entry is None:
        raise ValueError(f"no {fmt} renderer for a {report.kind} report")
    known = {o for (kind, _), r in RENDERERS.items() if kind == report.kind for o in r.options}
    unknown = set(options) - known
    if unknown:
        raise TypeError(f"no {report.kind} renderer takes {', '.join(sorted(unknown))}")
    taken = {name: value for name, value in options.items() if name in entry.options}
    function = entry.load()
    text: str
    if entry.gives == "drawing":
        draw = functools.partial(function, report, **taken)
        if fmt == "svg":
            text = _SVG.load()(draw, title=strip_controls(report.title or ""))
        else:
            text = _CAPTURED.load()(draw)
    elif entry.gives == "rows":
        columns: tuple[str, ...]
        rows: list[dict[str, Any]]
        columns, rows = function(report, **taken)
        text = _CSV.load()(columns, rows) if fmt == "csv" else _NDJSON.load()(rows)
    else:
        text = function(report, **taken)
    return text


# What turns a drawing or rows into text, imported (as renderers are) only when needed.
_SVG = Renderer("scorecard.render.svg:render_svg")
_CAPTURED = Renderer("scorecard.render.table:captured")
_CSV = Renderer("scorecard.render.csv:render_csv")
_NDJSON = Renderer("scorecard.render.json:render_ndjson")
