"""Allow `python -m scorecard`."""

from __future__ import annotations

from scorecard.cli import main

if __name__ == "__main__":
    main()
