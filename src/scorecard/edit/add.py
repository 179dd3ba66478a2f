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
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scorecard.checks import check_new_observation
from scorecard.edit.files import atomic_write, locked
from scorecard.edit.layout import Layout, indicator_hazard, indicators_hazard
from scorecard.errors import DataInvalidError, EditRejectedError, Problem, UsageError
from scorecard.load import bundled_data_path, validate_document
from scorecard.lookup import unknown
from scorecard.model import YEAR_MAX, YEAR_MIN, Observation, OrdinalScoring
from scorecard.textsafe import cut, one_line
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
    "limit": "--limit",
    "limit_rationale": "--limit-rationale",
}
#: Keys a whole-observation message names (an open bound and its limit), as options.
_KEYS_IN_MESSAGES = re.compile(r"`?\b(limit_rationale|limit|at_least|at_most)\b`?")


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
    #: A plausible far end for an open bound, with why (see `Observation.limit`).
    limit: float | None = None
    limit_rationale: str | None = None
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
        if self.limit is not None:
            out["limit"] = float(self.limit)
        if self.limit_rationale is not None:
            out["limit_rationale"] = self.limit_rationale
        optional: dict[str, Any] = {
            "period": self.period,
            "source": self.source,
            "quote": self.quote,
            # A plain page number is stored as a number, "12-13" or "iv" as text.
            "page": int(self.page)
            if self.page and self.page.isdecimal() and len(self.page) <= 9
            else self.page,
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
    #: With --replace: one line per field of the old observation removed, changed or kept.
    changes: tuple[str, ...] = ()

    def summary(self) -> str:
        """`oc-homicides 2012: (none) -> 21,736 killings a year`, then with --replace one
        indented line per field removed, changed or kept.

        Every part comes from the file or the command line, so each is folded onto one line:
        a unit holding a line break cannot forge a line of output.
        """
        head = f"{self.indicator} {self.year}: {self.before or '(none)'} -> {self.after}"
        return "\n".join([one_line(head), *("  " + one_line(c) for c in self.changes)])


def _check_options(new: NewObservation) -> None:
    """The observation's own rules (the schema's), before the file is read.

    The ids (source, level) are checked against the file later, where an unknown one gets
    a suggestion. `--external` needs `--url` here even when the source has an address of its
    own: a figure added from the command line names the page it was checked against.
    """
    from pydantic import ValidationError

    for option, text in _texts(new):
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as err:
            # The shell passed bytes that are not UTF-8 (`$'caf\xe9'`): Python keeps them as
            # lone surrogates, which no file can hold.
            byte = ord(text[err.start]) & 0xFF
            raise UsageError(
                f"{option} is not UTF-8 text (byte 0x{byte:02x} at character {err.start + 1}); "
                "the data file is UTF-8"
            ) from None
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


def _texts(new: NewObservation) -> list[tuple[str, str]]:
    """(option, text) of every text the observation was given."""
    fields = {
        "--source": new.source,
        "--level": new.level,
        "--period": new.period,
        "--quote": new.quote,
        "--page": new.page,
        "--section": new.section,
        "--url": new.url,
        "--note": new.note,
        "--limit-rationale": new.limit_rationale,
    }
    return [(k, v) for k, v in fields.items() if v is not None]


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
    message = str(first["msg"]).removeprefix("Value error, ")
    if not field:
        # A rule about the whole observation: its keys said as the options that give them.
        return _KEYS_IN_MESSAGES.sub(lambda m: _OPTION[m.group(1)], message)
    option = _OPTION.get(field, "--" + field.replace("_", "-"))
    return f"{option}: {message}"


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
    # Split at "\n" only, as TOML does: `splitlines` also breaks at U+2028, U+2029 and NEL,
    # which a quote may hold, and would cut a string in two.
    lines = ["[[indicators.observations]]", *body.as_string().rstrip("\n").split("\n")]
    return "".join(line + newline for line in lines)


def _format(doc: Document, ind: Indicator, obs: Observation) -> str:
    from scorecard.format import format_value

    scale = _scale_of(doc, ind)
    label = None
    if scale is not None and obs.level is not None:
        label = next((lv.label for lv in scale.levels if lv.name == obs.level), None)
    # The text says "(covers PERIOD only)" itself.
    return format_value(obs, ind.unit, label)


#: The keys that give an observation's value; `--replace` replaces them all.
VALUE_KEYS = ("value", "at_least", "at_most", "low", "high", "level", "limit", "limit_rationale")
#: Where the figure comes from: kept by `--replace` when the source stays the same.
CITATION_KEYS = ("quote", "page", "section", "external", "url")
#: The order of an observation's keys in the file (`NewObservation.table`).
KEY_ORDER = ("year", *VALUE_KEYS, "period", "source", *CITATION_KEYS, "note")


def replaced(old: dict[str, Any], new: dict[str, Any], *, drop_old: bool) -> dict[str, Any]:
    """The observation `--replace` writes: the new one, with the old one's citation and note
    where the new one gives none, so that provenance is never lost without a word.

    The value and its period are always the new ones. The citation (quote, page, section,
    external, url) belongs to its source: it is kept only when the source is the same. With
    `drop_old`, nothing of the old observation is kept.
    """
    merged = dict(new)
    if not drop_old:
        keep = ("note", *CITATION_KEYS) if old.get("source") == new.get("source") else ("note",)
        for key in keep:
            if key in old and key not in new:
                merged[key] = old[key]
    known = [k for k in KEY_ORDER if k in merged]
    return {k: merged[k] for k in [*known, *(k for k in merged if k not in KEY_ORDER)]}


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return repr(cut(one_line(value), 60))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format(value, "g") if abs(value) < 1e15 else repr(value)
    return str(value)


def field_changes(old: dict[str, Any], new: dict[str, Any], given: dict[str, Any]) -> list[str]:
    """One line per field `--replace` removes, changes or keeps from the old observation."""
    lines = []
    for key in [k for k in KEY_ORDER if k in old or k in new] + sorted(
        (set(old) | set(new)) - set(KEY_ORDER)
    ):
        if key == "year":
            continue
        if key in old and key not in new:
            lines.append(f"{key}: removed (was {_shown(old[key])})")
        elif key not in old:
            lines.append(f"{key}: added {_shown(new[key])}")
        elif old[key] != new[key]:
            lines.append(f"{key}: {_shown(old[key])} -> {_shown(new[key])}")
        elif key not in given:
            lines.append(f"{key}: kept {_shown(old[key])}")
    return lines


def plan_add(
    text: str,
    name: str,
    indicator: str,
    new: NewObservation,
    *,
    replace: bool = False,
    drop_old: bool = False,
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
    years = [o.year for o in ind.observations]
    before: str | None = None
    changes: list[str] = []
    if new.year in years:
        before = _format(doc, ind, ind.observations[years.index(new.year)])
        if not replace:
            raise UsageError(
                f"{indicator} already has an observation for {new.year} ({before}); "
                "pass --replace to overwrite it"
            )
        old = raw["indicators"][index]["observations"][years.index(new.year)]
        given = data
        data = replaced(old, given, drop_old=drop_old)
        changes = field_changes(old, data, given)
    elif replace:
        listed = ", ".join(map(str, sorted(years))) or "none"
        raise UsageError(
            f"{indicator} has no observation for {new.year} to replace (years: {listed}); "
            "leave out --replace to add one"
        )
    try:
        after = _format(doc, ind, Observation.model_validate(data))
    except ValidationError as err:
        raise UsageError(_option_message(err)) from None
    new_text, observations = _splice(text, layout, raw, index, years, data)
    _verify_splice(raw, index, observations, new_text, name, indicator)
    doc_after, errors, warnings_after = validate_document(tomllib.loads(new_text), new_text, name)
    if doc_after is None:
        raise EditRejectedError(errors, name)

    def key(p: Problem) -> tuple[str | None, ...]:
        return (p.kind, p.item, p.field, p.message)

    old_warnings = {key(p) for p in warnings_before}
    fresh = [p for p in warnings_after if key(p) not in old_warnings]
    return AddResult(
        name, indicator, new.year, before, after, False, fresh, new_text, tuple(changes)
    )


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


def refuse_packaged(source: DataPath) -> None:
    """The dataset inside the installed package is not the user's to edit.

    Compared as files, not as paths: in an editable install the bundled dataset is the
    checkout's `data/indicators.toml`, reachable by many paths (and by hard links).
    """
    try:
        target = source.path.resolve()
    except (OSError, RuntimeError):
        # A symlink loop: reading the file says so, as a file that cannot be read.
        return
    package = Path(__file__).resolve().parents[1]
    inside = package in target.parents
    try:
        same = os.path.samefile(target, bundled_data_path())
    except OSError:
        same = False
    if source.bundled or inside or same:
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
    drop_old: bool = False,
    dry_run: bool = False,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
) -> AddResult:
    """Add (or with `replace`, overwrite) one observation in the file, atomically."""
    refuse_packaged(source)
    path = source.path
    name = str(path)
    _check_options(new)
    # Read once before locking: a missing file or a directory is reported as such instead
    # of leaving a stray lock file next to it.
    text = read_text(path)
    if dry_run:
        # Writes replace the file in one rename, so an unlocked read is always consistent.
        return plan_add(text, name, indicator, new, replace=replace, drop_old=drop_old)

    real = path.resolve()
    with locked(real, lock_timeout, name):
        text = read_text(path)
        result = plan_add(text, name, indicator, new, replace=replace, drop_old=drop_old)
        with real.open("rb") as f:
            bom = codecs.BOM_UTF8 if f.read(3) == codecs.BOM_UTF8 else b""
        atomic_write(real, bom + result.text.encode("utf-8"), overwrite=True, name=name)
    return dataclasses.replace(result, written=True)
