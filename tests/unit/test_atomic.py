import pytest

from bouwstroom_qgis.core.errors import OutputError
from bouwstroom_qgis.core.io.atomic import atomic_path


def test_success_moves_file_into_place(tmp_path):
    target = tmp_path / "out.csv"
    with atomic_path(target) as tmp:
        tmp.write_text("a\n")
        assert not target.exists()
    assert target.read_text() == "a\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_failure_leaves_nothing(tmp_path):
    target = tmp_path / "out.gpkg"
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        (tmp.parent / (tmp.name + "-wal")).write_text("x")
        raise RuntimeError("interrupted")
    assert list(tmp_path.iterdir()) == []


def test_existing_output_refused_without_overwrite(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old")
    with pytest.raises(OutputError, match="--overwrite"), atomic_path(target):
        pass
    with atomic_path(target, overwrite=True) as tmp:
        tmp.write_text("new")
    assert target.read_text() == "new"
