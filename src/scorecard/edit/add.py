"""`scorecard add`: one year's observation into a data file, keeping every other byte.

An edit must leave every byte it does not need to change exactly as it was: comments,
blank lines, key order and quoting are a person's work. TOML libraries that round-trip
(tomlkit) keep bytes only until something is inserted: they attach the comments and blank
lines that precede a header to the table before it, so a new `[[indicators.observations]]`
lands after the next section's banner comment, with no blank line after it. So `add`
splices text instead: `edit.layout` finds where each table starts and where its last key
ends, the new observation is rendered with tomlkit (for correct TOML quoting) and inserted
as a block of whole lines, and the result is parsed again and compared with the intended
data before anything is written. A layout the splice cannot handle is refused.

The observation is judged by the rules `validate` applies (`scorecard.model` for the
observation alone, `scorecard.checks` for it in its file); this module only says a broken
rule in terms of the command's options. The write is atomic and locked (`edit.files`).
"""

from __future__ import annotations

import codecs
import copy
import dataclasses
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scorecard.checks import check_new_observation
from scorecard.edit.files import atomic_write, locked
from scorecard.edit.layout import Layout, indicator_hazard, indicators_hazard
from scorecard.errors import DataInvalidError, EditRejectedError, Problem, UsageError
from scorecard.load import validate_document
from scorecard.lookup import unknown
from scorecard.model import YEAR_MAX, YEAR_MIN, Observation, OrdinalScoring
from scorecard.tomltext import parse_toml, read_text

if TYPE_CHECKING:
    from pydantic import ValidationError

    from scorecard.load import DataPath
    from scorecard.model import Document, Indicator, Scale

#: How long `add` waits for another process's edit of the same file, in seconds.
DEFAULT_LOCK_TIMEOUT = 10.0

#: The options that give an observation's value, in the order messages list them.
VALUE_OPTIONS = ("--value", "--at-least", "--at-most", "--range", "--level")
#: The option behind each field of an observation, for messages.
_OPTION = {
    "year": "--year",
    "value": "--value",
    "at_least": "--at-least",
    "at_most": "--at-most",
    "low": "--range",
    "high": "--range",
    "low/high": "--range",
    "level": "--level",
}


@dataclass(frozen=True)
class NewObservation:
    """An observation as given on the command line; exactly one value form is set."""

    year: int
    source: str
    value: float | None = None
    at_least: float | None = None
    at_most: float | None = None
    range: tuple[float, float] | None = None
    level: str | None = None
    period: str | None = None
    quote: str | None = None
    page: str | None = None
    section: str | None = None
    external: bool = False
    url: str | None = None
    note: str | None = None

    def table(self) -> dict[str, Any]:
        """The observation's keys, in the order a person reads them."""
        out: dict[str, Any] = {"year": self.year}
        if self.value is not None:
            out["value"] = float(self.value)
        if self.at_least is not None:
            out["at_least"] = float(self.at_least)
        if self.at_most is not None:
            out["at_most"] = float(self.at_most)
        if self.range is not None:
            out["low"], out["high"] = float(self.range[0]), float(self.range[1])
        if self.level is not None:
            out["level"] = self.level
        optional: dict[str, Any] = {
            "period": self.period,
            "source": self.source,
            "quote": self.quote,
            # A plain page number is stored as a number, "12-13" or "iv" as text.
            "page": int(self.page) if self.page and self.page.isdecimal() else self.page,
            "section": self.section,
            "external": True if self.external else None,
            "url": self.url,
            "note": self.note,
        }
        out.update((k, v) for k, v in optional.items() if v is not None)
        return out


@dataclass(frozen=True)
class AddResult:
    """What `add` changed (or, with --dry-run, would change)."""

    file: str
    indicator: str
    year: int
    #: The old value as a person would say it; None when the year had no observation.
    before: str | None
    after: str
    written: bool
    #: Warnings the new observation brings (e.g. no quote).
    warnings: list[Problem]
    #: The file's text after the change.
    text: str

    def summary(self) -> str:
        """`oc-homicides 2012: (none) -> 21,736 killings a year`."""
        return f"{self.indicator} {self.year}: {self.before or '(none)'} -> {self.after}"


def _check_options(new: NewObservation) -> None:
    """The observation's own rules (the schema's), before the file is read.

    The ids (source, level) are checked against the file later, where an unknown one gets
    a suggestion. `--external` needs `--url` here even when the source has an address of its
    own: a figure added from the command line names the page it was checked against.
    """
    from pydantic import ValidationError

    data = new.table()
    # Placeholder ids: their own pattern is checked with the real ones, after the file.
    data["source"] = "x"
    if "level" in data:
        data["level"] = "x"
    try:
        Observation.model_validate(data)
    except ValidationError as err:
        raise UsageError(_option_message(err)) from None
    if new.external and not new.url:
        raise UsageError("--external needs --url: the address the figure was checked against")


