"""Errors a user can act on: each prints as one line, never as a traceback."""

from __future__ import annotations

from pathlib import Path


class BouwstroomError(Exception):
    """An error caused by input or configuration, explained in one line."""


class InputError(BouwstroomError):
    """Bad input data, naming the file, layer and feature where known, and what to do.

    Examples
    --------
    >>> str(InputError("has no CRS", path="a.gpkg", layer="parcels", hint="assign EPSG:28992"))
    "a.gpkg, layer 'parcels': has no CRS; assign EPSG:28992"
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        layer: str | None = None,
        feature: object = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.path = None if path is None else str(path)
        self.layer = layer
        self.feature = feature
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [p for p in (self.path,) if p]
        if self.layer:
            where.append(f"layer '{self.layer}'")
        if self.feature is not None:
            where.append(f"feature {self.feature}")
        text = f"{', '.join(where)}: {self.message}" if where else self.message
        return f"{text}; {self.hint}" if self.hint else text


class ScenarioError(BouwstroomError):
    """A scenario that cannot be used, naming the file and line where known."""

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None):
        self.message = message
        self.path = None if path is None else str(path)
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path or "scenario"
        if self.line is not None:
            where += f", line {self.line}"
        return f"{where}: {self.message}"


class OutputError(BouwstroomError):
    """An output that cannot be written (exists without --overwrite, no permission, ...)."""


class Cancelled(BouwstroomError):
    """The user cancelled the run; nothing half-written is left behind."""

    def __init__(self) -> None:
        super().__init__("cancelled; no output was written")
