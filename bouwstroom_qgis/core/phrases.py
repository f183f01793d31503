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
