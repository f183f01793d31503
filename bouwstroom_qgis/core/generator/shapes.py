"""Irregular outlines: nature areas, archaeological zones and flood plains.

Real designated areas never follow a grid; a radius that wanders with a few random
harmonics gives outlines that look drawn rather than computed.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import shapely


def blobs(
    x: npt.ArrayLike,
    y: npt.ArrayLike,
    radius: npt.ArrayLike,
    rng: np.random.Generator,
    vertices: int = 72,
    roughness: float = 0.25,
) -> npt.NDArray[np.object_]:
    """Star-shaped irregular polygons around centres, one per centre.

    Parameters
    ----------
    x, y : array_like
        Centres in metres (EPSG:28992).
    radius : array_like
        Mean radius of each outline, in metres.
    rng : numpy.random.Generator
    vertices : int
        Points on each outline.
    roughness : float
        Amplitude of the largest harmonic relative to the radius; below 0.5 the
        radius stays positive, so every outline is a valid simple polygon.

    Returns
    -------
    numpy.ndarray of shapely.Polygon
    """
    x, y, radius = (np.atleast_1d(np.asarray(a, dtype=np.float64)) for a in (x, y, radius))
    n = x.size
    theta = np.linspace(0.0, 2 * np.pi, vertices, endpoint=False)
    harmonics = np.arange(2, 7)
    amplitude = rng.uniform(0.3, 1.0, (n, harmonics.size)) * roughness / (harmonics - 1)
    phase = rng.uniform(0.0, 2 * np.pi, (n, harmonics.size))
    wave = np.cos(harmonics[None, :, None] * theta[None, None, :] + phase[:, :, None])
    r = radius[:, None] * (1.0 + np.sum(amplitude[:, :, None] * wave, axis=1))
    coords = np.stack((x[:, None] + r * np.cos(theta), y[:, None] + r * np.sin(theta)), axis=-1)
    coords = np.concatenate((coords, coords[:, :1]), axis=1)
    return shapely.polygons(np.round(coords, 2))


def band(
    centre: float,
    start: float,
    end: float,
    half_width: tuple[float, float],
    rng: np.random.Generator,
    axis: str = "x",
    step: float = 100.0,
) -> shapely.Polygon:
    """A band of wandering width along a straight line, e.g. a flood plain along a canal.

    Parameters
    ----------
    centre : float
        Position of the line (x for a north-south line when ``axis`` is 'x').
    start, end : float
        Extent of the band along the line, in metres.
    half_width : (float, float)
        Smallest and largest distance from the line to each edge, in metres.
    axis : {'x', 'y'}
        'x' for a line at constant x, 'y' for one at constant y.
    """
    along = np.arange(start, end + step / 2, step)
    along[-1] = end
    lo, hi = half_width
    n = along.size
    # Smooth wandering: a random walk, low-pass filtered, scaled into [lo, hi].
    left, right = (np.convolve(rng.normal(size=n + 8), np.ones(9) / 9, "valid") for _ in "lr")
    left = lo + (hi - lo) * (left - left.min()) / max(np.ptp(left), 1e-9)
    right = lo + (hi - lo) * (right - right.min()) / max(np.ptp(right), 1e-9)
    taper = np.minimum(1.0, np.minimum(along - start, end - along) / (3 * step) + 0.2)
    left, right = left * taper, right * taper
    side_a = np.column_stack((centre - left, along))
    side_b = np.column_stack((centre + right, along))[::-1]
    ring = np.concatenate((side_a, side_b, side_a[:1]))
    if axis == "y":
        ring = ring[::-1, ::-1]
    return shapely.Polygon(np.round(ring, 2))
