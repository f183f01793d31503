"""GDAL settings for one block, and a library's reason for a failure in one line."""

from __future__ import annotations

import pyogrio
import pyogrio.errors
import pytest

from bouwstroom_qgis.core.io.gdal import gdal_options, reason


def test_gdal_options_are_restored():
    before = pyogrio.get_gdal_config_option("OGR_ARC_STEPSIZE")
    with gdal_options(OGR_ARC_STEPSIZE="0.5"):
        assert pyogrio.get_gdal_config_option("OGR_ARC_STEPSIZE") == "0.5"
    assert pyogrio.get_gdal_config_option("OGR_ARC_STEPSIZE") == before
    with pytest.raises(RuntimeError), gdal_options(OGR_ARC_STEPSIZE="1"):
        raise RuntimeError
    assert pyogrio.get_gdal_config_option("OGR_ARC_STEPSIZE") == before


def test_reason_keeps_the_cause_on_one_line(tmp_path):
    sqlite = RuntimeError(
        'sqlite3_prepare_v2(SELECT fid, geom FROM "n2000"\nWHERE gebied = 1) failed: '
        "no such column: gebied"
    )
    assert reason(sqlite) == "no such column: gebied"
    assert reason(ValueError("Bad value.; use a number")) == "Bad value"
    assert reason(KeyError()) == "KeyError"
    long = reason(RuntimeError("x" * 500))
    assert len(long) == 160 and long.endswith("...")
    with pytest.raises(pyogrio.errors.DataSourceError) as caught:
        pyogrio.read_info(tmp_path / "missing.gpkg")
    text = reason(caught.value)
    assert "\n" not in text and "missing.gpkg" in text
