"""Every setting of the plugin, declared once with its key, default and meaning.

Settings live in the user's QGIS profile under ``bouwstroom/``.
"""

from __future__ import annotations

from dataclasses import dataclass

from qgis.core import QgsSettings

PREFIX = "bouwstroom"


@dataclass(frozen=True)
class Setting:
    """One text setting in the QGIS profile."""

    key: str
    default: str
    description: str

    @property
    def path(self) -> str:
        return f"{PREFIX}/{self.key}"

    def value(self) -> str:
        return str(QgsSettings().value(self.path, self.default, type=str) or self.default)

    def set_value(self, value: str) -> None:
        QgsSettings().setValue(self.path, value)

    def reset(self) -> None:
        QgsSettings().remove(self.path)


ENGINE_PYTHON = Setting(
    "engine/python",
    "",
    "Python interpreter that runs the engine; empty: QGIS's own Python when it has "
    "geopandas and shapely 2, else the dedicated engine environment",
)
LANGUAGE = Setting(
    "ui/language",
    "",
    "Language of the interface and the score explanations (nl or en); empty: QGIS's language",
)

ALL = (ENGINE_PYTHON, LANGUAGE)