def _option_message(err: ValidationError) -> str:
    """The first schema error of the observation, in terms of the command's options."""
    first = err.errors(include_url=False)[0]
    kind, loc, ctx = first["type"], first["loc"], first.get("ctx") or {}
    field = str(loc[0]) if loc else ""
    if kind == "value_forms":
        given = [_OPTION[f] for f in ctx["forms"]]
        found = f"got {' and '.join(given)}" if given else "got none"
        return f"give exactly one of {', '.join(VALUE_OPTIONS)} ({found})"
    if kind == "finite_number":
        return f"{_OPTION.get(field, field)} must be a finite number (got {first['input']})"
    if kind == "range_order":
        return f"--range: LOW ({ctx['low']}) is greater than HIGH ({ctx['high']})"
    if field == "year" and kind in ("greater_than_equal", "less_than_equal"):
        return f"--year must be between {YEAR_MIN} and {YEAR_MAX} (got {first['input']})"
    return f"the observation is not valid: {first['msg']}"


def _scale_of(doc: Document, ind: Indicator) -> Scale | None:
    if not isinstance(ind.scoring, OrdinalScoring):
        return None
    return next((s for s in doc.scales if s.id == ind.scoring.scale), None)


#: The cross-checks `add` says in terms of its options, in the order it reports them.
_RULES = (
    "ordinal_needs_level",
    "level_not_ordinal",
    "level_not_in_scale",
    "unknown_source",
    "not_primary_source",
)


def _check_against(doc: Document, ind: Indicator, new: NewObservation) -> None:
    """The cross-checks of `validate` on the new observation, said in terms of options.

    Other findings are left to the check of the whole edited file (`EditRejectedError`).
    """
    draft = Observation.model_construct(**new.table())
    broken = {f.rule for f in check_new_observation(doc, ind, draft) if f.severity == "error"}
    rule = next((r for r in _RULES if r in broken), None)
    if rule is None:
        return
    scale = _scale_of(doc, ind)
    levels = [level.name for level in scale.levels] if scale else []
    if rule == "ordinal_needs_level":
        assert isinstance(ind.scoring, OrdinalScoring)
        raise UsageError(
            f"indicator {ind.id!r} is ordinal (scale {ind.scoring.scale!r}): give --level "
            f"(one of {', '.join(levels)}), not a number"
        )
    if rule == "level_not_ordinal":
        raise UsageError(
            f"indicator {ind.id!r} takes a number (--value, --at-least, --at-most or --range), "
            f"not --level (its scoring method is {ind.scoring.method!r}, not 'ordinal')"
        )
    if rule == "level_not_in_scale":
        assert isinstance(ind.scoring, OrdinalScoring) and new.level is not None
        where = f" for {ind.id} (scale {ind.scoring.scale!r})"
        raise unknown("level", new.level, levels, where)
    if rule == "unknown_source":
        raise unknown("source", new.source, [s.id for s in doc.sources])
    raise UsageError(
        f"source {new.source!r} is not the file's primary source "
        f"({doc.scorecard.primary_source!r}): mark the figure with --external --url URL "
        "(the address it was checked against)"
    )


def _render(table: dict[str, Any], newline: str) -> str:
    """`[[indicators.observations]]` and its keys, with tomlkit's TOML quoting."""
    # Imported here so that `edit_hazards` (run by `validate`) does not load tomlkit.
    import tomlkit

    body = tomlkit.table()
    for key, value in table.items():
        body[key] = value
    lines = ["[[indicators.observations]]", *body.as_string().splitlines()]
    return "".join(line + newline for line in lines)


def _format(doc: Document, ind: Indicator, obs: Observation) -> str:
    from scorecard.format import format_value

    scale = _scale_of(doc, ind)
    label = None
    if scale is not None and obs.level is not None:
        label = next((lv.label for lv in scale.levels if lv.name == obs.level), None)
    # The text says "(covers PERIOD only)" itself.
    return format_value(obs, ind.unit, label)


