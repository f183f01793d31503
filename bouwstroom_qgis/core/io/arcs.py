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

Every reader uses this: ``read_vector`` for any GML (a BRK Kadastrale Kaart may hold
arcs as well as an IMRO plan) and the IMRO plan reader. Curves in other formats
(GeoPackage CurvePolygon, ...) cannot be inspected before GDAL strokes them; they get
``GENERIC_STEP_DEG``, which keeps chords within 1 cm of arcs up to a radius of 1 km.
"""

from __future__ import annotations

import contextlib
import logging
import mmap
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bouwstroom_qgis.core.io.gdal import gdal_options
from bouwstroom_qgis.core.io.gml import is_gml
from bouwstroom_qgis.core.report import Report

log = logging.getLogger(__name__)

ARC_TOLERANCE_M = 0.01  # largest distance between a chord and its arc, in metres
MAX_STEP_DEG = 4.0  # GDAL's default; never coarser than this
MIN_STEP_DEG = 0.1  # below this an "arc" is a digitised straight line; cap the vertex count
GENERIC_STEP_DEG = 0.5  # 1000 m · (1 − cos(0.25°)) = 0.95 cm

_CURVE = re.compile(
    rb"<(?:[\w.-]+:)?(Arc|ArcString|Circle)\b[^>]*>(.*?)</(?:[\w.-]+:)?\1\s*>", re.S
)
_POS = re.compile(rb"<(?:[\w.-]+:)?(?:posList|pos)\b([^>]*)>([^<]*)<")
_DIMENSION = re.compile(rb'srsDimension\s*=\s*["\'](\d)')
# Curve segments GDAL can read but whose radius this module does not derive.
_UNCHECKED_CURVE = re.compile(
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


def find_arcs(document: bytes | mmap.mmap) -> Arcs:
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


def count_unchecked(document: bytes | mmap.mmap) -> int:
    """Curve segments by centre point or bulge, whose chords this module cannot bound."""
    return len(_UNCHECKED_CURVE.findall(document))


def step_for(
    arcs: Arcs, unchecked: int, report: Report, label: str, tolerance: float = ARC_TOLERANCE_M
) -> float:
    """The step for one document's arcs; what ``tolerance`` cannot cover goes to ``report``.

    Parameters
    ----------
    arcs : Arcs
        The document's arcs and circles (``find_arcs``).
    unchecked : int
        Its curve segments of kinds whose radius is not derived (``count_unchecked``).
    report : Report
        Receives a warning for arcs so flat that even ``MIN_STEP_DEG`` exceeds the
        tolerance, and one for unchecked segments: the stated bound is never claimed
        silently where it does not hold.
    label : str
        How the report names the document.
    tolerance : float
        Largest distance between a chord and its arc, metres.

    Returns
    -------
    float
        ``OGR_ARC_STEPSIZE`` in degrees (see ``arc_step_degrees``).
    """
    step = arc_step_degrees(arcs, tolerance)
    if len(arcs.radius):
        log.info(
            "%s: %d arcs and circles linearised in steps of %.3f°", label, len(arcs.radius), step
        )
    deviation = arcs.chord_deviation(step)
    beyond = deviation > tolerance
    if beyond.any():
        report.warn(
            label,
            f"arcs so flat that their chords stay up to {deviation.max():.3f} m from the arc",
            int(beyond.sum()),
        )
    if unchecked:
        report.warn(
            label, "arcs by centre point or bulge linearised without a checked tolerance", unchecked
        )
    return step


def file_step(path: Path, report: Report, label: str) -> float:
    """The step for reading ``path``: derived from its own arcs for GML, else the generic one.

    The GML is scanned through a memory map, so a large download is not read into memory.
    """
    if not is_gml(path) or path.stat().st_size == 0:
        return GENERIC_STEP_DEG
    with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as document:
        arcs, unchecked = find_arcs(document), count_unchecked(document)
    return step_for(arcs, unchecked, report, label)


@contextlib.contextmanager
def linearised(step: float) -> Iterator[None]:
    """GDAL strokes curves read in this block in steps of ``step`` degrees."""
    # Three decimals, as arc_step_degrees rounds down: the text never exceeds the step.
    with gdal_options(OGR_ARC_STEPSIZE=f"{step:.3f}"):
        yield
