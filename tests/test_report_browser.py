"""`scorecard report` in a real browser: Chromium, driven through Playwright.

The page is opened from a file URL, as someone opening an e-mail attachment would. Every
request other than the page itself is recorded and refused. Playwright cannot download a
browser here, so it drives the system's Chromium (Debian's `chromium` package, which
`.ci/run` installs); $SCORECARD_CHROMIUM names another executable.

Without Chromium or Playwright these tests are skipped with the reason, except under
CI=true, where a missing browser fails the run: CI must never pass without them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from helpers import (
    HOSTILE_EVIDENCE_URL,
    HOSTILE_INDICATOR,
    HOSTILE_PILLAR,
    HOSTILE_QUOTE,
    HOSTILE_SOURCE_URL,
    HOSTILE_TITLE,
    hostile,
    invoke,
    ok,
)
from scorecard.render.words import ESTIMATE_MARK, format_score

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, Page, Request, Route
    from typer.testing import CliRunner

    from helpers import WriteData

#: Chromium's flags for a headless run as root in a container, with nothing in the
#: background that could reach the network (Playwright adds --headless itself).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    named = os.environ.get("SCORECARD_CHROMIUM")
    if named:
        return named
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}: CI must run the browser tests (.ci/run installs chromium)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install '.[test]')")
    executable = chromium_path()
    if executable is None:
        _missing("no chromium executable (apt-get install chromium, or set $SCORECARD_CHROMIUM)")
    assert executable is not None
    with sync_playwright() as playwright:
        # `launch` gives the browser a fresh temporary profile and removes it afterwards.
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Visit:
    """A page opened from a file URL, with every console error and outside request kept."""

    def __init__(self, browser: Browser, path: Path, width: int = 1200) -> None:
        self.url = path.resolve().as_uri()
        self.context = browser.new_context(
            viewport={"width": width, "height": 900}, java_script_enabled=True
        )
        self.page: Page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.context.route("**/*", self._only_the_page)
        self.page.goto(self.url, wait_until="load")

    def _only_the_page(self, route: Route, request: Request) -> None:
        if request.url == self.url:
            route.continue_()
        else:
            route.abort()

    @property
    def outside_requests(self) -> list[str]:
        return [u for u in self.requests if u != self.url]

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: Browser) -> Iterator[Any]:
    opened: list[Visit] = []

    def open_page(path: Path, width: int = 1200) -> Visit:
        opened.append(Visit(browser, path, width))
        return opened[-1]

    yield open_page
    for v in opened:
        v.close()


def write_report(runner: CliRunner, workdir: Path, *args: str) -> Path:
    out = workdir / "report.html"
    result = invoke(runner, "report", *args, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    return out


# ---------------------------------------------------------------------------------------
# Pixels and pages


def png_pixels(png: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and rows of RGB(A) bytes of an 8-bit, non-interlaced PNG."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    height = channels = 0
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        chunk, body = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        if chunk == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and interlace == 0 and colour in (2, 6)
            channels = 3 if colour == 2 else 4
        elif chunk == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, up_left = prev[i], prev[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else up_left
                line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, rows


def ink_share(png: bytes) -> float:
    """The share of pixels that are not (near) white."""
    width, height, rows = png_pixels(png)
    channels = len(rows[0]) // width
    inked = 0
    for row in rows:
        for x in range(0, len(row), channels):
            if min(row[x : x + 3]) < 200:
                inked += 1
    return inked / (width * height)


def pdf_pages(pdf: bytes) -> int:
    """Page objects in a PDF (Chromium writes them uncompressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def test_pixel_helpers_tell_blank_from_drawn(browser: Browser, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 200, "height": 100})
    page.set_content("<body style='margin:0;background:#fff'></body>")
    blank = page.screenshot()
    page.set_content(
        "<body style='margin:0'><div style='width:100px;height:100px;background:#000'>"
    )
    half = page.screenshot()
    page.close()
    assert ink_share(blank) == 0
    assert ink_share(half) == pytest.approx(0.5, abs=0.01)


# ---------------------------------------------------------------------------------------
# The shipped data


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory, runner: CliRunner) -> tuple[Path, Any]:
    """The report of the shipped data, and `show`'s JSON of it (in an empty folder)."""
    folder = tmp_path_factory.mktemp("shipped")
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        env = {"SCORECARD_DATA": None}
        shown = json.loads(ok(runner, "show", "--format", "json", env=env))
        out = folder / "report.html"
        result = invoke(runner, "report", "-o", str(out), env=env)
        assert result.exit_code == 0, result.stderr
    finally:
        os.chdir(cwd)
    return out, shown


