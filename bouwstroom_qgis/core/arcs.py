"""Arcs and circles in GML: how far GDAL's straight chords may stray, and the step that bounds it.

GDAL linearises a ``gml:Arc``/``gml:ArcString``/``gml:Circle`` into chords that each span
at most ``OGR_ARC_STEPSIZE`` degrees of the circle (``OGR_ARC_MAX_GAP`` is not applied to
GML curves, checked with GDAL 3.12). A chord spanning an angle ``θ`` on a circle of
radius ``r`` lies at most the sagitta

    d = r · (1 − cos(θ / 2))

from the true arc, so one step angle can only bound ``d`` for a known largest radius.
``arc_step_degrees`` therefore derives the step per file from its own arcs: the largest
step for which every arc that bends more than the tolerance stays within it,

    θ = 2 · arccos(1 − tolerance / r_max).

An arc whose whole chord (start to end) is already within the tolerance needs no
steps at all and does not constrain ``θ``. The area between a linearised arc and the true
arc is at most ``d · L`` for an arc of length ``L``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

ARC_TOLERANCE_M = 0.01  # largest distance between a chord and its arc, in metres
MAX_STEP_DEG = 4.0  # GDAL's default; never coarser than this
MIN_STEP_DEG = 0.1  # below this an "arc" is a digitised straight line; cap the vertex count

_CURVE = re.compile(
    rb"<(?:[\w.-]+:)?(Arc|ArcString|Circle)\b[^>]*>(.*?)</(?:[\w.-]+:)?\1\s*>", re.S
)
_POS = re.compile(rb"<(?:[\w.-]+:)?(?:posList|pos)\b([^>]*)>([^<]*)<")
_DIMENSION = re.compile(rb'srsDimension\s*=\s*["\'](\d)')
# Curve segments GDAL can read but whose radius this module does not derive.
UNCHECKED_CURVE = re.compile(
    rb"<(?:[\w.-]+:)?(ArcByCenterPoint|CircleByCenterPoint|ArcByBulge|ArcStringByBulge)\b"
)


@dataclass(frozen=True)
class Arcs:
    """Circular pieces of a document: radius (m), swept angle (rad) and length (m) each."""

    radius: np.ndarray
    angle: np.ndarray

    @property
    def length(self) -> np.ndarray:
        finite = np.isfinite(self.radius)
        return np.where(finite, np.where(finite, self.radius, 0.0) * self.angle, 0.0)

    def chord_deviation(self, step_deg: float | None = None) -> np.ndarray:
        """Largest distance (m) between each arc and its chords at ``step_deg``.

        With ``step_deg=None`` the deviation of the single chord from start to end.
        """
        angle = self.angle if step_deg is None else np.minimum(self.angle, np.radians(step_deg))
        finite = np.isfinite(self.radius)
        return np.where(finite, self.radius, 0.0) * (1.0 - np.cos(angle / 2.0))


def _points(inner: bytes) -> np.ndarray:
    """All control points (x, y) of one curve element, in order."""
    chunks = []
    for attributes, text in _POS.findall(inner):
        dimension = _DIMENSION.search(attributes)
        values = np.array(text.split(), dtype=float)
        chunks.append(values.reshape(-1, int(dimension.group(1)) if dimension else 2)[:, :2])
    return np.concatenate(chunks) if chunks else np.empty((0, 2))


def _triples(kind: bytes, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Control-point triples (start, middle, end) and whether each is a full circle."""
    if kind == b"Circle":
        return points[None, :3], np.array([True])
    count = (len(points) - 1) // 2  # an ArcString of 2n+1 points holds n arcs
    starts = np.arange(count) * 2
    triples = np.stack([points[starts], points[starts + 1], points[starts + 2]], axis=1)
    return triples, np.zeros(count, dtype=bool)


def circle_arcs(triples: np.ndarray, full: np.ndarray) -> Arcs:
    """Radius and swept angle of arcs through three points (start, middle, end).

    Worked in coordinates relative to the start point, so that RD coordinates of hundreds
    of kilometres do not swamp arcs of a metre. Collinear points give an infinite radius
    (a straight piece, no deviation).
    """
    b = triples[:, 1] - triples[:, 0]
    c = triples[:, 2] - triples[:, 0]
    bb, cc = (b**2).sum(axis=1), (c**2).sum(axis=1)
    d = 2.0 * (b[:, 0] * c[:, 1] - b[:, 1] * c[:, 0])
    straight = np.abs(d) <= 1e-9 * np.sqrt(bb * cc)
    d = np.where(straight, 1.0, d)
    ux = (c[:, 1] * bb - b[:, 1] * cc) / d
    uy = (b[:, 0] * cc - c[:, 0] * bb) / d
    radius = np.where(straight, np.inf, np.hypot(ux, uy))
    turn = 2.0 * np.pi
    start = np.arctan2(-uy, -ux)
    to_mid = np.mod(np.arctan2(b[:, 1] - uy, b[:, 0] - ux) - start, turn)
    to_end = np.mod(np.arctan2(c[:, 1] - uy, c[:, 0] - ux) - start, turn)
    # Counter-clockwise from start to end passes the middle point, or the arc goes round.
    angle = np.where(to_mid <= to_end, to_end, turn - to_end)
    angle = np.where(full, turn, angle)
    return Arcs(radius=radius, angle=np.where(straight, 0.0, angle))


def find_arcs(document: bytes) -> Arcs:
    """Every ``gml:Arc``, ``gml:ArcString`` and ``gml:Circle`` in a GML document."""
    triples, full = [], []
    for kind, inner in _CURVE.findall(document):
        points = _points(inner)
        if len(points) >= 3:
            t, f = _triples(kind, points)
            triples.append(t)
            full.append(f)
    if not triples:
        return Arcs(radius=np.empty(0), angle=np.empty(0))
    return circle_arcs(np.concatenate(triples), np.concatenate(full))


def arc_step_degrees(arcs: Arcs, tolerance: float = ARC_TOLERANCE_M) -> float:
    """The coarsest ``OGR_ARC_STEPSIZE`` (degrees) keeping every chord within ``tolerance`` m.

    Clamped to ``MIN_STEP_DEG``–``MAX_STEP_DEG``; check ``chord_deviation(step)`` for
    arcs so flat (radius of tens of kilometres) that even the smallest step exceeds it.
    """
    bends = arcs.chord_deviation() > tolerance
    if not bends.any():
        return MAX_STEP_DEG
    radius = arcs.radius[bends].max()
    step = np.degrees(2.0 * np.arccos(1.0 - tolerance / radius))
    # Round down to 1/1000 degree so the text GDAL parses never exceeds the derived step.
    step = np.floor(step * 1000.0) / 1000.0
    return float(np.clip(step, MIN_STEP_DEG, MAX_STEP_DEG))
