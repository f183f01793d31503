"""Scoring parcels from QGIS layers end to end against the command line, on the same data.

Run with QGIS's Python (Debian: ``/usr/bin/python3 benchmarks/qgis_vs_cli.py``) and the
engine's interpreter in ``BOUWSTROOM_ENGINE_PYTHON`` (default: ``.venv/bin/python``):

1. generates a sample region (default 100,000 parcels);
2. times ``bouwstroom run`` on it (fresh output folder: no cached metrics);
3. times the planner's dock doing the same from QGIS layers, from pressing *Run* to the
   styled, live-scored result in the project: once with the layers as the GeoPackage
   files (handed to the engine as they are) and once as memory layers (written out in
   bulk first), the worst case;
4. times one live re-ranking after a weight change.

The target (issue 5): QGIS end to end at most 2x the command line.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ENGINE = Path(
    os.environ.setdefault("BOUWSTROOM_ENGINE_PYTHON", str(ROOT / ".venv" / "bin" / "python"))
)

from qgis.core import QgsApplication, QgsFeatureRequest, QgsProject, QgsVectorLayer  # noqa: E402


def engine(*arguments: str) -> float:
    """Seconds one engine command takes."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    started = time.perf_counter()
    command = [str(ENGINE), "-m", "bouwstroom_qgis", "-q", *arguments]
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def wait(dock) -> None:
    while dock.task is not None:
        QgsApplication.processEvents()
        time.sleep(0.01)


def dock_run(dock, region: Path, out: Path, memory: bool) -> float:
    """Seconds from Run to the live, styled result, with the region's layers picked."""
    project = QgsProject.instance()
    picked = []
    for file, name in (
        ("percelen", "percelen"),
        ("bestemmingsplan", "Enkelbestemming"),
        ("gemeenten", "gemeente"),
    ):
        layer = QgsVectorLayer(f"{region / file}.gpkg|layername={name}", name, "ogr")
        if memory and name != "Enkelbestemming":  # zoning is read as the plan's GeoPackage
            layer = layer.materialize(QgsFeatureRequest())
        project.addMapLayer(layer)
        picked.append(layer)
    dock.inputs.parcels.setLayer(picked[0])
    dock.inputs.zoning.setLayer(picked[1])
    dock.inputs.boundaries.setLayer(picked[2])
    dock.out_dir.setFilePath(str(out))
    started = time.perf_counter()
    if not dock.start_run():
        raise RuntimeError([item.text() for item in dock.bar.items()])
    wait(dock)
    elapsed = time.perf_counter() - started
    if dock.live is None:
        raise RuntimeError([item.text() for item in dock.bar.items()])
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parcels", type=int, default=100_000)
    parser.add_argument("--work", type=Path, default=None, help="folder for the region and outputs")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bouwstroom_bench_"))
    region = work / "region"
    print(f"generating {args.parcels:,} parcels in {region} ...", flush=True)
    engine(
        "generate",
        "--parcels",
        str(args.parcels),
        "--seed",
        "1",
        "--out",
        str(region),
        "--overwrite",
    )
    scenario = region / "scenario.toml"
    cli = engine("run", str(scenario), "--out", str(work / "cli"), "--overwrite", "--no-cache")
    print(f"command line  bouwstroom run           {cli:7.1f} s", flush=True)

    app = QgsApplication([], False)
    app.initQgis()
    from bouwstroom_qgis.gui.dock import BouwstroomDock

    dock = BouwstroomDock(QgsProject.instance())
    dock.load_scenario(str(scenario))
    files = dock_run(dock, region, work / "qgis_files", memory=False)
    print(
        f"QGIS dock     GeoPackage layers        {files:7.1f} s  ({files / cli:.2f}x)", flush=True
    )
    memory = dock_run(dock, region, work / "qgis_memory", memory=True)
    print(
        f"QGIS dock     memory layers (exported) {memory:7.1f} s  ({memory / cli:.2f}x)", flush=True
    )
    count = dock.live.layer.featureCount()
    dock.weights.set_points("eigendom", 40)
    started = time.perf_counter()
    assert dock.rerank(details=False)
    rerank = time.perf_counter() - started
    print(f"live re-rank  {count:,} parcels (map)    {rerank:7.2f} s", flush=True)
    started = time.perf_counter()
    dock.live.write_details()
    details = time.perf_counter() - started
    print(f"  then contributions and explanations  {details:7.2f} s", flush=True)
    dock.unload()
    QgsProject.instance().clear()
    app.exitQgis()
    worst = max(files, memory) / cli
    print(f"worst QGIS / command line: {worst:.2f}x (target at most 2x)")
    return 0 if worst <= 2.0 else 1


if __name__ == "__main__":
    sys.exit(main())
