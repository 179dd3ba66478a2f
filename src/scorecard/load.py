"""Find and validate a data file, turning every problem into a `Problem` with a line.

Where things live: reading, parsing and the line scanner are in `scorecard.tomltext` (shared
with editing); the schema is `scorecard.model`, rules across objects `scorecard.checks`.
This module runs both and places each problem on its line with `tomltext.LineIndex`.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scorecard.errors import DataInvalidError, Problem
from scorecard.textsafe import cut, shown
from scorecard.tomltext import LineIndex, decode_text, parse_toml, read_bytes

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from pydantic import ValidationError

    from scorecard.checks import Finding
    from scorecard.model import Document
    from scorecard.tomltext import Loc

ENV_VAR = "SCORECARD_DATA"
LOCAL_NAME = "scorecard.toml"
_LIST_KEYS = ("sources", "pillars", "scales", "indicators")
_KIND = {"sources": "source", "pillars": "pillar", "scales": "scale", "indicators": "indicator"}


@dataclass(frozen=True)
class DataPath:
    """The data file a command reads, and why that one."""

    path: Path
    #: One of "--data", "$SCORECARD_DATA", "./scorecard.toml", "bundled".
    origin: str

    @property
    def bundled(self) -> bool:
        return self.origin == "bundled"

    def display(self) -> str:
        return f"{self.path} (bundled dataset)" if self.bundled else str(self.path)


def bundled_data_path() -> Path:
    """The dataset shipped with the package (or, in a source checkout, `data/`)."""
    # The package's folder, as `importlib.resources.files("scorecard")` gives it for an
    # installed package (and `fastpath.bundled_data_file` does), without importing
    # importlib.resources, which brings in zipfile, tempfile and three compressors.
    shipped = Path(os.path.abspath(__file__)).parent / "data" / "indicators.toml"
    if shipped.is_file():
        return shipped
    # An editable install has no copy inside the package: use the checkout's file.
    return Path(__file__).resolve().parents[2] / "data" / "indicators.toml"


def resolve_data_path(option: Path | None, cwd: Path | None = None) -> DataPath:
    """`--data`, else `$SCORECARD_DATA`, else `./scorecard.toml`, else the bundled file."""
    if option is not None:
        return DataPath(option, "--data")
    env = os.environ.get(ENV_VAR)
    if env:
        return DataPath(Path(env), f"${ENV_VAR}")
    local = (cwd or Path.cwd()) / LOCAL_NAME
    # Whatever stands there is the file meant, even a folder or a dangling link: reading
    # it then says what is wrong, instead of silently showing the bundled dataset.
    if os.path.lexists(local):
        return DataPath(Path(LOCAL_NAME), f"./{LOCAL_NAME}")
    return DataPath(bundled_data_path(), "bundled")


def _label(raw: dict[str, Any], loc: Loc) -> tuple[str | None, str | None, str | None]:
    """(kind, id, field) for a location: the item by id, the field with years, not indexes."""
    if not loc:
        return None, None, None
    head = loc[0]
    if head == "scorecard":
        return "scorecard", None, ".".join(str(p) for p in loc[1:]) or None
    if head not in _LIST_KEYS or len(loc) < 2 or not isinstance(loc[1], int):
        return None, None, ".".join(str(p) for p in loc) or None
    items = raw.get(head)
    element = items[loc[1]] if isinstance(items, list) and loc[1] < len(items) else None
    ident = element.get("id") if isinstance(element, dict) else None
    # An id that fails the schema can be anything, a megabyte of text too: cut it.
    item = cut(ident) if isinstance(ident, str) and ident else f"#{loc[1] + 1} (no id)"
    parts: list[str] = []
    node: Any = element
    for part in loc[2:]:
        if isinstance(part, int) and parts:
            child = node[part] if isinstance(node, list) and part < len(node) else None
            year = child.get("year") if isinstance(child, dict) else None
            level = child.get("name") if isinstance(child, dict) else None
            tag = (
                year
                if type(year) is int and abs(year) < 10**18
                else level
                if isinstance(level, str)
                else f"#{part + 1}"
            )
            parts[-1] = f"{parts[-1]}[{tag}]"
            node = child
        else:
            parts.append(str(part))
            node = node.get(part) if isinstance(node, dict) else None
    return _KIND[head], item, ".".join(parts) or None


def _problems_from_validation(
    err: ValidationError, raw: dict[str, Any], index: LineIndex, name: str
) -> list[Problem]:
    problems: list[Problem] = []
    for e in err.errors(include_url=False):
        loc: Loc = tuple(p for p in e["loc"] if isinstance(p, str | int))
        # Pydantic names the chosen member of a tagged union in the path; users never wrote it.
        loc = tuple(
            p
            for i, p in enumerate(loc)
            if not (
                i > 0
                and loc[i - 1] == "scoring"
                and p in {"target", "goalposts", "ordinal", "none"}
            )
        )
        if e["type"] == "union_tag_invalid":
            # The wrong value is the method's, not the whole table's.
            loc = (*loc, "method")
        kind, item, fld = _label(raw, loc)
        problems.append(
            Problem(
                name, _plain_message(e), line=index.line_of(loc), kind=kind, item=item, field=fld
            )
        )
    return problems


def _plain_message(error: Any) -> str:
    kind = error["type"]
    message = str(error["msg"])
    if kind == "extra_forbidden":
        return "unknown key (check the spelling; see docs/data-format.md)"
    if kind == "missing":
        return "required key is missing"
    if kind == "finite_number":
        return "must be a finite number (nan and inf are not allowed)"
    if kind == "union_tag_invalid":
        given = error.get("input")
        method = given.get("method") if isinstance(given, dict) else given
        return f"must be one of 'target', 'goalposts', 'ordinal', 'none' (got {shown(method)})"
    if kind == "union_tag_not_found":
        return "required key `method` is missing (one of 'target', 'goalposts', 'ordinal', 'none')"
    if kind == "string_pattern_mismatch":
        # Only ids have a pattern.
        return (
            "an id is lowercase letters, digits, '-' and '_', starting with a letter or digit "
            f"(got {shown(error.get('input'))})"
        )
    if kind == "value_error":
        return message.removeprefix("Value error, ")
    given = error.get("input")
    if kind == "float_type" and type(given) is int:
        # Strict floats accept integers that a double can hold; this one is larger.
        return f"is too large: a number must lie within +-1.8e308 (got {shown(given)})"
    # Pydantic speaks of dictionaries and model instances; a data file has tables and arrays.
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        message = "must be a table"
    elif kind == "list_type":
        message = "must be an array"
    if kind.endswith("_type"):
        if isinstance(given, dict):
            return f"{message} (got a table)"
        if isinstance(given, list):
            return f"{message} (got an array)"
        return f"{message} (got {type(given).__name__} {shown(given)})"
    return message


def validate_document(
    raw: dict[str, Any],
    text: str | Callable[[], str],
    name: str,
    locate_warnings: bool = True,
) -> tuple[Document | None, list[Problem], list[Problem]]:
    """(document or None, errors, warnings): schema and cross-checks, reported together.

    `text` is the file's text, or a function that gives it: it is needed only to place a
    problem on its line.

    pydantic-core builds the repr of a bad input for some errors (a union discriminator's,
    for one); for an integer of more than 4,300 digits that repr raises, pydantic-core
    recovers, and Python reports the recovered error through `sys.unraisablehook` as a
    traceback on stderr. The problem itself is reported here, with its line, so that
    report is silenced for the duration of the validation only.
    """
    saved_hook = sys.unraisablehook
    sys.unraisablehook = _ignore_unraisable
    try:
        return _validate_document(raw, text, name, locate_warnings)
    finally:
        sys.unraisablehook = saved_hook


def _ignore_unraisable(unraisable: Any) -> None:
    del unraisable


def _validate_document(
    raw: dict[str, Any], text: str | Callable[[], str], name: str, locate_warnings: bool
) -> tuple[Document | None, list[Problem], list[Problem]]:
    """The body of `validate_document`.

    With `locate_warnings` false, a valid document's warnings come without their line and
    item (finding the line of each scans the whole text): for commands that only count them.
    Errors are always located.
    """
    from pydantic import ValidationError

    from scorecard.checks import KnownIds, cross_check, duplicate_ids
    from scorecard.model import Document, Indicator, Pillar, Scale, ScorecardMeta, Source

    index: LineIndex | None = None
    errors: list[Problem] = []
    # Where an element of a list sits in the raw file, when elements had to be dropped.
    positions: dict[str, list[int]] = {}
    doc: Document | None
    try:
        salvaged = Document.model_validate(raw)
        doc = salvaged
    except ValidationError as err:
        index = _line_index(text)
        errors.extend(_problems_from_validation(err, raw, index, name))
        doc = None
        salvaged, positions = _salvage(
            raw,
            ScorecardMeta,
            {"sources": Source, "pillars": Pillar, "scales": Scale, "indicators": Indicator},
        )
    known = KnownIds(
        sources=_raw_ids(raw, "sources"),
        pillars=_raw_ids(raw, "pillars"),
        scales=_raw_ids(raw, "scales"),
        scored_pillars=_raw_scored_pillars(raw),
    )
    findings = cross_check(salvaged, known)
    located: list[tuple[Finding, Loc]] = []
    for f in findings:
        loc = f.loc
        if len(loc) > 1 and isinstance(loc[0], str) and loc[0] in positions:
            assert isinstance(loc[1], int)
            loc = (loc[0], positions[loc[0]][loc[1]], *loc[2:])
        located.append((f, loc))
    # On the lists as read: items that failed the schema are not in `salvaged`, but their
    # ids still count, and their positions need no mapping.
    raw_ids = {
        key: [i.get("id") if isinstance(i, dict) else None for i in items]
        for key in _LIST_KEYS
        if isinstance(items := raw.get(key), list)
    }
    located.extend((f, f.loc) for f in duplicate_ids(raw_ids))
    warnings: list[Problem] = []
    if located and not (
        locate_warnings or errors or any(f.severity == "error" for f, _ in located)
    ):
        warnings = [
            Problem(name, f.message, field=f.field, severity=f.severity) for f, _ in located
        ]
    elif located:
        index = index or _line_index(text)
        for f, loc in located:
            kind, item, _ = _label(raw, loc)
            problem = Problem(
                name,
                f.message,
                line=index.line_of(loc),
                kind=kind,
                item=item,
                field=f.field,
                severity=f.severity,
            )
            (errors if f.severity == "error" else warnings).append(problem)
    # In file order, errors and warnings alike (the sort is stable: same line, same order).
    errors.sort(key=lambda p: (p.line is None, p.line or 0))
    warnings.sort(key=lambda p: (p.line is None, p.line or 0))
    return (doc if not errors else None), errors, warnings


def _line_index(text: str | Callable[[], str]) -> LineIndex:
    return LineIndex.of(text if isinstance(text, str) else text())


def _raw_ids(raw: dict[str, Any], key: str) -> set[str]:
    items = raw.get(key)
    if not isinstance(items, list):
        return set()
    return {i["id"] for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)}


def _raw_scored_pillars(raw: dict[str, Any]) -> set[str]:
    """Pillars of indicators that may be scored, counting those that failed the schema."""
    items = raw.get("indicators")
    pillars: set[str] = set()
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("pillar"), str):
            scoring = item.get("scoring")
            if not (isinstance(scoring, dict) and scoring.get("method") == "none"):
                pillars.add(item["pillar"])
    return pillars


def _salvage(
    raw: dict[str, Any], meta_model: Any, list_models: dict[str, Any]
) -> tuple[Document, dict[str, list[int]]]:
    """The parts that pass the schema, so cross-checks can still run, and where they sat."""
    from pydantic import ValidationError

    from scorecard.model import Document

    try:
        meta = meta_model.model_validate(raw.get("scorecard"))
    except ValidationError:
        meta = meta_model.model_construct(title="?")
    parts: dict[str, list[Any]] = {}
    positions: dict[str, list[int]] = {}
    for key, model in list_models.items():
        items = raw.get(key)
        parts[key], positions[key] = [], []
        for n, item in enumerate(items if isinstance(items, list) else []):
            try:
                parts[key].append(model.model_validate(item))
            except ValidationError:
                continue
            positions[key].append(n)
    salvaged = Document.model_construct(
        scorecard=meta,
        sources=parts["sources"],
        pillars=parts["pillars"],
        scales=parts["scales"],
        indicators=parts["indicators"],
    )
    return salvaged, positions


@dataclass(frozen=True)
class Loaded:
    """A valid document with where it came from and what was worth a warning.

    The warnings are counted, not shown (`validate` shows them), so they carry no line.
    """

    doc: Document
    source: DataPath
    warnings: list[Problem]


def check_file(
    path: Path, data: bytes | None = None, locate_warnings: bool = True
) -> tuple[Document | None, list[Problem], list[Problem]]:
    """Read and check a file: (document or None, errors, warnings).

    `locate_warnings` is `validate_document`'s. `data` is the file's bytes when the caller
    has read them already. (`scorecard.validate` adds the warnings about layouts
    `scorecard add` could not edit.)
    Raises `FileReadError` when the file cannot be read at all.
    """
    name = str(path)
    with collector_paused():
        try:
            if data is None:
                data = read_bytes(path)
            # The text is not kept past the parse: only a problem's line needs it, and it is
            # decoded again then, so that validation's peak (the parsed tables and the models
            # at once) does not also hold a copy of the whole file as text.
            raw = parse_toml(decode_text(data, name), name)
        except DataInvalidError as err:
            return None, err.problems, []
        source = data
        return validate_document(raw, lambda: decode_text(source, name), name, locate_warnings)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a data file is parsed and validated.

    Both build containers by the hundred thousand for a large file (the parser's tables
    and arrays, then a model per table), and none of them can be part of a reference
    cycle: the collector would walk them again and again and free nothing. Memory is still
    freed as usual (by reference counting); the collector's earlier state is restored.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load(source: DataPath, data: bytes | None = None) -> Loaded:
    """A valid document, or `DataInvalidError` listing every problem.

    `data` is the file's bytes when the caller has read them already (to hash them).
    """
    doc, errors, warnings = check_file(source.path, data=data, locate_warnings=False)
    if doc is None:
        raise DataInvalidError(errors)
    return Loaded(doc, source, warnings)
