"""The engine must run without QGIS or Qt: no module in core may import them."""

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[2] / "bouwstroom_qgis" / "core"
FORBIDDEN = ("qgis", "PyQt5", "PyQt6", "PySide2", "PySide6", "osgeo")


def imported_roots(source: str) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("module", sorted(CORE.rglob("*.py")), ids=lambda p: p.name)
def test_core_module_imports_no_qgis(module):
    assert not imported_roots(module.read_text(encoding="utf-8")) & set(FORBIDDEN)


def test_detector_sees_a_qgis_import():
    assert "qgis" in imported_roots("from qgis.core import QgsVectorLayer\n")
