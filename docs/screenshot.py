"""Regenerate docs/report.png, the README's picture of `scorecard report`.

    python docs/screenshot.py [--chromium PATH] [--out docs/report.png]

It writes the report of data/indicators.toml to a temporary file, opens it from a file URL
in the system's Chromium through Playwright (the same browser as the tests), and saves the
top of the page (the overall score, the pillar cards) at a fixed size, so the image only
changes when the page does. Needs `pip install '.[test]'` and Debian's `chromium`.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The viewport, which is the part of the page kept: the header, the overall score and its
#: trend, the pillar cards.
WIDTH, HEIGHT = 1200, 1160
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]
ARGS += ["--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default=shutil.which("chromium"), help="executable")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "report.png")
    args = parser.parse_args()
    if not args.chromium:
        parser.error("no chromium found: apt-get install chromium, or pass --chromium PATH")

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        page_path = Path(folder) / "report.html"
        # The repository's dataset, named relative to the repository as a user would.
        command = [sys.executable, "-m", "scorecard", "report"]
        command += ["--data", "data/indicators.toml", "-o", str(page_path)]
        subprocess.run(
            command,
            cwd=ROOT,
            check=True,
        )
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=args.chromium, args=ARGS)
            page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
            page.goto(page_path.as_uri())
            page.screenshot(path=str(args.out))
            browser.close()
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
