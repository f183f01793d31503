import hashlib
import time

import geopandas as gpd
import pyogrio
import pytest
import shapely

from bouwstroom_qgis.core.errors import OutputError
from bouwstroom_qgis.core.generator.write import (
    FIXED_DATE,
    fixed_gpkg_date,
    region_folder,
    write_layer,
)


def small_frame():
    return gpd.GeoDataFrame(
        {"a": [1, 2]}, geometry=[shapely.box(0, 0, 1, 1), shapely.box(2, 0, 3, 1)], crs=28992
    )


def test_geopackages_are_byte_identical_across_time(tmp_path):
    write_layer(small_frame(), tmp_path / "a.gpkg", "one")
    time.sleep(1.1)  # GeoPackages record the time of the last change, to the second
    write_layer(small_frame(), tmp_path / "b.gpkg", "one")
    digest = [hashlib.sha256((tmp_path / n).read_bytes()).hexdigest() for n in ("a.gpkg", "b.gpkg")]
    assert digest[0] == digest[1]
    assert pyogrio.get_gdal_config_option("OGR_CURRENT_DATE") is None  # restored afterwards
    info = pyogrio.read_info(tmp_path / "a.gpkg", layer="one")
    assert info["features"] == 2


def test_fixed_date_restores_a_previous_setting():
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": "2011-01-01T00:00:00Z"})
    try:
        with fixed_gpkg_date():
            assert pyogrio.get_gdal_config_option("OGR_CURRENT_DATE") == FIXED_DATE
        assert pyogrio.get_gdal_config_option("OGR_CURRENT_DATE") == "2011-01-01T00:00:00Z"
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": None})


def test_folder_appears_whole_on_success(tmp_path):
    out = tmp_path / "regio"
    with region_folder(out, overwrite=False) as work:
        assert work.parent == tmp_path and work.name.startswith(".regio.")
        (work / "scenario.toml").write_text("x")
        (work / "LEESMIJ.txt").write_text("y")
        assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["regio"]
    assert (out / "scenario.toml").read_text() == "x"


def test_failure_leaves_the_old_folder_untouched(tmp_path):
    out = tmp_path / "regio"
    out.mkdir()
    (out / "scenario.toml").write_text("old")
    (out / "LEESMIJ.txt").write_text("old")
    with pytest.raises(RuntimeError), region_folder(out, overwrite=True) as work:
        (work / "scenario.toml").write_text("new")
        raise RuntimeError("interrupted")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["regio"]
    assert (out / "scenario.toml").read_text() == "old"
    with region_folder(out, overwrite=True) as work:
        (work / "scenario.toml").write_text("new")
    assert (out / "scenario.toml").read_text() == "new" and not (out / "LEESMIJ.txt").exists()


def test_refuses_existing_or_unrelated_folders(tmp_path):
    with (
        pytest.raises(OutputError, match="use --overwrite"),
        region_folder(tmp_path, overwrite=False),
    ):
        pass
    (tmp_path / "thesis.docx").write_text("precious")
    with (
        pytest.raises(OutputError, match="not a generated region"),
        region_folder(tmp_path, overwrite=True),
    ):
        pass
    afile = tmp_path / "file"
    afile.write_text("x")
    with (
        pytest.raises(OutputError, match="not a generated region"),
        region_folder(afile, overwrite=True),
    ):
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "thesis.docx"]
