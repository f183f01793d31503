"""The PDF report: one page per shortlisted site after the overview, text that can be read."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pyogrio
import pytest

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.export.report_pages import overview_count
from bouwstroom_qgis.core.export.tables import read_result
from tests.unit.test_export import TOP, exported


def pdf_text(path: Path) -> list[str]:
    """The text of each page, as a reader extracts it (pypdf, else poppler's pdftotext)."""
    try:
        from pypdf import PdfReader
    except ImportError:
        if not shutil.which("pdftotext"):
            pytest.fail("reading the PDF needs pypdf (pip install pypdf) or poppler-utils")
        done = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        )
        return done.stdout.split("\f")[:-1]
    return [page.extract_text() for page in PdfReader(path).pages]


@pytest.fixture(scope="module")
def export_dir(tmp_path_factory) -> Path:
    return exported(tmp_path_factory)


@pytest.fixture(scope="module")
def pages(export_dir: Path) -> list[str]:
    return pdf_text(export_dir / "shortlist.pdf")


def test_one_page_per_site_after_the_overview(export_dir: Path, pages) -> None:
    tables = read_result(export_dir / "shortlist.gpkg")
    assert overview_count(tables) == 2  # the overview and the stream plan
    assert len(pages) == 2 + TOP


def test_site_pages_name_their_site_in_rank_order(export_dir: Path, pages) -> None:
    sites = pyogrio.read_dataframe(
        export_dir / "shortlist.gpkg", layer="sites", read_geometry=False
    )
    best = sites.sort_values(s.RANK)[s.SITE_ID].head(TOP).tolist()
    for rank, (site_id, text) in enumerate(zip(best, pages[2:], strict=True), start=1):
        assert f"Locatie {site_id}" in text
        assert f"rang {rank} van 239" in text
        assert "Kerngegevens" in text and "Opbouw van de score" in text
    assert "pagina 3" in pages[2] and f"pagina {2 + TOP}" in pages[-1]


def test_overview_pages_hold_the_summaries_and_the_stream(pages) -> None:
    overview, stream = pages[0], pages[1]
    assert "Shortlist locaties" in overview and "239 gerangschikte locaties" in overview
    assert "Per gemeente" in overview and "Zwikkerborg" in overview
    assert "Per corporatie" in overview and "Woonstichting Lindeveen" in overview
    assert "Bouwstroom" in stream and "B01" in stream and "2027-Q1" in stream


def test_bundled_sites_show_their_bundle_and_start(pages) -> None:
    first = pages[2]  # rank 1 has homes, so it is in bundle B01 from 2027-Q1
    assert "B01" in first and "2027-Q1 – 2027-Q2" in first


def test_pdf_has_no_creation_date(export_dir: Path) -> None:
    data = (export_dir / "shortlist.pdf").read_bytes()
    assert b"/CreationDate" not in data
    assert b"/FontFile2" in data  # TrueType embedded: the text is extractable
