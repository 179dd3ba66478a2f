"""The package's modules import each other without a cycle.

Read from the source with `ast`, so that an import inside a function (the lazy imports that
keep start-up fast) counts as much as one at the top of a file, and so do imports under
`if TYPE_CHECKING:`: a cycle there is still two modules that each need the other.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "scorecard"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, modules: set[str]) -> set[str]:
    """The package's modules that `path` imports, anywhere in the file."""
    name = module_name(path)
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".")
                anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, base] if base else anchor)
            # `from scorecard.edit import layout` imports the submodule `layout`.
            targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
        for target in targets:
            # Importing `a.b.c` runs `a` and `a.b` first.
            parts = target.split(".")
            for end in range(1, len(parts) + 1):
                prefix = ".".join(parts[:end])
                if prefix in modules and prefix != name:
                    found.add(prefix)
    return found


def import_graph() -> dict[str, set[str]]:
    files = sorted((SRC / PACKAGE).rglob("*.py"))
    modules = {module_name(f) for f in files}
    return {module_name(f): imported_modules(f, modules) for f in files}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One path around each cycle found by a depth-first walk."""
    found: list[list[str]] = []
    state: dict[str, str] = {}

    def walk(node: str, path: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                found.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                walk(nxt, [*path, nxt])
        state[node] = "done"

    for start in sorted(graph):
        if start not in state:
            walk(start, [start])
    return found


def test_the_graph_sees_lazy_imports() -> None:
    # A check that found no edges would pass vacuously: the CLI imports the loader only
    # inside its commands, and this must show.
    graph = import_graph()
    assert "scorecard.load" in graph["scorecard.cli"]
    assert "scorecard.validate" in graph["scorecard.cli"]


def test_loading_does_not_depend_on_editing() -> None:
    graph = import_graph()
    assert "scorecard.load" in graph["scorecard.edit.add"]
    assert not {m for m in graph["scorecard.load"] if m.startswith("scorecard.edit")}


def test_no_import_cycles() -> None:
    graph = import_graph()
    # The package's `__init__` is run by every import of a submodule; only the version
    # lives there, so it imports nothing back.
    assert graph[PACKAGE] == set()
    assert cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c", "a"]]
