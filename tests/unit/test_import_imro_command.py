"""`bouwstroom import-imro` run as users run it: a separate process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.zoning_gpkg import read_zoning_geopackage

ROOT = Path(__file__).resolve().parents[2]
GIETERVEEN = "NL.IMRO.1680.1800030105-0000.gml"


def bouwstroom(*args: object) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "bouwstroom_qgis", *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_converts_gieterveen(shared_data, tmp_path):
    out = tmp_path / "zoning.gpkg"
    result = bouwstroom("import-imro", shared_data / "imro" / GIETERVEEN, "--out", out)
    assert result.returncode == 0, result.stderr
    assert "Enkelbestemming           84  (wonen 37, bedrijf 12, agrarisch 10" in result.stderr
    assert "Bouwvlak                  88" in result.stderr
    assert "Created" not in result.stderr  # GDAL's chatter stays out
    table = read_zoning_geopackage(out)
    assert table[s.OBJECT_TYPE].value_counts().to_dict() == {
        s.BOUWVLAK: 88,
        s.ENKELBESTEMMING: 84,
        s.FUNCTIEAANDUIDING: 18,
        s.GEBIEDSAANDUIDING: 7,
        s.DUBBELBESTEMMING: 6,
        s.BOUWAANDUIDING: 6,
        s.BESTEMMINGSPLANGEBIED: 1,
    }
    enkel = table[table[s.OBJECT_TYPE] == s.ENKELBESTEMMING]
    assert enkel.geometry.area.sum() == pytest.approx(561826.38, abs=0.01)
    # a second run refuses to replace it, then replaces it with --overwrite
    again = bouwstroom("import-imro", shared_data / "imro" / GIETERVEEN, "--out", out)
    assert again.returncode == 2
    assert again.stderr.strip().endswith("exists; use --overwrite to replace it")
    forced = bouwstroom(
        "import-imro", shared_data / "imro" / GIETERVEEN, "--out", out, "--overwrite", "-q"
    )
    assert forced.returncode == 0
    assert forced.stderr == ""


def test_reports_unmapped_values(shared_data, tmp_path):
    result = bouwstroom(
        "import-imro", shared_data / "imro" / "2006.gml", "--out", tmp_path / "z.gpkg"
    )
    assert result.returncode == 0, result.stderr
    assert "hoofdgroep unknown for 'Archeologisch waardevol terrein'" in result.stderr


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda data, tmp: data / "brk" / "kadastralekaart_perceel.gml", "is not an IMRO plan"),
        (
            lambda data, tmp: _half(data / "imro" / GIETERVEEN, tmp / "half.gml"),
            "is not a complete XML document",
        ),
    ],
)
def test_bad_plan_one_line_no_output(shared_data, tmp_path, make, message):
    plan = make(shared_data, tmp_path)
    out_dir = tmp_path / "out"
    result = bouwstroom("import-imro", plan, "--out", out_dir / "zoning.gpkg")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"bouwstroom import-imro: error: {plan}: {message}")
    assert "Traceback" not in result.stderr
    assert not out_dir.exists() or list(out_dir.iterdir()) == []


def _half(source: Path, target: Path) -> Path:
    data = source.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    return target
