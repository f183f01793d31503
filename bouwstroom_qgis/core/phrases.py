"""The fixed words of the one-line explanations, in Dutch and English.

Standard library only: the engine's explanations (:mod:`core.explain`) and the QGIS
dock's live ones (:mod:`bouwstroom_qgis.live_explain`, numpy only) read the same table,
so a live line reads exactly as the engine's.
"""

from __future__ import annotations

PHRASES: dict[str, dict[str, str]] = {
    "nl": {
        "points": "punten",
        "unknown": "onbekend",
        "excluded": "uitgesloten",
        "residential": "wonen",
        "owned": "in bezit",
        "in": "in",
        "compactness": "compactheid",
    },
    "en": {
        "points": "points",
        "unknown": "unknown",
        "excluded": "excluded",
        "residential": "residential",
        "owned": "owned",
        "in": "in",
        "compactness": "compactness",
    },
}

# Numbers in the explanations: a decimal comma in Dutch, a point in English. Thousands
# are grouped by a space (12 500 m²), which reads the same in both languages and never
# looks like a decimal mark.
DECIMAL_MARK = {"nl": ",", "en": "."}


def decimal(value: float, digits: int, language: str) -> str:
    """``8,1`` in Dutch, ``8.1`` in English (``digits`` decimals)."""
    return f"{value:.{digits}f}".replace(".", DECIMAL_MARK.get(language, "."))


def short_number(value: float, language: str) -> str:
    """The shortest form of a rounded value: ``0,85``, ``3``, ``12,5``."""
    return f"{value:g}".replace(".", DECIMAL_MARK.get(language, "."))


def max_points(value: float, language: str) -> str:
    """Maximum points of a criterion: ``30`` or ``23,4``."""
    text = decimal(value, 1, language)
    return text[:-2] if text[-2:] in (",0", ".0") else text


def square_metres(value: float) -> str:
    """``850 m²``, ``4350 m²``, ``12 500 m²``: digits grouped by a space from 10 000 on."""
    text = f"{value:.0f}" if value < 10000 else f"{value:,.0f}".replace(",", " ")
    return f"{text} m²"


def distance(value: float, cap: float, language: str) -> str:
    """``850 m``, ``1,9 km``; a negative value is "at or beyond the search distance"."""
    if value < 0:
        return f"≥ {short_number(round(cap / 1000, 1), language)} km"
    return f"{value:.0f} m" if value < 1000 else f"{decimal(value / 1000, 1, language)} km"
