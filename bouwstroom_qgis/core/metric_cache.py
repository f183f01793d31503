"""Per-parcel metrics kept between runs, so a weight change only re-scores.

The cache key covers everything the metrics depend on: each input file's path, size and
modification time, the reader options and layers of the scenario, the residential
groups and the engine version. Anything else (weights, criteria, exclusions) may change
freely without recomputing the overlay.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
from pathlib import Path

import pandas as pd

from bouwstroom_qgis.core.io.atomic import atomic_path
from bouwstroom_qgis.core.scenario import Scenario
from bouwstroom_qgis.core.sources import Source

log = logging.getLogger(__name__)

# Bump when a metric's definition changes, so old caches are not reused.
METRICS_VERSION = 1


def _source_key(source: Source | None) -> object:
    if source is None:
        return None
    path = Path(source.path)
    stat = path.stat() if path.exists() else None
    return {
        "path": str(path.resolve()),
        "size": stat.st_size if stat else None,
        "mtime": stat.st_mtime_ns if stat else None,
        "layer": source.layer,
        "where": source.where,
        "options": {k: source.options[k] for k in sorted(source.options)},
    }


def metrics_key(scenario: Scenario) -> str:
    """Hex digest identifying the metrics a scenario's inputs produce."""
    layers = [
        {
            "name": spec.name,
            "kind": spec.kind,
            "source": _source_key(spec.source),
            "zoning": [spec.zoning_object, spec.zoning_group],
            "max_distance": spec.max_distance,
        }
        for spec in scenario.layers
    ]
    key = {
        "version": METRICS_VERSION,
        "parcels": _source_key(scenario.parcels),
        "zoning": [_source_key(z) for z in scenario.zoning],
        "holdings": [_source_key(h) for h in scenario.holdings],
        "boundaries": _source_key(scenario.boundaries),
        "layers": layers,
        "residential": list(scenario.residential_groups),
    }
    text = json.dumps(key, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


class MetricCache:
    """One metrics table per key in ``folder``; a failed read is a miss, never an error."""

    def __init__(self, folder: Path, scenario: Scenario) -> None:
        self.folder = Path(folder)
        self.key = metrics_key(scenario)

    @property
    def path(self) -> Path:
        return self.folder / f"metrics-{self.key}.pkl"

    def load(self) -> pd.DataFrame | None:
        if not self.path.exists():
            return None
        try:
            table = pd.read_pickle(self.path)
        except Exception as error:  # a cache from another pandas version is just stale
            log.info("metrics cache not usable (%s); computing again", error)
            return None
        log.info("metrics taken from the cache %s", self.path.name)
        return table

    def store(self, table: pd.DataFrame) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("metrics-*.pkl"):
            with contextlib.suppress(OSError):
                old.unlink()
        with atomic_path(self.path, overwrite=True) as tmp:
            table.to_pickle(tmp)
