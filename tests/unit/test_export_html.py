"""The HTML report: one self-contained page, a section per site, bars that add up."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pyogrio
import pytest

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.export.html import bars, table_html
from tests.unit.test_export import TOP, exported


class Sections(HTMLParser):
    """Collects section ids and checks that every tag opened is closed."""

    VOID = frozenset({"meta", "img", "br", "link"})

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        if tag == "section":
            self.ids.append(dict(attrs)["id"])
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        assert self.stack.pop() == tag


@pytest.fixture(scope="module")
def html(tmp_path_factory) -> str:
    return (exported(tmp_path_factory) / "shortlist.html").read_text(encoding="utf-8")


def test_page_is_well_formed_with_a_section_per_site(tmp_path_factory, html: str) -> None:
    parser = Sections()
    parser.feed(html)
    assert parser.stack == []
    sites = pyogrio.read_dataframe(
        exported(tmp_path_factory) / "shortlist.gpkg", layer="sites", read_geometry=False
    )
    best = sites.sort_values(s.RANK)[s.SITE_ID].head(TOP).tolist()
    assert parser.ids == ["overview", *best]


def test_page_needs_no_other_file(html: str) -> None:
    assert not re.search(r'(src|href)="(?!data:|#)', html)
    assert "<style>" in html and "font-family" in html
    assert '<html lang="nl">' in html


def test_overview_tables_and_bundles(html: str) -> None:
    assert "Per gemeente" in html and "Zwikkerborg" in html
    assert "B01" in html and "2027-Q1" in html
    assert html.count("<table") >= 2 + TOP


def test_bars_scale_to_the_largest_possible() -> None:
    text = bars([("a", 12.5, 25.0), ("b", 25.0, 25.0)])
    assert "width:50.0%" in text and "width:100.0%" in text
    assert "12.5 / 25" in text


def test_tables_escape_their_text() -> None:
    text = table_html(["naam", "n"], [["<b>&", "3"]])
    assert "&lt;b&gt;&amp;" in text and '<td class="num">3</td>' in text