def test_shipped_report_opens_cleanly(visit: Any, shipped: tuple[Path, Any]) -> None:
    path, shown = shipped
    assert path.stat().st_size < 1_000_000
    v = visit(path)
    assert v.errors == []
    assert v.outside_requests == []
    page = v.page
    assert page.title() == f"{shown['title']}: {shown['year']}"
    overall = page.locator("[data-card=overall] [data-score]")
    result = shown["overall"]["result"]
    assert overall.inner_text() == ESTIMATE_MARK[result["estimate"]] + format_score(result["score"])
    cards = page.locator("[data-card=pillar]")
    assert cards.count() == len(shown["pillars"]) == 5
    for n, pillar in enumerate(shown["pillars"]):
        card = cards.nth(n)
        assert card.get_attribute("data-pillar") == pillar["id"]
        assert card.locator("h3").inner_text() == pillar["name"]
        assert card.locator("[data-score]").inner_text() == ESTIMATE_MARK[
            pillar["result"]["estimate"]
        ] + format_score(pillar["result"]["score"])
        assert (
            card.locator(".status")
            .inner_text()
            .startswith(
                {"on_track": "on track", "progressing": "progressing", "limited": "limited"}.get(
                    pillar["result"]["status"], "off track"
                )
            )
        )
        assert card.locator("svg.bar").is_visible()
    charts = page.locator("figure.chart")
    assert [charts.nth(i).get_attribute("data-chart") for i in range(charts.count())] == [
        "overall",
        *(p["id"] for p in shown["pillars"]),
    ]
    for i in range(charts.count()):
        chart = charts.nth(i)
        svg = chart.locator("svg")
        assert svg.is_visible()
        box = svg.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 60
        assert chart.locator("svg > title").text_content().startswith("Trend of ")
        # The band and the line are drawn, and the chart's table has the year's score.
        assert chart.locator("path.interval").count() >= 1
        assert chart.locator("circle").count() >= 1
        row = chart.locator("tbody tr", has=page.locator(f"th:text-is('{shown['year']}')"))
        expected = (shown["overall"] if i == 0 else shown["pillars"][i - 1])["result"]
        mark = ESTIMATE_MARK[expected["estimate"]]
        assert row.locator("td").first.text_content() == mark + format_score(expected["score"])
    assert ink_share(page.screenshot()) > 0.02


def test_shipped_report_prints_to_a_sane_pdf(visit: Any, shipped: tuple[Path, Any]) -> None:
    path, shown = shipped
    v = visit(path)
    v.page.emulate_media(media="print")
    assert v.page.locator("nav").is_hidden()
    pdf = v.page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF-")
    # Five pillar cards, six charts and every indicator with its quote: more than a couple
    # of pages, far fewer than one per indicator (the bound grows with the data).
    indicators = sum(len(p["indicators"]) for p in shown["pillars"])
    assert 3 <= pdf_pages(pdf) < indicators / 2, (pdf_pages(pdf), indicators)
    assert v.errors == [] and v.outside_requests == []


def test_shipped_report_fits_a_phone(visit: Any, shipped: tuple[Path, Any]) -> None:
    """At a phone's width nothing widens the page: wide tables scroll in their own box."""
    path, _ = shipped
    v = visit(path, width=375)
    assert v.page.evaluate("document.documentElement.scrollWidth") <= 375
    box = v.page.locator("[data-card=pillar]").first.bounding_box()
    assert box is not None and box["width"] <= 375
    assert ink_share(v.page.screenshot()) > 0.02


# ---------------------------------------------------------------------------------------
# A hostile data file


def test_hostile_strings_are_text_and_do_not_run(
    visit: Any, runner: CliRunner, write_data: WriteData, valid_toml: str, workdir: Path
) -> None:
    path = write_data(hostile(valid_toml))
    v = visit(write_report(runner, workdir, "--data", str(path)))
    page = v.page
    assert page.evaluate("typeof window.__pwned") == "undefined"
    # Nothing was injected: no script or image element, no event handler attribute.
    assert page.locator("script").count() == 0
    assert page.locator("img").count() == 0
    assert (
        page.evaluate(
            "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes])"
            ".filter(a => a.name.startsWith('on')).length"
        )
        == 0
    )
    # Each string is shown exactly as written.
    assert page.locator("h1").inner_text() == HOSTILE_TITLE
    assert page.locator("[data-card=pillar] h3").first.inner_text() == HOSTILE_PILLAR
    body = page.locator("body").inner_text()
    for text in (HOSTILE_QUOTE, HOSTILE_INDICATOR, HOSTILE_SOURCE_URL, HOSTILE_EVIDENCE_URL):
        assert text in body
    # Only http(s) addresses are links; the javascript: and data: urls are plain text.
    hrefs = page.eval_on_selector_all("a[href]", "as => as.map(a => a.getAttribute('href'))")
    assert hrefs and all(h.startswith(("#", "http://", "https://")) for h in hrefs), hrefs
    assert page.get_by_text(HOSTILE_SOURCE_URL).first.evaluate("e => e.closest('a')") is None
    assert v.errors == []
    assert v.outside_requests == []
