"""The bundling rules of a scenario (``[bundles]``) as typed, immutable configuration.

Bundles group scored sites into batches the build stream can produce in series: one
concept (or concept family), enough homes but not too many, close together, and ready
at about the same time. Parsing and validation live in
:mod:`bouwstroom_qgis.core.scenario_bundles`; readiness in
:mod:`bouwstroom_qgis.core.readiness`; the solvers in :mod:`bouwstroom_qgis.core.bundling`.

This module imports nothing from the scenario modules, so that the scenario model can
carry a :class:`BundleRules` without an import cycle.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from bouwstroom_qgis.core.stream_settings import Quarter

# Where the options come from.
BEST = "best"  # each site takes part with its best concept only
ANY = "any"  # any concept with homes on the site (the most homes per family)
CONCEPT_CHOICES = (BEST, ANY)
PER_CONCEPT = "concept"
PER_FAMILY = "family"
GROUPINGS = (PER_CONCEPT, PER_FAMILY)

AUTO = "auto"
CP_SAT = "cp-sat"
HEURISTIC = "heuristic"
SOLVERS = (AUTO, CP_SAT, HEURISTIC)

DEFAULT_STATUS_DELAY: Mapping[str, int] = MappingProxyType(
    {"vastgesteld": 0, "geconsolideerd": 0, "ontwerp": 2, "voorontwerp": 4, "concept": 4}
)
DEFAULT_READY_OWNER_TYPES = ("corporatie", "gemeente")


@dataclass(frozen=True)
class ReadinessRules:
    """How a site's earliest start quarter follows from its plan and its owner.

    A site's earliest start is ``plan delay + owner delay`` quarters after the
    scenario's start quarter.

    Parameters
    ----------
    status_delay : mapping of str to int
        Quarters of delay per plan status (``plan_status`` of the site).
    unknown_delay : int
        Quarters of delay when the plan status is unknown, or when the zoning must
        change first (the site's ``residential_share`` is unknown or below
        ``zoning_change_below``).
    zoning_change_below : float
        Residential share (0..1) below which the zoning must change.
    ready_owner_types : tuple of str
        Owner types that can start without acquiring the land.
    owner_delay : int
        Quarters of delay for any other or unknown owner type (acquisition).
    """

    status_delay: Mapping[str, int] = field(default_factory=lambda: DEFAULT_STATUS_DELAY)
    unknown_delay: int = 8
    zoning_change_below: float = 0.5
    ready_owner_types: tuple[str, ...] = DEFAULT_READY_OWNER_TYPES
    owner_delay: int = 4


@dataclass(frozen=True)
class BundleRules:
    """Hard rules and the solver for bundling sites (``[bundles]``).

    Parameters
    ----------
    min_homes, max_homes : int
        Homes per bundle, inclusive.
    max_spread_km : float
        Largest distance (km) between the centroids of two sites of one bundle.
    readiness_window : int
        Largest difference (quarters) between the earliest starts of two sites of one
        bundle.
    concepts : {"best", "any"}
        ``"best"``: each site takes part with its best concept (``best_concept``,
        ``homes``). ``"any"``: with any concept that has homes there
        (``homes_<concept>``), so a site may join a bundle of its second-best concept.
    per : {"concept", "family"}
        One concept per bundle, or one concept family (``families``).
    families : mapping of str to tuple of str
        Family name -> its concepts; concepts in no family are a family of their own.
    max_municipality_share, max_owner_share : float or None
        Largest share (0..1] of a bundle's homes on sites of one municipality or of
        one owner; ``None`` for no limit. Sites whose municipality or owner is unknown
        count towards no one's share.
    pinned : mapping of str to str
        Site id -> bundle name: pinned sites are bundled, sites pinned to one name
        together, to different names apart.
    excluded : tuple of str
        Site ids never bundled.
    solver : {"auto", "cp-sat", "heuristic"}
        ``"auto"`` uses OR-Tools CP-SAT when it is installed, else the built-in
        heuristic.
    time_limit : float
        Wall-clock seconds for CP-SAT, building its model included; its search stops
        on a deterministic clock at about 60 % of this, so that a rerun gives the same
        bundles. The heuristic, which runs first, stops by itself.
    start : Quarter or None
        The first quarter of the stream (readiness 0), for labels such as ``2027-Q1``;
        set from the scenario's ``[stream] start`` by the caller, not in ``[bundles]``.
    readiness : ReadinessRules
    """

    min_homes: int = 40
    max_homes: int = 150
    max_spread_km: float = 15.0
    readiness_window: int = 4
    concepts: str = BEST
    per: str = PER_CONCEPT
    families: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    max_municipality_share: float | None = None
    max_owner_share: float | None = None
    pinned: Mapping[str, str] = field(default_factory=dict)
    excluded: tuple[str, ...] = ()
    solver: str = AUTO
    time_limit: float = 20.0
    start: Quarter | None = None
    readiness: ReadinessRules = field(default_factory=ReadinessRules)

    @property
    def max_spread_m(self) -> float:
        """The maximum spread in metres (the coordinate unit of EPSG:28992)."""
        return self.max_spread_km * 1000.0

    def family_of(self, concepts: Mapping[str, str] | None = None) -> dict[str, str]:
        """Concept -> the key bundles are grouped by.

        Parameters
        ----------
        concepts : mapping of str to str, optional
            Concept -> family from the concept catalogue; the scenario's ``families``
            take precedence.

        Returns
        -------
        dict
            Empty when bundles are per concept (every concept is its own key).
        """
        if self.per == PER_CONCEPT:
            return {}
        found = dict(concepts or {})
        for family, members in self.families.items():
            for concept in members:
                found[concept] = family
        return found