def plan_add(
    text: str, name: str, indicator: str, new: NewObservation, *, replace: bool = False
) -> AddResult:
    """The file's text with the observation added; nothing is written.

    Raises `UsageError` (exit 2) for a bad observation or a file it cannot edit exactly,
    `DataInvalidError` (exit 3) when the file is invalid to begin with.
    """
    from pydantic import ValidationError

    _check_options(new)
    raw = parse_toml(text, name)
    doc, errors, warnings_before = validate_document(raw, text, name)
    if doc is None:
        raise DataInvalidError(errors)

    ids = [i.id for i in doc.indicators]
    if indicator not in ids:
        raise unknown("indicator", indicator, ids)
    index = ids.index(indicator)
    ind = doc.indicators[index]
    _check_against(doc, ind, new)

    layout = Layout.of(text)
    hazard = indicators_hazard(raw, layout) or indicator_hazard(raw, layout, index)
    if hazard is not None:
        raise UsageError(f"{name}: cannot add to {indicator!r} without rewriting it: {hazard}")

    data = new.table()
    try:
        after = _format(doc, ind, Observation.model_validate(data))
    except ValidationError as err:
        raise UsageError(_option_message(err)) from None

    years = [o.year for o in ind.observations]
    before: str | None = None
    if new.year in years:
        before = _format(doc, ind, ind.observations[years.index(new.year)])
        if not replace:
            raise UsageError(
                f"{indicator} already has an observation for {new.year} ({before}); "
                "pass --replace to overwrite it"
            )
    new_text, observations = _splice(text, layout, raw, index, years, data)
    _verify_splice(raw, index, observations, new_text, name, indicator)
    doc_after, errors, warnings_after = validate_document(tomllib.loads(new_text), new_text, name)
    if doc_after is None:
        raise EditRejectedError(errors, name)

    def key(p: Problem) -> tuple[str | None, ...]:
        return (p.kind, p.item, p.field, p.message)

    old_warnings = {key(p) for p in warnings_before}
    fresh = [p for p in warnings_after if key(p) not in old_warnings]
    return AddResult(name, indicator, new.year, before, after, False, fresh, new_text)


def _splice(
    text: str,
    layout: Layout,
    raw: dict[str, Any],
    index: int,
    years: list[int],
    data: dict[str, Any],
) -> tuple[str, list[Any]]:
    """The new text, and the indicator's observations as the new text should parse."""
    newline = "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n"
    block = _render(data, newline)
    headers = layout.observations[index]
    observations = list(raw["indicators"][index].get("observations", []))
    year = data["year"]
    if year in years:
        j = years.index(year)
        # The old table, from its header to its last key; comments after it stay.
        start = layout.lines[layout.headers[headers[j]]].start
        end = layout.content_end(headers[j])
        observations[j] = data
        return text[:start] + block + text[end:], observations
    # In year order: before the first observation of a later year, else after the
    # indicator's last table.
    k = next((n for n, y in enumerate(years) if y > year), len(years))
    anchor = headers[k] - 1 if k < len(headers) else layout.last[index]
    point = layout.content_end(anchor)
    lead = newline if layout.blank_between_tables() else ""
    if point == len(text) and text and not text.endswith("\n"):
        lead = newline + lead
    observations.insert(k, data)
    return text[:point] + lead + block + text[point:], observations


def _verify_splice(
    raw: dict[str, Any],
    index: int,
    observations: list[Any],
    new_text: str,
    name: str,
    indicator: str,
) -> None:
    """The splice must change exactly this one observation: the parsed result must be the
    intended data, so that an unforeseen layout can never corrupt the file."""
    expected = copy.deepcopy(raw)
    expected["indicators"][index]["observations"] = observations
    try:
        reparsed = tomllib.loads(new_text)
    except tomllib.TOMLDecodeError:
        reparsed = None
    if reparsed != expected:
        raise UsageError(
            f"{name}: cannot add to {indicator!r} without rewriting other lines (an unusual "
            "layout around it); nothing was written. Add the observation by hand."
        )


def _refuse_packaged(source: DataPath) -> None:
    """The dataset inside the installed package is not the user's to edit."""
    package = Path(__file__).resolve().parents[1]
    inside = package in source.path.resolve().parents
    if source.bundled or inside:
        raise UsageError(
            f"refusing to edit the bundled dataset ({source.path}); run `scorecard init` to "
            "make your own copy (./scorecard.toml), then add to that"
        )


def add_observation(
    source: DataPath,
    indicator: str,
    new: NewObservation,
    *,
    replace: bool = False,
    dry_run: bool = False,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
) -> AddResult:
    """Add (or with `replace`, overwrite) one observation in the file, atomically."""
    _refuse_packaged(source)
    path = source.path
    name = str(path)
    _check_options(new)
    # Read once before locking: a missing file or a directory is reported as such instead
    # of leaving a stray lock file next to it.
    text = read_text(path)
    if dry_run:
        # Writes replace the file in one rename, so an unlocked read is always consistent.
        return plan_add(text, name, indicator, new, replace=replace)

    real = path.resolve()
    with locked(real, lock_timeout, name):
        text = read_text(path)
        result = plan_add(text, name, indicator, new, replace=replace)
        with real.open("rb") as f:
            bom = codecs.BOM_UTF8 if f.read(3) == codecs.BOM_UTF8 else b""
        atomic_write(real, bom + result.text.encode("utf-8"), overwrite=True, name=name)
    return dataclasses.replace(result, written=True)
