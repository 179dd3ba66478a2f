"""The engine reproduces a published composite index: UNDP's Human Development Index.

The HDI is modelled as an ordinary scorecard, one data file per country, written by the test
with `tomli_w` from the table below:

* pillar `health`: life expectancy at birth, goalposts 20 and 85 years;
* pillar `education`: the arithmetic mean of expected years of schooling (goalposts 0 and 18)
  and mean years of schooling (goalposts 0 and 15);
* pillar `income`: GNI per capita (2017 PPP $), goalposts $100 and $75,000 on a log scale;
* the overall score is the geometric mean of the three pillars.

The HDI caps expected years of schooling at 18 and GNI per capita at $75,000; the engine
clips every indicator score to [0, 100], which is the same thing because the normalisation
is monotone. Australia and Ireland exercise the schooling cap, Ireland the income cap.

Method:

* UNDP, "Human Development Index (HDI)",
  http://hdr.undp.org/en/content/human-development-index-hdi (life expectancy 20-85 years;
  mean and expected years of schooling 0-15 and 0-18, expected years capped at 18, the two
  combined by arithmetic mean; GNI per capita $100-$75,000; the HDI is the geometric mean
  of the three dimension indices);
* HDR 2023/2024 technical notes, https://policycommons.net/artifacts/12122855/
  human-develoment-report-20232024-technical-notes/13016610/ (the education index is the
  unweighted arithmetic mean of the two schooling indices; the HDI is the geometric mean of
  the three dimension indices);
* Our World in Data, https://ourworldindata.org/grapher/human-development-index (GNI
  goalposts in international-$ at 2017 prices; income index on the logarithm of GNI).

Data: every input and every published HDI value is a cell of one file of one edition, the
Human Development Report 2023/2024 data file
"HDR23-24_Composite_indices_complete_time_series.csv" (https://hdr.undp.org/sites/default/
files/2023-24_HDR/HDR23-24_Composite_indices_complete_time_series.csv), columns `hdi_2022`,
`le_2022`, `eys_2022`, `mys_2022` and `gnipc_2022` (data year 2022). It was read from the
copy in the public repository Ethanchu-bot/week4 (root of commit eda8b958); a second copy, in
antonsadeq/Data-Visualization, agrees on the rows compared. The file holds the unrounded
values behind the report's statistical Table 1 ("Human Development Index and its
components"), which prints them rounded. Each cell is kept below as its exact CSV text,
which is also the observation's quote.

From these unrounded inputs every country below reproduces its published HDI exactly at the
third decimal, so no tolerance is needed. (Had the inputs first been rounded to 1 decimal for
years and to whole dollars, as Table 1 prints them, Austria would come out at 0.927 and Iraq
at 0.672, one off in the third decimal.)
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest
import tomli_w
from typer.testing import CliRunner

from scorecard.cli import app
from scorecard.load import DataPath, load
from scorecard.score import build_show_report

if TYPE_CHECKING:
    from pathlib import Path

    from scorecard.report import ShowReport

YEAR = 2022
SOURCE_ID = "hdr-2023-24"
SOURCE_TITLE = (
    "Human Development Report 2023/2024: composite indices, complete time series "
    "(HDR23-24_Composite_indices_complete_time_series.csv)"
)
SOURCE_URL = (
    "https://hdr.undp.org/sites/default/files/2023-24_HDR/"
    "HDR23-24_Composite_indices_complete_time_series.csv"
)


@dataclass(frozen=True)
class Country:
    """One row of the HDR 2023/2024 data file: each number exactly as the CSV writes it."""

    iso3: str
    name: str
    group: str  # column `hdicode`
    hdi: str  # column `hdi_2022`, the published value
    le: str  # `le_2022`: life expectancy at birth, years
    eys: str  # `eys_2022`: expected years of schooling
    mys: str  # `mys_2022`: mean years of schooling
    gnipc: str  # `gnipc_2022`: GNI per capita, 2017 PPP $

    @property
    def published(self) -> float:
        return float(self.hdi)


COUNTRIES = (
    Country("AFG", "Afghanistan", "Low", "0.462", "62.879", "10.70538475", "2.514790058",
            "1335.205733"),
    Country("IRQ", "Iraq", "Medium", "0.673", "71.336", "12.22275571", "6.811878947",
            "9091.865377"),
    Country("ALB", "Albania", "High", "0.789", "76.833", "14.48746967", "10.12114431",
            "15293.32651"),
    Country("AUT", "Austria", "Very High", "0.926", "82.412", "16.36746025", "12.30571367",
            "56529.66329"),
    # Expected years of schooling above 18: capped.
    Country("AUS", "Australia", "Very High", "0.946", "83.579", "21.0800209", "12.72681999",
            "49257.1352"),
    # Expected years of schooling above 18 and GNI per capita above $75,000: both capped.
    Country("IRL", "Ireland", "Very High", "0.95", "82.716", "19.12610054", "11.6569568",
            "87467.51391"),
)  # fmt: skip

BY_ISO3 = {c.iso3: c for c in COUNTRIES}


# ---------------------------------------------------------------------------------------
# The scorecard data file of one country


def _observation(country: Country, column: str, text: str) -> dict[str, Any]:
    return {
        "year": YEAR,
        "value": float(text),
        "source": SOURCE_ID,
        "quote": text,
        "section": f"row {country.iso3}, column {column}_{YEAR}",
    }


def hdi_document(country: Country) -> dict[str, Any]:
    """The HDI of one country as a scorecard document (plain data, ready for TOML)."""
    return {
        "scorecard": {
            "title": f"Human Development Index {YEAR}: {country.name}",
            "description": "UNDP's HDI, HDR 2023/2024 method, as a scorecard.",
            "assessment_year": YEAR,
            "aggregation": "geometric",
        },
        "sources": [
            {
                "id": SOURCE_ID,
                "title": SOURCE_TITLE,
                "publisher": "UNDP Human Development Report Office",
                "url": SOURCE_URL,
            }
        ],
        "pillars": [
            {"id": "health", "name": "A long and healthy life"},
            {"id": "education", "name": "Knowledge", "aggregation": "arithmetic"},
            {"id": "income", "name": "A decent standard of living"},
        ],
        "indicators": [
            {
                "id": "life-expectancy",
                "pillar": "health",
                "name": "Life expectancy at birth",
                "unit": "years",
                "direction": "higher",
                "scoring": {
                    "method": "goalposts",
                    "min": 20.0,
                    "max": 85.0,
                    "rationale": "HDI goalposts: 20 to 85 years.",
                },
                "observations": [_observation(country, "le", country.le)],
            },
            {
                "id": "expected-schooling",
                "pillar": "education",
                "name": "Expected years of schooling",
                "unit": "years",
                "direction": "higher",
                "scoring": {
                    "method": "goalposts",
                    "min": 0.0,
                    "max": 18.0,
                    "rationale": "HDI goalposts: 0 to 18 years; capped at 18.",
                },
                "observations": [_observation(country, "eys", country.eys)],
            },
            {
                "id": "mean-schooling",
                "pillar": "education",
                "name": "Mean years of schooling",
                "unit": "years",
                "direction": "higher",
                "scoring": {
                    "method": "goalposts",
                    "min": 0.0,
                    "max": 15.0,
                    "rationale": "HDI goalposts: 0 to 15 years.",
                },
                "observations": [_observation(country, "mys", country.mys)],
            },
            {
                "id": "gni-per-capita",
                "pillar": "income",
                "name": "Gross national income per capita",
                "unit": "2017 PPP $",
                "direction": "higher",
                "scoring": {
                    "method": "goalposts",
                    "min": 100.0,
                    "max": 75000.0,
                    "log": True,
                    "rationale": "HDI goalposts: $100 to $75,000 on the logarithm of income; "
                    "capped at $75,000.",
                },
                "observations": [_observation(country, "gnipc", country.gnipc)],
            },
        ],
    }


def write_hdi_file(country: Country, directory: Path) -> Path:
    path = directory / f"hdi-{country.iso3.lower()}.toml"
    path.write_text(tomli_w.dumps(hdi_document(country)), encoding="utf-8")
    return path


def hdi_report(country: Country, directory: Path) -> ShowReport:
    path = write_hdi_file(country, directory)
    loaded = load(DataPath(path, "--data"))
    return build_show_report(loaded.doc, str(path), "--data", year=YEAR)


def pillar_scores(report: ShowReport) -> dict[str, float]:
    scores: dict[str, float] = {}
    for pillar in report.pillars:
        assert pillar.result.score is not None, pillar.result.reason
        scores[pillar.id] = pillar.result.score
    return scores


def overall_score(report: ShowReport) -> float:
    score = report.overall.result.score
    assert score is not None, report.overall.result.reason
    return score


# ---------------------------------------------------------------------------------------
# The technical notes' formulas, written out independently of the engine (0-1 scale)


def health_index(le: float) -> float:
    return (le - 20) / (85 - 20)


def education_index(eys: float, mys: float, *, cap: bool = True) -> float:
    eys_used = min(eys, 18.0) if cap else eys
    return (eys_used / 18 + mys / 15) / 2


def income_index(gnipc: float, *, cap: bool = True) -> float:
    gni_used = min(gnipc, 75000.0) if cap else gnipc
    return (math.log(gni_used) - math.log(100)) / (math.log(75000) - math.log(100))


def hdi(country: Country, *, cap: bool = True) -> float:
    indices = (
        health_index(float(country.le)),
        education_index(float(country.eys), float(country.mys), cap=cap),
        income_index(float(country.gnipc), cap=cap),
    )
    return math.prod(indices) ** (1 / 3)


# ---------------------------------------------------------------------------------------
# Tests


@pytest.mark.parametrize("country", COUNTRIES, ids=lambda c: c.iso3)
def test_generated_file_is_valid_without_warnings(country: Country, tmp_path: Path) -> None:
    loaded = load(DataPath(write_hdi_file(country, tmp_path), "--data"))
    assert loaded.warnings == []
    assert loaded.doc.scorecard.aggregation == "geometric"
    assert [p.id for p in loaded.doc.pillars] == ["health", "education", "income"]


@pytest.mark.parametrize("country", COUNTRIES, ids=lambda c: c.iso3)
def test_overall_score_reproduces_the_published_hdi(country: Country, tmp_path: Path) -> None:
    report = hdi_report(country, tmp_path)
    assert report.overall.aggregation == "geometric"
    assert report.overall.pillars_scored == 3
    assert round(overall_score(report) / 100, 3) == country.published


@pytest.mark.parametrize("country", COUNTRIES, ids=lambda c: c.iso3)
def test_pillars_are_the_dimension_indices(country: Country, tmp_path: Path) -> None:
    report = hdi_report(country, tmp_path)
    pillars = pillar_scores(report)
    le, eys, mys, gni = (float(x) for x in (country.le, country.eys, country.mys, country.gnipc))
    assert pillars["health"] == pytest.approx(100 * health_index(le), rel=1e-12)
    assert pillars["education"] == pytest.approx(100 * education_index(eys, mys), rel=1e-12)
    assert pillars["income"] == pytest.approx(100 * income_index(gni), rel=1e-12)
    assert overall_score(report) == pytest.approx(100 * hdi(country), rel=1e-12)


def test_albania_dimension_indices_by_hand(tmp_path: Path) -> None:
    """Albania, no cap involved: every formula of the technical notes does some work.

    health    = (76.833 - 20) / (85 - 20)                                  = 0.874354
    education = (14.48746967 / 18 + 10.12114431 / 15) / 2
              = (0.804859 + 0.674743) / 2                                  = 0.739801
    income    = (ln 15293.32651 - ln 100) / (ln 75000 - ln 100)            = 0.759811
    HDI       = (0.874354 * 0.739801 * 0.759811) ** (1/3) = 0.789168, published 0.789
    """
    pillars = pillar_scores(hdi_report(BY_ISO3["ALB"], tmp_path))
    health = (76.833 - 20) / (85 - 20)
    education = (14.48746967 / 18 + 10.12114431 / 15) / 2
    income = (math.log(15293.32651) - math.log(100)) / (math.log(75000) - math.log(100))
    assert pillars["health"] / 100 == pytest.approx(health, rel=1e-12)
    assert pillars["education"] / 100 == pytest.approx(education, rel=1e-12)
    assert pillars["income"] / 100 == pytest.approx(income, rel=1e-12)
    # The docstring's six-decimal figures, for a reader checking with a calculator.
    assert health == pytest.approx(0.874354, abs=5e-7)
    assert education == pytest.approx(0.739801, abs=5e-7)
    assert income == pytest.approx(0.759811, abs=5e-7)
    assert (health * education * income) ** (1 / 3) == pytest.approx(0.789168, abs=5e-7)


def test_expected_schooling_above_18_is_capped(tmp_path: Path) -> None:
    """Australia: 21.08 expected years of schooling count as 18."""
    australia = BY_ISO3["AUS"]
    assert float(australia.eys) > 18
    report = hdi_report(australia, tmp_path)
    (education,) = (p for p in report.pillars if p.id == "education")
    by_id = {i.id: i.result.score for i in education.indicators}
    assert by_id["expected-schooling"] == 100.0
    assert education.result.score == pytest.approx((100 + 100 * 12.72681999 / 15) / 2)
    # Without the cap the index would be 0.974, not the published 0.946.
    assert round(hdi(australia, cap=False), 3) != australia.published
    assert round(overall_score(report) / 100, 3) == australia.published == 0.946


def test_income_above_75000_is_capped(tmp_path: Path) -> None:
    """Ireland: GNI per capita of $87,468 counts as $75,000 (and schooling 19.1 as 18)."""
    ireland = BY_ISO3["IRL"]
    assert float(ireland.gnipc) > 75000
    report = hdi_report(ireland, tmp_path)
    pillars = pillar_scores(report)
    assert pillars["income"] == 100.0
    assert pillars["education"] == pytest.approx((100 + 100 * 11.6569568 / 15) / 2)
    # Without the caps the index would be 0.968, not the published 0.950.
    assert round(hdi(ireland, cap=False), 3) != ireland.published
    assert round(overall_score(report) / 100, 3) == ireland.published == 0.950


@pytest.mark.parametrize("country", COUNTRIES, ids=lambda c: c.iso3)
def test_cli_json_gives_the_same_scores(country: Country, tmp_path: Path) -> None:
    path = write_hdi_file(country, tmp_path)
    result = CliRunner().invoke(app, ["show", "--data", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    payload: dict[str, Any] = json.loads(result.stdout)
    assert payload["year"] == YEAR
    overall = payload["overall"]["result"]["score"]
    assert isinstance(overall, float)
    assert round(overall / 100, 3) == country.published
    library = hdi_report(country, tmp_path)
    assert overall == overall_score(library)
    from_cli = {p["id"]: p["result"]["score"] for p in payload["pillars"]}
    assert from_cli == pillar_scores(library)
