"""Where the shipped resources live, in a checkout and in the installed plugin zip."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resources_dir() -> Path:
    """The ``resources`` folder: beside the package in a checkout, inside it in the zip."""
    for candidate in (_PACKAGE / "resources", _PACKAGE.parent / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"resources folder not found next to {_PACKAGE}")


def resource(*parts: str) -> Path:
    """Path of one shipped resource, e.g. ``resource("scenarios", "bouwstroom_noord.toml")``."""
    return resources_dir().joinpath(*parts)
