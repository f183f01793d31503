"""A fictional northern region to run the whole pipeline on: demo, tests and benchmarks.

``generate_region`` lays out villages and towns with street blocks, ribbons along
country roads and farmland around them, in the style of Groningen, Fryslân and
Drenthe, and writes parcels, zoning plans, holdings, constraints, amenities,
municipal boundaries and a scenario that runs on them. Everything is fictional and
follows from the parcel count and the seed: the same two numbers give the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bouwstroom_qgis.core.generator.assemble import FILES, Built, build_region, write_region
from bouwstroom_qgis.core.generator.write import region_folder
from bouwstroom_qgis.core.progress import Feedback

MIN_PARCELS = 1000
"""Fewer parcels cannot hold a village with its surroundings."""

MAX_PARCELS = 5_000_000
"""About 25,000 km², 6 GB of memory; the benchmarks go up to 2,000,000."""


@dataclass(frozen=True)
class RegionFiles:
    """Where a generated region was written, and how many features each file holds."""

    folder: Path
    scenario: Path
    readme: Path
    parcels: Path
    zoning: Path
    holdings: Path
    municipal_holdings: Path
    natura2000: Path
    noise: Path
    flood: Path
    amenities: Path
    municipalities: Path
    counts: dict[str, int] = field(default_factory=dict)


def generate_region(
    n_parcels: int,
    seed: int,
    out_dir: Path,
    overwrite: bool = False,
    feedback: Feedback | None = None,
) -> RegionFiles:
    """Generate a fictional northern region of exactly ``n_parcels`` parcels into ``out_dir``.

    Parameters
    ----------
    n_parcels : int
        Number of cadastral parcels, from ``MIN_PARCELS`` up; 5,000 make a few villages
        with their surroundings, 1,000,000 about 5,000 km² with a few hundred villages
        and towns (generated in about 10 s, 1.5 GB).
    seed : int
        Seed of ``numpy.random.default_rng``; the same count and seed give
        byte-identical files.
    out_dir : Path
        Folder to create. It is built beside its final place and renamed into place
        at the end, so an interrupted run leaves nothing half-written.
    overwrite : bool
        Replace an existing generated region (never an unrelated folder).
    feedback : Feedback, optional
        Progress and cancellation.

    Returns
    -------
    RegionFiles

    Raises
    ------
    ValueError
        For a parcel count outside ``MIN_PARCELS``–``MAX_PARCELS`` or a negative seed.
    OutputError
        When ``out_dir`` exists and may not be replaced.
    """
    if not MIN_PARCELS <= n_parcels <= MAX_PARCELS:
        raise ValueError(f"parcels must be between {MIN_PARCELS} and {MAX_PARCELS:,}")
    if seed < 0:
        raise ValueError("seed must be zero or positive")
    feedback = feedback or Feedback()
    out_dir = Path(out_dir)
    with region_folder(out_dir, overwrite) as work:
        built: Built = build_region(n_parcels, seed, feedback.step(0.0, 0.45))
        counts = write_region(built, work, feedback.step(0.45, 1.0))
    feedback.report(1.0, "region written")
    return RegionFiles(folder=out_dir, counts=counts, **{k: out_dir / v for k, v in FILES.items()})


__all__ = ["MAX_PARCELS", "MIN_PARCELS", "RegionFiles", "generate_region"]
