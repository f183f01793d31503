"""The first pass over a plan GML: IMRO or not, complete or not, what it holds."""

from __future__ import annotations

import pytest

from bouwstroom_qgis.core.errors import InputError
from bouwstroom_qgis.core.imro_file import inspect_gml


def test_counts_and_versions(shared_data):
    imro = shared_data / "imro"
    gieterveen = inspect_gml(imro / "NL.IMRO.1680.1800030105-0000.gml")
    assert gieterveen.version == "IMRO2008"
    assert gieterveen.counts == {
        "Bouwvlak": 88,
        "Enkelbestemming": 84,
        "Dubbelbestemming": 6,
        "Bouwaanduiding": 6,
        "Gebiedsaanduiding": 7,
        "Functieaanduiding": 18,
        "Bestemmingsplangebied": 1,
    }
    assert len(gieterveen.arcs.radius) == 18
    assert gieterveen.data is None
    assert inspect_gml(imro / "2006.gml").version == "IMRO2006"
    assert inspect_gml(imro / "2012_10.gml").version == "IMRO2012"


def test_single_objects_are_wrapped(shared_data):
    plan = inspect_gml(shared_data / "imro" / "enkelbestemming.gml")
    assert plan.counts == {"Enkelbestemming": 1}
    assert plan.data is not None
    assert plan.data.lstrip().startswith(b"<wrap:FeatureCollection")
    assert plan.data.endswith(b"</wrap:featureMember></wrap:FeatureCollection>")
    declared = inspect_gml(shared_data / "imro" / "gebiedsaanduiding.gml")
    assert declared.data is not None
    assert declared.data.startswith(b'<?xml version="1.0" encoding="UTF-8"?><wrap:')


def test_damaged_documents(shared_data, tmp_path):
    data = (shared_data / "imro" / "2012_10.gml").read_bytes()
    cut = tmp_path / "cut.gml"
    cut.write_bytes(data[:-200])
    with pytest.raises(InputError, match=r"cut.gml: is not a complete XML document \("):
        inspect_gml(cut)
    garbled = tmp_path / "garbled.gml"
    garbled.write_bytes(data.replace(b"</imro:naam>", b"</imro:nam>", 1))
    with pytest.raises(InputError, match="mismatched tag"):
        inspect_gml(garbled)
    empty = tmp_path / "empty.gml"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="is not an IMRO plan"):
        inspect_gml(empty)
