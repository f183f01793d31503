"""Provenance: fingerprints, inputs of a scenario, JSON round trip, rerun steps."""

from __future__ import annotations

import hashlib
from pathlib import Path

from bouwstroom_qgis.core.export.provenance import (
    AT_RUN,
    Provenance,
    check_inputs,
    collect_provenance,
    fingerprint,
    provenance_table,
    rerun_steps,
    scenario_inputs,
    tool_version,
)
from bouwstroom_qgis.core.scenario import parse_scenario
from bouwstroom_qgis.paths import resource

SCENARIO = """
[scenario]
name = "Proef"
[inputs.parcels]
path = "percelen.gpkg"
[[inputs.zoning]]
path = "plannen"
[layers.station]
kind = "amenity"
path = "poi.gpkg"
where = "soort = 'station'"
[layers.school]
kind = "amenity"
path = "poi.gpkg"
where = "soort = 'school'"
[[criteria]]
name = "station"
metric = "dist_station"
function = "linear"
direction = "cost"
range = [800, 5000]
weight = 1
"""


def folder(tmp_path: Path) -> Path:
    (tmp_path / "percelen.gpkg").write_bytes(b"parcels")
    (tmp_path / "poi.gpkg").write_bytes(b"poi")
    plans = tmp_path / "plannen"
    plans.mkdir()
    (plans / "b.gml").write_bytes(b"plan b")
    (plans / "a.gml").write_bytes(b"plan a")
    path = tmp_path / "scenario.toml"
    path.write_text(SCENARIO, encoding="utf-8")
    return path


def test_fingerprint_is_size_and_sha256(tmp_path: Path) -> None:
    path = tmp_path / "x.bin"
    data = bytes(range(256)) * 5000  # more than one read block
    path.write_bytes(data)
    assert fingerprint(path) == (len(data), hashlib.sha256(data).hexdigest())


def test_each_file_once_in_scenario_order_folders_expanded(tmp_path: Path) -> None:
    path = folder(tmp_path)
    scenario = parse_scenario(SCENARIO, path)
    found = [(role, p.name) for role, p in scenario_inputs(scenario)]
    assert found == [
        ("scenario", "scenario.toml"),
        ("parcels", "percelen.gpkg"),
        ("zoning", "a.gml"),
        ("zoning", "b.gml"),
        ("layer station", "poi.gpkg"),  # school reads the same file
        ("concepts", "concepts.toml"),
    ]
    assert scenario_inputs(scenario)[-1][1] == resource("concepts", "concepts.toml").resolve()


def test_record_round_trips_and_checks_its_inputs(tmp_path: Path) -> None:
    path = folder(tmp_path)
    provenance = collect_provenance(parse_scenario(SCENARIO, path), command="bouwstroom run x")
    assert Provenance.from_json(provenance.to_json()) == provenance
    assert (
        provenance.fingerprinted == AT_RUN
        and provenance.tool_version == tool_version() != "unknown"
    )
    assert dict(provenance.libraries)["GDAL"].startswith("3.")
    assert check_inputs(provenance) == []
    (tmp_path / "plannen" / "a.gml").write_bytes(b"plan A")
    (tmp_path / "poi.gpkg").unlink()
    assert check_inputs(provenance) == [
        f"{tmp_path / 'plannen' / 'a.gml'}: changed (size 6, was 6)",
        f"{tmp_path / 'poi.gpkg'}: missing",
    ]


def test_table_rows_and_rerun_steps(tmp_path: Path) -> None:
    provenance = collect_provenance(parse_scenario(SCENARIO, folder(tmp_path)), command="c")
    table = provenance_table(provenance)
    assert table["item"].tolist()[:5] == [
        "tool",
        "command",
        "working_dir",
        "fingerprinted",
        "scenario",
    ]
    assert (table["item"] == "input").sum() == 6
    assert table.loc[table["item"] == "scenario_text", "value"].item() == SCENARIO
    steps = rerun_steps(provenance, "en")
    assert str(tmp_path) in steps[0] and "bouwstroom run SCENARIO.toml" in steps[2]
    assert "Bewaar de scenariotekst" in rerun_steps(provenance, "nl")[0]
