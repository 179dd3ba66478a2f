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

The standard streams are guarded here too, before any command runs (`scorecard.output`):
a closed pipe, a write error or an encoding without a character never ends in a traceback.

A repeat `show` on an unchanged file is answered from the result cache before the command
line (Typer, Pydantic, Rich) is imported at all, through the same guarded streams: see
`scorecard.fastpath` and `scorecard.cache`. Anything else, and every cache miss, runs the
full command line.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys

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


def main() -> None:
    """Run the command line, then leave without interpreter teardown."""
    _, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD, gen1, gen2)
    from scorecard import output
    from scorecard.fastpath import answer

    output.install()
    try:
        known = answer(sys.argv[1:])
    except Exception:
        # The cache is never a reason for a command to fail: run it in full instead.
        known = None
    try:
        if known is not None:
            output.emit(known)
            code = output.finish(known.exit_code)
        else:
            code = _run()
    except output.OutputError as err:
        # Raised by the guarded stdout while a command wrote: it has said nothing yet.
        code = output.report(err)
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(code)


def _run() -> int:
    """The full command line: the exit code it ends with."""
    from scorecard import output
    from scorecard.cli import app

    try:
        app()
    except SystemExit as exit_:
        return output.finish(_exit_code(exit_.code))
    return output.finish(0)
