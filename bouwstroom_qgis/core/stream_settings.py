"""Typed settings of the build stream, the robustness analysis and stakeholder profiles.

The scenario's ``[stream]``, ``[robustness]`` and ``[profiles.<name>]`` sections are read
by :mod:`bouwstroom_qgis.core.scenario_stream` into these immutable dataclasses. They
live in a module of their own, importing nothing of the scenario, so that
:class:`~bouwstroom_qgis.core.scenario_model.Scenario` can hold them without an import
cycle.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

_LABEL = re.compile(r"^\s*(\d{4})\s*-\s*[Qq]([1-4])\s*$")


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter, e.g. ``Quarter(2027, 1)`` for ``2027-Q1``.

    Examples
    --------
    >>> Quarter.parse("2027-Q3").shifted(2).label
    '2028-Q1'
    """

    year: int
    quarter: int  # 1..4

    def __post_init__(self) -> None:
        if not 1 <= self.quarter <= 4:
            raise ValueError(f"quarter {self.quarter} must be 1, 2, 3 or 4")

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """``"2027-Q1"`` -> ``Quarter(2027, 1)``; raises ValueError for anything else."""
        found = _LABEL.match(text)
        if not found:
            raise ValueError(f"'{text}' is not a quarter like '2027-Q1'")
        return cls(int(found.group(1)), int(found.group(2)))

    @property
    def number(self) -> int:
        """Quarters since the start of year 0: consecutive quarters differ by 1."""
        return self.year * 4 + self.quarter - 1

    @property
    def label(self) -> str:
        return f"{self.year}-Q{self.quarter}"

    def shifted(self, quarters: int) -> Quarter:
        """The quarter ``quarters`` later (earlier when negative)."""
        year, index = divmod(self.number + int(quarters), 4)
        return Quarter(year, index + 1)

    def offset_of(self, other: Quarter) -> int:
        """How many quarters ``other`` lies after this one (negative when before)."""
        return other.number - self.number


@dataclass(frozen=True)
class StreamSettings:
    """How bundles are put into production (``[stream]``).

    Parameters
    ----------
    start : Quarter or None
        The first quarter of the stream: quarter index 0. Needed to plan.
    rates : mapping of str to int
        Homes started per quarter on each concept's production line, by concept name.
    default_rate : int or None
        Rate for concepts not in ``rates``; ``None`` makes such a concept an error.
    gap : int
        Minimum whole quarters between two bundles of one line (e.g. to move a crew);
        negative lets a bundle start that many quarters before the previous one ends.
    horizon : int or None
        Quarters the plan looks ahead from ``start``; bundles that could only start
        later are left out of the plan (and said so). None: no limit.
    """

    start: Quarter | None = None
    rates: Mapping[str, int] = field(default_factory=dict)
    default_rate: int | None = None
    gap: int = 0
    horizon: int | None = None


@dataclass(frozen=True)
class RobustnessSettings:
    """The Monte Carlo weight perturbation (``[robustness]``).

    Parameters
    ----------
    draws : int
        Number of perturbed weight sets.
    spread : float
        Each weight is multiplied by a factor drawn uniformly from
        ``[1 - spread, 1 + spread)``, then all are renormalised; ``0 <= spread < 1``.
    top_k : int
        The shortlist size whose membership is counted (also the consensus cut of the
        stakeholder profiles).
    seed : int
        Seed of the random generator: the same seed gives the same draws.
    """

    draws: int = 500
    spread: float = 0.2
    top_k: int = 50
    seed: int = 1


@dataclass(frozen=True)
class Profile:
    """A stakeholder's criterion weights (``[profiles.<name>]``).

    Parameters
    ----------
    name : str
        Identifier, e.g. ``"gemeente"``; the columns are ``score_<name>`` and
        ``rank_<name>``.
    weights : mapping of str to float
        Weight per criterion name, normalised to sum to 1 over the scenario's criteria;
        criteria the profile does not name weigh 0 in it.
    """

    name: str
    weights: Mapping[str, float]
