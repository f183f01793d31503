"""Densities on real site shapes: the Gieterveen plan's 37 wonen areas as sites.

Each Enkelbestemming "wonen" of bestemmingsplan Gieterveen (Aa en Hunze) is laid out with
every shipped concept twice: as a bare shape, and inside the plan, where buildings must
stand in its Bouwvlakken (those of the existing houses). Prints homes, sites with homes
and homes per hectare per concept; the figures are in docs/engine.md.

Usage: python benchmarks/capacity_gieterveen.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import geopandas as gpd  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from bouwstroom_qgis.core import schema as s  # noqa: E402
from bouwstroom_qgis.core.capacity import estimate_capacity  # noqa: E402
from bouwstroom_qgis.core.concepts import load_concepts  # noqa: E402
from bouwstroom_qgis.core.imro import read_imro_plan  # noqa: E402
from bouwstroom_qgis.core.report import Report  # noqa: E402

PLAN = "imro/NL.IMRO.1680.1800030105-0000.gml"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    plan = read_imro_plan(args.data / PLAN, Report())
    zoning = gpd.GeoDataFrame(pd.concat(list(plan.values()), ignore_index=True), crs=s.RD_NEW)
    enkel = plan["Enkelbestemming"]
    wonen = enkel[enkel[s.HOOFDGROEP] == "wonen"].reset_index(drop=True)
    sites = gpd.GeoDataFrame(
        {s.SITE_ID: wonen[s.IDENTIFICATIE]}, geometry=wonen.geometry, crs=s.RD_NEW
    )
    hectares = sites.area.to_numpy() / 10_000
    print(
        f"{len(sites)} wonen areas, {hectares.sum():.1f} ha: median {np.median(hectares):.2f} ha,"
        f" {hectares.min():.2f} to {hectares.max():.2f} ha"
    )
    concepts = load_concepts()
    for title, zoned in (("bare shapes", None), ("in the plan, in its Bouwvlakken", zoning)):
        table = estimate_capacity(sites, concepts, zoning=zoned).table
        print(title)
        for concept in concepts:
            homes = table[f"{s.HOMES_PREFIX}{concept.name}"].to_numpy()
            built = homes > 0
            density = homes / hectares
            median = np.median(density[built]) if built.any() else 0.0
            print(
                f"  {concept.name:20s} {homes.sum():4d} homes on {built.sum():2d} sites,"
                f" median {median:4.1f}, most {density.max():4.1f} homes/ha"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
