"""A GML cut short or garbled is refused before GDAL reads it as fewer features."""

from __future__ import annotations

from pathlib import Path

import pytest

from bouwstroom_qgis.core.errors import InputError
from bouwstroom_qgis.core.io.gml import check_complete, is_gml


def test_gml_by_suffix():
    assert is_gml(Path("plan.GML")) and is_gml(Path("perceel.xml"))
    assert not is_gml(Path("percelen.gpkg"))


def test_whole_documents_pass(shared_data):
    for path in (
        shared_data / "brk" / "kadastralekaart_perceel.gml",
        shared_data / "imro" / "2006.gml",
    ):
        check_complete(path)  # streamed from the file
        check_complete(path, path.read_bytes())


@pytest.mark.parametrize(
    ("cut", "reason"),
    [
        (lambda data: data[: len(data) // 2], "not a complete XML document ("),
        (lambda data: data.replace(b"</oz:sectie>", b"</oz:sectei>", 1), "mismatched tag"),
        (lambda data: b"", "no element found"),
        (lambda data: b"PK\x03\x04 not xml", "not well-formed (invalid token)"),
    ],
)
def test_cut_garbled_empty_or_not_xml(shared_data, tmp_path, cut, reason):
    data = cut((shared_data / "brk" / "kadastralekaart_perceel.gml").read_bytes())
    path = tmp_path / "perceel.gml"
    path.write_bytes(data)
    for given in (None, data):
        with pytest.raises(InputError) as caught:
            check_complete(path, given)
        message = str(caught.value)
        assert message.startswith(f"{path}: is not a complete XML document (")
        assert reason in message and "\n" not in message
        assert message.endswith("; the file is truncated or damaged; download or export it again")
