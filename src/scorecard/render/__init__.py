"""Renderers: one report model in, text in one format out. None of them compute scores.

Where things live:

- `RENDERERS` below: which function renders each (report kind, format) and the keyword
  options it takes. A new report or format is one line here; the CLI calls `render`.
- `words`: how scores, intervals, statuses and verdicts are said (shared by all formats).
- `select`: which rows a reader sees and in what order (`diff` tables hide quiet rows).
- `table` (Rich, terminal), `svg` (the table as an image), `html` (`scorecard report`),
  `markdown`, `json` (the model dumped, and NDJSON), `rows` (flat
  rows for NDJSON and CSV), `csv`, `validate` (the text of `scorecard validate`).

Renderers are imported only when their format is asked for, so that `show --format json`
never loads Rich.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from scorecard.report import ReportHeader


@dataclass(frozen=True)
class Renderer:
    #: "module:function"; the function takes the report and `options` as keywords and
    #: returns the whole text, ending with a newline.
    target: str
    #: Keyword options the function takes (e.g. `summary` for `show --summary`).
    options: tuple[str, ...] = ()

    def load(self) -> Callable[..., str]:
        module, function = self.target.split(":")
        found: Callable[..., str] = getattr(import_module(module), function)
        return found


_JSON = Renderer("scorecard.render.json:render_json")

RENDERERS: dict[tuple[str, str], Renderer] = {
    ("show", "table"): Renderer("scorecard.render.table:render_show_table", ("summary",)),
    ("show", "json"): _JSON,
    ("show", "ndjson"): Renderer("scorecard.render.rows:render_show_ndjson", ("summary",)),
    ("show", "csv"): Renderer("scorecard.render.rows:render_show_csv", ("summary",)),
    ("show", "markdown"): Renderer("scorecard.render.markdown:render_show_markdown", ("summary",)),
    ("show", "svg"): Renderer("scorecard.render.svg:render_show_svg", ("summary",)),
    ("diff", "table"): Renderer("scorecard.render.table:render_diff_table", ("show_all",)),
    ("diff", "json"): _JSON,
    ("diff", "ndjson"): Renderer("scorecard.render.rows:render_diff_ndjson"),
    ("diff", "csv"): Renderer("scorecard.render.rows:render_diff_csv"),
    ("diff", "markdown"): Renderer("scorecard.render.markdown:render_diff_markdown", ("show_all",)),
    ("diff", "svg"): Renderer("scorecard.render.svg:render_diff_svg", ("show_all",)),
    ("history", "json"): _JSON,
    ("validate", "text"): Renderer("scorecard.render.validate:render_validate_text"),
    ("validate", "json"): _JSON,
}


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
    return entry.load()(report, **taken)
