"""Headers and texts in Dutch and English; a readable name for every column a run writes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyogrio
import pytest

from bouwstroom_qgis.cli import main
from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.export.labels import (
    FAMILIES,
    HEADERS,
    LANGUAGES,
    TEXTS,
    alias,
    check_language,
    header,
    text,
)
from bouwstroom_qgis.core.generator import generate_region

_CACHE: dict[str, Path] = {}


def full_run(factory: pytest.TempPathFactory) -> Path:
    """``bouwstroom run --layouts`` on a generated region (3,000 parcels, seed 7), once.

    Sites of any owner, so that the small region has bundles; the shipped scenario's
    robustness and three profiles (gemeente, corporatie, bouwer); exported in Dutch.
    """
    if "run" not in _CACHE:
        region = generate_region(3000, 7, factory.mktemp("labels_region") / "r").scenario
        scenario = region.read_text(encoding="utf-8")
        region.write_text(
            scenario.replace('grouping = "same_owner"', 'grouping = "any_owner"'), encoding="utf-8"
        )
        out = factory.mktemp("labels_run")
        assert main(["--quiet", "run", str(region), "--out", str(out), "--layouts"]) == 0
        _CACHE["run"] = out
    return _CACHE["run"]


def run_columns(out: Path) -> dict[str, list[str]]:
    """Columns of every layer and table of the run's GeoPackage and of its CSV files."""
    gpkg = out / "shortlist.gpkg"
    tables = {
        str(name): [str(field) for field in pyogrio.read_info(gpkg, layer=str(name))["fields"]]
        for name in pyogrio.list_layers(gpkg)[:, 0]
        if name != "layer_styles"  # QGIS's own table, not the result's
    }
    for csv in sorted(out.glob("*.csv")):
        tables[csv.name] = pd.read_csv(csv, nrows=0).columns.tolist()
    return tables


def test_headers_of_fixed_columns_and_families() -> None:
    assert header("area_m2", "nl") == "Oppervlakte (m²)" and header("area_m2", "en") == "Area (m²)"
    assert header("c_station", "nl") == "Bijdrage station (punten)"
    assert header("dist_school", "en") == "Distance to school (m)"
    assert header("homes_twee_onder_een_kap", "nl") == "Woningen twee onder een kap"
    assert header("homes_x", "nl", {"x": "Rijwoning"}) == "Woningen Rijwoning"
    assert header("score_gemeente", "nl") == "Score in profiel gemeente (0–100)"
    assert header("rank_bouwer", "en") == "Rank in profile bouwer"
    assert header("eigen_kolom", "en") == "eigen_kolom"


def test_a_named_column_wins_over_a_family() -> None:
    assert header(s.RANK_P05, "nl") == "Rang 5e percentiel"  # not profile "p05"
    assert header("homes_started", "en") == "Homes started"  # not concept "started"
    assert header(s.SCORE, "nl") == "Score (0–100)"
    assert header("score_", "nl") == "score_"  # a prefix alone names nothing


def test_alias_is_empty_where_the_header_keeps_the_machine_name() -> None:
    assert alias("eigen_kolom", "nl") == "" and header("eigen_kolom", "nl") == "eigen_kolom"
    assert alias(s.START_QUARTER, "nl") == "Start bouw (kwartaal)"
    assert alias(s.END_QUARTER, "en") == "Last construction start (quarter)"
    assert alias(s.DENSITY, "nl") == "Dichtheid (woningen/ha)"
    with pytest.raises(ValueError):
        alias(s.AREA, "de")


def test_every_header_in_both_languages_and_every_pattern_with_one_name() -> None:
    for column, names in HEADERS.items():
        assert len(names) == len(LANGUAGES) and all(names), column
    for prefix, patterns in FAMILIES:
        assert [pattern.count("{}") for pattern in patterns] == [1, 1], prefix
    # the provenance sheet's headers are the provenance columns' headers
    assert text("sha256", "nl") == header("sha256", "nl") == "SHA-256"
    assert text("item", "en") == header("item", "en") == "Item"


def test_every_column_of_a_real_run_has_a_readable_name(tmp_path_factory) -> None:
    tables = run_columns(full_run(tmp_path_factory))
    assert sorted(tables) == [
        "bundles",
        "bundles.csv",
        "layouts",
        "parcels",
        "plan",
        "plan.csv",
        "provenance",
        "shortlist.csv",
        "sites",
        "sites.csv",
    ]
    counts = {name: len(columns) for name, columns in tables.items()}
    assert counts["parcels"] == counts["shortlist.csv"] == 48
    assert counts["sites"] == counts["sites.csv"] == 49
    assert counts["bundles"] == counts["bundles.csv"] == 15
    assert (counts["layouts"], counts["plan"], counts["provenance"]) == (4, 5, 5)
    for name, columns in tables.items():
        for language in LANGUAGES:
            names = [header(column, language) for column in columns]
            unnamed = [
                column for column, shown in zip(columns, names, strict=True) if shown == column
            ]
            assert unnamed == [], (name, language)
            assert len(set(names)) == len(names), (name, language)  # no two columns alike
    sites = dict(zip(tables["sites"], (header(c, "nl") for c in tables["sites"]), strict=True))
    assert sites["homes_compacte_rijwoning"] == "Woningen compacte rijwoning"
    assert sites["rank_p95"] == "Rang 95e percentiel"
    assert sites["consensus_rank"] == "Slechtste rang over de profielen"
    assert sites["bundle_reason"] == "Waarom in geen bundel"
    assert sites["ready_label"] == "Gereed voor start (kwartaal)"
    bundles = [header(column, "en") for column in tables["bundles"]]
    assert bundles[-4:] == [
        "Last site ready (quarter)",
        "Spread (km)",
        "Score (0–100)",
        "Homes × score",
    ]


def test_every_text_in_both_languages_with_the_same_fields() -> None:
    for key, (dutch, english) in TEXTS.items():
        assert dutch and english, key
        assert sorted(_fields(dutch)) == sorted(_fields(english)), key
    assert text("rank_of", "en", rank=2, n=9) == "rank 2 of 9"


def _fields(words: str) -> list[str]:
    import string

    return [name for _, name, _, _ in string.Formatter().parse(words) if name]


def test_languages() -> None:
    assert LANGUAGES == ("nl", "en") and check_language("en") == "en"
    with pytest.raises(ValueError, match="not one of nl, en"):
        check_language("de")


def test_numbers_are_grouped_the_way_each_language_writes_them():
    from bouwstroom_qgis.core.export.labels import number

    assert number(1765, "nl") == "1.765" and number(1765, "en") == "1,765"
    assert number(1234567.25, "nl", 2) == "1.234.567,25"
    assert number(1234567.25, "en", 2) == "1,234,567.25"
    assert number(12.5, "nl", 1) == "12,5" and number(7, "nl") == "7"


def test_module_needs_no_pandas_or_numpy() -> None:
    """The plugin reads the names inside QGIS, whose Python has no pandas."""
    code = (
        "import sys; import bouwstroom_qgis.core.export.labels; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pandas', 'numpy', 'qgis'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
