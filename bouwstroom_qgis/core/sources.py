"""Where one input comes from: a file, a layer in it, a filter and reader options."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Source:
    """One input layer as named in a scenario or on the command line.

    Parameters
    ----------
    path : Path
        The file, already resolved against the scenario's folder.
    layer : str, optional
        Layer name; needed when the file holds more than one layer.
    where : str, optional
        OGR SQL attribute filter, e.g. ``"soort = 'station'"``.
    options : mapping
        Reader-specific settings from the scenario, e.g. ``id_field`` for parcels,
        ``value_field`` and ``mapping`` for zoning, ``owner_field``, ``owner_type_field``,
        ``key_field``, ``owner``, ``owner_type`` for holdings, ``name_field`` for boundaries.
    """

    path: Path
    layer: str | None = None
    where: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)

    def option(self, name: str, default: Any = None) -> Any:
        return self.options.get(name, default)

    @property
    def label(self) -> str:
        """How messages name this input: the file, plus the layer when one is chosen."""
        return f"{self.path}, layer '{self.layer}'" if self.layer else str(self.path)
