"""The process entry point: the console script and `python -m scorecard`.

Two start-up costs of a short-lived command are avoided here, and only here (importing
`scorecard` as a library changes nothing):

* Imports allocate many long-lived objects (Pydantic schemas, Typer parameters, Rich
  styles). With the default threshold the cyclic collector runs hundreds of times during
  start-up and finds nothing to free; a higher first-generation threshold lets it run
  rarely. It still runs, so a large data file cannot grow memory without bound.
* At exit the interpreter tears down every module and object one by one. The command has
  finished by then: its files are closed and its locks released by context managers, so
  the process flushes its standard streams and leaves at once with its exit code.

`bench/run.py` measures both: about 35 ms of the shipped-data `show` (see CHANGELOG).

Two more, for a command that computes its result:

* Pydantic looks for plugins (an entry-point group) the first time it builds a validator,
  and importing `importlib.metadata` to look costs a first run about 25 ms. Plugins observe
  an application's own validation; a command-line tool has none to offer them, so the
  command line runs without them, as `PYDANTIC_DISABLE_PLUGINS=__all__` would, and without
  the import (`skip_pydantic_plugins`).
* Once a command's modules are imported, their objects live until the process ends;
  `gc.freeze()` (`fastpath.settle`) takes them out of the collector's sight, so that a collection
  while the file is read does not walk every class and schema the imports made (a
  collection of the first two generations cost a first `show` 35-55 ms).

The standard streams are guarded here too, before any command runs (`scorecard.output`):
a closed pipe, a write error or an encoding without a character never ends in a traceback.

A repeat `show` on an unchanged file is answered from the result cache before the command
line (Typer, Pydantic, Rich) is imported at all, through the same guarded streams; a plain
`show` the cache does not hold is computed through the library without Typer, and stored
once written: see `scorecard.fastpath` and `scorecard.cache`. Anything else, and every
error, runs the full command line.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys

#: Not `typing.TYPE_CHECKING`: `typing` is not loaded at start-up (mypy knows the name).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from scorecard.cache import Output

#: First-generation collection threshold while a command runs (CPython's default is 700).
GC_THRESHOLD = 50_000


def _exit_code(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    # `sys.exit("message")` prints the message and exits 1, as the interpreter would.
    sys.stderr.write(f"{code}\n")
    return 1


#: The module in which Pydantic finds its plugins (pydantic/plugin/_loader.py).
PYDANTIC_PLUGIN_LOADER = "pydantic.plugin._loader"


def skip_pydantic_plugins() -> None:
    """Pydantic in this process loads no plugins, and does not import `importlib.metadata`
    to find them.

    Pydantic imports its plugin loader when it first builds a validator, and asks it only
    for `get_plugins()`. This puts a module of that name in its place whose `get_plugins`
    finds none, as the loader does under `PYDANTIC_DISABLE_PLUGINS=__all__`. Any other
    name asked of it (a later Pydantic that uses more of its loader) brings in the real
    loader, so nothing breaks; a loader already imported is left alone.
    """
    if PYDANTIC_PLUGIN_LOADER in sys.modules:
        return
    # `type(sys)` is the module type: the `types` module is not loaded at start-up.
    stand_in = type(sys)(PYDANTIC_PLUGIN_LOADER)

    def get_plugins() -> tuple[()]:
        return ()

    def real_loader(name: str) -> object:
        if name.startswith("__"):
            # The import system asks any module for `__path__` and the like: a plain module
            # has none, and asking must not bring in the real loader.
            raise AttributeError(name)
        import importlib

        if sys.modules.get(PYDANTIC_PLUGIN_LOADER) is stand_in:
            del sys.modules[PYDANTIC_PLUGIN_LOADER]
        return getattr(importlib.import_module(PYDANTIC_PLUGIN_LOADER), name)

    # A module's `__getattr__` (PEP 562) answers for the names it lacks.
    vars(stand_in).update(get_plugins=get_plugins, __getattr__=real_loader)
    sys.modules[PYDANTIC_PLUGIN_LOADER] = stand_in


def main() -> None:
    """Run the command line, then leave without interpreter teardown."""
    _, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD, gen1, gen2)
    skip_pydantic_plugins()
    from scorecard import output
    from scorecard.fastpath import answer

    output.install()
    try:
        known = answer(sys.argv[1:])
    except Exception:
        # The cache is never a reason for a command to fail: run it in full instead.
        known = None
    try:
        if known is not None and known.output is not None:
            output.emit(known.output)
            code = output.finish(known.output.exit_code)
            if known.key is not None and code == known.output.exit_code:
                _store(known.key, known.output)
        else:
            code = _run(None if known is None else known.key)
    except output.OutputError as err:
        # Raised by the guarded stdout while a command wrote: it has said nothing yet.
        code = output.report(err)
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(code)


def _store(key: str, written: Output) -> None:
    """Keep a result computed on the start-up path, now that it has been written in full."""
    from scorecard import cache

    # The cache is never a reason for a command to fail (`cache.store` already ignores an
    # unwritable folder; anything else it meets is ignored here the same way).
    with contextlib.suppress(Exception):
        cache.store(key, written)


def _run(store_key: str | None = None) -> int:
    """The full command line: the exit code it ends with. With `store_key` (a help text the
    cache does not hold yet), what it prints is captured, written, and stored if it ends
    well. (Help texts write nothing to stderr, and a failure, such as an unknown command,
    is never stored.)"""
    from scorecard import output
    from scorecard.cache import Output
    from scorecard.cli import app
    from scorecard.fastpath import settle

    settle()
    if store_key is None:
        return output.finish(_exit_code_of(app))
    import io

    guarded, captured = sys.stdout, io.StringIO()
    sys.stdout = captured
    try:
        code = _exit_code_of(app)
    finally:
        sys.stdout = guarded
    printed = Output(captured.getvalue(), "", code)
    output.write_stdout(printed.stdout)
    code = output.finish(code)
    if code == 0:
        _store(store_key, printed)
    return code


def _exit_code_of(app: Callable[[], object]) -> int:
    """Run the command line; the exit code it asked for."""
    try:
        app()
    except SystemExit as exit_:
        return _exit_code(exit_.code)
    return 0
